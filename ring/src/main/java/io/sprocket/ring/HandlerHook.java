package io.sprocket.ring;

import io.sprocket.message.Message;

/**
 * The hook of a consumer that only runs an application handler: a reader, or the engine of a ring
 * without an engine layer above it. Control slots are skipped.
 *
 * <p><b>Note:</b> called on the consumer's thread; allocates nothing.
 */
final class HandlerHook implements RingHook {
    private final MessageHandler handler;

    HandlerHook(final MessageHandler handler) {
        this.handler = handler;
    }

    @Override
    public void onData(final Message message, final long sequence, final boolean endOfBatch) throws Exception {
        handler.onMessage(message, sequence, endOfBatch);
    }

    @Override
    public void onEndOfBatch() throws Exception {
        handler.onEndOfBatch();
    }
}
