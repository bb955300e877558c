package io.sprocket.ring;

import io.sprocket.message.Message;

/**
 * The application's code that runs for every message published into a {@link MessageRing}.
 *
 * <p>The message belongs to the handler only until it returns: the ring recycles the slot once
 * every consumer has passed it. A handler that needs the message later calls
 * {@link Message#clone()}. Each consumer hands its handler one message object, pointed at each
 * slot in turn (as the Disruptor hands out its events), so a reference kept past the return shows
 * a later message in a later call; with checks on, touching it outside a handler throws
 * {@link IllegalStateException}.
 *
 * <p>An exception thrown here is caught, counted and passed to the ring's
 * {@link HandlerErrorListener}; the engine goes on with the next message and the slot is recycled.
 *
 * <p><b>Note:</b> called on one thread only (the engine thread, or a reader's own thread), one
 * message at a time, in sequence order. An implementation should not allocate if the ring is to
 * stay allocation-free.
 */
@FunctionalInterface
public interface MessageHandler {
    /**
     * Handles one message.
     *
     * @param message    the message; valid until this method returns.
     * @param sequence   its ring sequence, increasing by one per published slot.
     * @param endOfBatch true for the last message the engine has available now, and at the latest
     *                   every 32 messages (the points where the consumer's progress becomes visible
     *                   to the consumers after it and to the producers): a good moment to flush
     *                   whatever the handler batches.
     * @throws Exception anything; it is caught and reported, never kills the engine.
     */
    void onMessage(Message message, long sequence, boolean endOfBatch) throws Exception;

    /**
     * Called once a batch has ended, just before the consumer's progress is handed on to the
     * consumers after it and to the producers; also when the batch ended on a slot this handler
     * does not see (a control event, a cancelled claim), where {@link #onMessage} had no
     * {@code endOfBatch} to say so. A journal forces here. The default does nothing.
     *
     * @throws Exception anything; it is caught and reported as {@link #onMessage}'s are.
     */
    default void onEndOfBatch() throws Exception {
    }
}
