package io.sprocket.ring;

import io.sprocket.message.Message;

/**
 * Writes a claimed message from one argument, for {@link MessageRing#tryPublish(int,
 * MessageTranslator, Object)}: the non-capturing way to publish, in the shape of the Disruptor's
 * {@code EventTranslatorOneArg}. Keep implementations stateless (a constant) and pass the data as
 * the argument, so that publishing allocates nothing.
 *
 * <p><b>Note:</b> called on the publishing thread, once per publish.
 *
 * @param <A> the argument's type.
 */
@FunctionalInterface
public interface MessageTranslator<A> {
    /**
     * Fills the message.
     *
     * @param message  the claimed message, its length already set to the claimed length.
     * @param sequence its ring sequence.
     * @param arg      the argument given to {@code tryPublish}.
     */
    void translateTo(Message message, long sequence, A arg);
}
