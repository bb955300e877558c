package io.sprocket.journal;

import io.sprocket.message.Message;
import io.sprocket.ring.MessageRing;
import io.sprocket.ring.ProducerWait;

/**
 * Publishes journal records into a ring again: each record's payload and peer id become one message,
 * in journal order. Use it as the handler of a {@link JournalReader}'s poll, or let
 * {@link #replay(JournalReader, long)} drive the reader.
 *
 * <pre>{@code
 * try (JournalReader reader = JournalReader.open(dir).seekToSequence(from)) {
 *     long replayed = new RingReplayer(ring).replay(reader, TimeUnit.SECONDS.toNanos(10));
 * }
 * }</pre>
 *
 * <p><b>Note:</b> the polling thread is a producer of the ring (the only one, for a single-producer
 * ring). Nothing is allocated per record. A full ring declines the record (the reader hands it again
 * next poll); a closed ring stops the replay.
 */
public final class RingReplayer implements RecordHandler {
    private final MessageRing ring;
    private long replayed;
    private long refusal;

    /**
     * A replayer into {@code ring}.
     *
     * @param ring the ring to publish into.
     * @throws IllegalArgumentException when null.
     */
    public RingReplayer(final MessageRing ring) {
        if (ring == null) {
            throw new IllegalArgumentException("ring must not be null");
        }
        this.ring = ring;
    }

    /**
     * Publishes one record as a message, without waiting.
     *
     * @param record the record.
     * @return true when it was published; false when the ring was full or closed ({@link #lastRefusal()}).
     * @throws IllegalArgumentException when the record is longer than the ring's largest message.
     */
    @Override
    public boolean onRecord(final JournalRecord record) {
        final int length = record.length();
        final long sequence = ring.tryClaim(length);
        if (sequence < 0) {
            refusal = sequence;
            return false;
        }
        final Message m = ring.message(sequence);
        m.buffer().putBytes(0, record.buffer(), 0, length);
        m.peerId(record.peerId());
        ring.publish(sequence);
        replayed++;
        return true;
    }

    /**
     * Replays from the reader's position to the journal's end as it is now: polls, and while the ring
     * is full waits as the ring's {@link ProducerWait#PHASED} does, never longer than {@code timeoutNs}
     * without progress.
     *
     * @param reader    where to read.
     * @param timeoutNs the longest wait for room in the ring, 0 or more.
     * @return records published by this call; the replay stopped early if the ring closed
     *         ({@link #lastRefusal()} is {@link MessageRing#CLOSED}), stayed full past the timeout
     *         ({@link MessageRing#FULL}), or the reader met a fault ({@link JournalReader#fault()}).
     * @throws IllegalArgumentException when {@code timeoutNs} is negative.
     */
    public long replay(final JournalReader reader, final long timeoutNs) {
        if (timeoutNs < 0) {
            throw new IllegalArgumentException("timeoutNs must be 0 or more, got " + timeoutNs);
        }
        final long before = replayed;
        long waitingSince = 0;
        int attempt = 0;
        while (true) {
            refusal = 0;
            final int n = reader.poll(this, 256);
            if (n > 0) {
                attempt = 0;
                continue;
            }
            if (refusal != MessageRing.FULL) {
                return replayed - before;
            }
            final long now = System.nanoTime();
            if (attempt == 0) {
                waitingSince = now;
            } else if (now - waitingSince >= timeoutNs) {
                return replayed - before;
            }
            ProducerWait.PHASED.idle(attempt++);
        }
    }

    /**
     * Records published so far.
     *
     * @return the count.
     */
    public long replayed() {
        return replayed;
    }

    /**
     * Why the last record was declined.
     *
     * @return {@link MessageRing#FULL}, {@link MessageRing#CLOSED}, or 0 when the last poll was not refused.
     */
    public long lastRefusal() {
        return refusal;
    }
}
