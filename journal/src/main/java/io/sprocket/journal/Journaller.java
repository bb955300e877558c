package io.sprocket.journal;

import org.agrona.concurrent.EpochNanoClock;

import io.sprocket.message.Message;
import io.sprocket.ring.MessageHandler;

/**
 * The ring consumer that journals: appends each data message it is handed (payload, peer id, ring
 * sequence, and the time it took the batch) as one record, and forces as the durability policy says.
 *
 * <p>{@code BATCH} forces where the ring hands this reader's progress on to consumers that depend on
 * it: at the end of a batch, and every 32 slots inside a long one (the ring gives slots back every 32
 * messages). Forcing at both is what makes "forced before the engine sees it" hold with
 * {@link Journal.Placement#BEFORE_ENGINE}; see {@link Durability} for the one case it does not cover.
 *
 * <p><b>Note:</b> runs on the ring's reader thread, one message at a time; allocates nothing except
 * when a segment rolls over. The protocol header of a message (an SP backtrace) is not journalled.
 */
final class Journaller implements MessageHandler {
    /** The ring hands a reader's progress on every 32 slots (and at the end of each batch). */
    static final long RING_RELEASE_MASK = 31;

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
            // Even when this message could not be written, the ring hands progress on here: force what was.
            if (kind == Durability.Kind.BATCH) {
                if (endOfBatch || (sequence & RING_RELEASE_MASK) == RING_RELEASE_MASK) {
                    writer.force();
                }
            } else if (kind == Durability.Kind.EVERY_N && appended && ++sinceForce >= everyN) {
                writer.force();
                sinceForce = 0;
            }
        }
    }
}
