package io.sprocket.ring;

import io.sprocket.message.Message;

/**
 * Fills a claimed slot and says whether to publish it, for {@link MessageRing#tryFill(int,
 * MessageFiller, Object)}: the shape to use when the data may not all be there (a socket read that
 * comes up short) or when filling may fail. The claimed slot never leaves the ring's hands: the
 * ring publishes it when this answers true, and gives it back (cancels it, so every consumer skips
 * it) when this answers false or throws anything, an {@link Error} included. A slot that is
 * neither published nor cancelled would stop every consumer of the ring at its sequence, so this
 * is the structure that makes forgetting impossible.
 *
 * <p>Keep implementations stateless (a constant) and pass the data as the argument, so that
 * filling allocates nothing.
 *
 * <p><b>Note:</b> called on the claiming thread, once per successful claim.
 *
 * @param <A> the argument's type.
 */
@FunctionalInterface
public interface MessageFiller<A> {
    /**
     * Fills the message, or decides not to.
     *
     * @param message  the claimed message, its length already set to the claimed length.
     * @param sequence its ring sequence.
     * @param arg      the argument given to {@code tryFill}.
     * @return true to publish the message; false to give the slot back unpublished.
     */
    boolean fill(Message message, long sequence, A arg);
}
