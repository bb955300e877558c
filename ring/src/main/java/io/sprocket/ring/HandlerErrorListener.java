package io.sprocket.ring;

import io.sprocket.message.Message;

/**
 * Told about every exception a {@link MessageHandler} throws, after the ring has counted it.
 *
 * <p>The default writes to {@link System.Logger} ({@code io.sprocket.ring}) for the 1st, 2nd, 4th,
 * 8th... exception of each consumer, so a handler failing on every message cannot flood the log;
 * the exact count is always in {@link RingStats#handlerExceptions()}.
 *
 * <p><b>Note:</b> called on the thread of the consumer whose handler threw, while the message is
 * still readable. If this listener throws in turn, that is swallowed (and counted as the same
 * failure). Allocation here is on an error path and does not count against the steady state.
 */
@FunctionalInterface
public interface HandlerErrorListener {
    /**
     * Reports a handler failure.
     *
     * @param consumer the consumer's name ({@code "engine"} or a reader's name).
     * @param error    what the handler threw.
     * @param sequence the sequence of the message it was handling.
     * @param message  that message, readable until this method returns.
     * @param count    how many exceptions this consumer's handler has thrown so far, this one included.
     */
    void onHandlerError(String consumer, Throwable error, long sequence, Message message, long count);
}
