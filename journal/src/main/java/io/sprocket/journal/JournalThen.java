package io.sprocket.journal;

import io.sprocket.message.Message;
import io.sprocket.ring.MessageHandler;

/**
 * "Journal, then business logic" on the engine's own thread: the engine handler that appends each
 * message to the journal and then hands it to the application's handler. No hand-off between
 * threads; the engine pays the write. See {@link Journal#journalThen(MessageHandler)}.
 *
 * <p><b>Note:</b> runs on the engine thread; allocates nothing per message (but at a roll-over). A
 * message the journal could not write is not handed to the business logic: the exception goes to
 * the ring, which counts it and reports it to its error listener.
 */
final class JournalThen implements MessageHandler {
    private final Journaller journaller;
    private final MessageHandler businessLogic;

    JournalThen(final Journaller journaller, final MessageHandler businessLogic) {
        this.journaller = journaller;
        this.businessLogic = businessLogic;
    }

    @Override
    public void onMessage(final Message message, final long sequence, final boolean endOfBatch) throws Exception {
        journaller.onMessage(message, sequence, endOfBatch);
        businessLogic.onMessage(message, sequence, endOfBatch);
    }

    @Override
    public void onEndOfBatch() throws Exception {
        journaller.onEndOfBatch();
        businessLogic.onEndOfBatch();
    }
}
