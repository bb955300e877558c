package io.sprocket.journal;

import org.agrona.concurrent.EpochNanoClock;

import io.sprocket.message.Message;
import io.sprocket.ring.MessageHandler;

/**
 * The ring consumer that journals: appends each data message it is handed (payload, peer id, ring
 * sequence, and the time it took the batch) as one record, and forces as the durability policy says.
 *
 * <p>{@code BATCH} forces where the ring hands this reader's progress on to consumers that depend on
 * it: at the end of each batch (the last slot available, or at the latest every 32 slots), in
 * {@link #onMessage} when the batch ends on a data message and in {@link #onEndOfBatch} when it ends
 * on a slot the journal does not see. That is what makes "forced before the engine sees it" hold
 * with {@link Journal.Placement#BEFORE_ENGINE}.
 *
 * <p><b>Note:</b> runs on the ring's reader thread, one message at a time; allocates nothing except
 * when a segment rolls over. The protocol header of a message (an SP backtrace) is not journalled.
 */
final class Journaller implements MessageHandler {
    private final JournalWriter writer;
    private final EpochNanoClock clock;
    private final Durability.Kind kind;
    private final int everyN;
    private boolean batchStarts = true;
    private long batchTimestamp;
    private int sinceForce;
    /** The thread that journals, set at the first message; the journal refuses to close under it. */
    volatile Thread thread;

    Journaller(final JournalWriter writer, final EpochNanoClock clock, final Durability durability) {
        this.writer = writer;
        this.clock = clock;
        this.kind = durability.kind();
        this.everyN = durability.records();
    }

    @Override
    public void onMessage(final Message message, final long sequence, final boolean endOfBatch) {
        if (batchStarts) {
            if (thread == null) {
                thread = Thread.currentThread();
            }
            batchTimestamp = clock.nanoTime();
        }
        batchStarts = endOfBatch;
        boolean appended = false;
        try {
            writer.append(message.buffer(), 0, message.length(), sequence, message.peerId(), batchTimestamp);
            appended = true;
        } finally {
            // The ring hands a reader's progress on only at a batch's end; even when this message
            // could not be written, force what was before that.
            if (kind == Durability.Kind.BATCH) {
                if (endOfBatch) {
                    writer.force();
                }
            } else if (kind == Durability.Kind.EVERY_N && appended && ++sinceForce >= everyN) {
                writer.force();
                sinceForce = 0;
            }
        }
    }

    /**
     * A batch that ended on a slot the journal does not see (a control event, a cancelled claim):
     * under {@code BATCH} what was appended before it is forced before the ring hands the
     * journal's progress on (a no-op when the last data message already did).
     */
    @Override
    public void onEndOfBatch() {
        batchStarts = true;
        if (kind == Durability.Kind.BATCH) {
            writer.force();
        }
    }
}
