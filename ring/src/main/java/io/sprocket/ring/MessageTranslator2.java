package io.sprocket.ring;

import io.sprocket.message.Message;

/**
 * Writes a claimed message from two arguments, for {@link MessageRing#tryPublish(int,
 * MessageTranslator2, Object, Object)}, in the shape of the Disruptor's
 * {@code EventTranslatorTwoArg}.
 *
 * <p><b>Note:</b> called on the publishing thread, once per publish.
 *
 * @param <A> the first argument's type.
 * @param <B> the second argument's type.
 */
@FunctionalInterface
public interface MessageTranslator2<A, B> {
    /**
     * Fills the message.
     *
     * @param message  the claimed message, its length already set to the claimed length.
     * @param sequence its ring sequence.
     * @param arg0     the first argument given to {@code tryPublish}.
     * @param arg1     the second argument given to {@code tryPublish}.
     */
    void translateTo(Message message, long sequence, A arg0, B arg1);
}
