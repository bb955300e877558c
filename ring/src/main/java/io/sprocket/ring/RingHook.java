package io.sprocket.ring;

import io.sprocket.message.Message;

/**
 * The engine consumer's view of the ring: the narrow hook through which the layer above the ring
 * (the engine, with its registries and protocols) sees every slot, on the engine thread, in ring
 * order. A plain ring's hook hands data to the application's {@link MessageHandler}.
 *
 * <p>Data and control slots arrive in the order they were published; cancelled slots never arrive.
 * The ring opens a read scope for the slot's sequence around {@link #onData} and
 * {@link #onControl} (checks on), catches whatever either throws, counts it and reports it to the
 * ring's {@link HandlerErrorListener}, and goes on.
 *
 * <p><b>Note:</b> every method is called on the engine thread (the one running the engine agent:
 * its own thread, the shared thread, or the application's invoking thread). Implementations must not
 * allocate in {@link #onData}.
 */
public interface RingHook {
    /** Before the first slot, on the engine thread: bind what the engine thread owns. */
    default void onStart() {
    }

    /** Before the first slot of a batch (the slots published since the engine last looked). */
    default void onBatchStart() {
    }

    /**
     * A data message.
     *
     * @param message    the slot's message, readable until this returns.
     * @param sequence   its ring sequence.
     * @param endOfBatch whether it ends a batch: the last slot available now, or every 32nd slot
     *                   (sequence 31 modulo 32), where the consumer's progress is handed on.
     * @throws Exception whatever the application's code throws: the ring catches and reports it.
     */
    void onData(Message message, long sequence, boolean endOfBatch) throws Exception;

    /**
     * A control slot, published through {@link MessageRing#publishControl}.
     *
     * @param message    the slot's message (no payload of interest; its sequence keys the record).
     * @param sequence   its ring sequence.
     * @param endOfBatch whether it ends a batch: the last slot available now, or every 32nd slot
     *                   (sequence 31 modulo 32), where the consumer's progress is handed on.
     * @throws Exception when the control event is refused: the ring catches and reports it.
     */
    default void onControl(final Message message, final long sequence, final boolean endOfBatch) throws Exception {
    }

    /**
     * After the last slot of a batch, before the consumer's progress is handed on.
     *
     * @throws Exception whatever the application's code throws: the ring catches and reports it.
     */
    default void onEndOfBatch() throws Exception {
    }

    /** After the last slot, when the engine stops, on the engine thread: release what it owns. */
    default void onShutdown() {
    }
}
