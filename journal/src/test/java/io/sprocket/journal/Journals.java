package io.sprocket.journal;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.agrona.concurrent.UnsafeBuffer;

import io.sprocket.message.InfraConfig;
import io.sprocket.message.Message;
import io.sprocket.ring.MessageRing;

/** Test helpers: configurations, direct appends, a producer of {@link Payloads} messages. */
final class Journals {
    static final long TIMEOUT_NS = TimeUnit.SECONDS.toNanos(30);

    private Journals() {
    }

    /** Slots and pooled buffers of {@code slotSize}, messages up to {@code maxMessage}; the ring's size is its builder's. */
    static InfraConfig ringConfig(final int slotSize, final int maxMessage) {
        return InfraConfig.builder().bufferSizeBytes(slotSize).maxPooledSizeBytes(slotSize)
            .maxMessageSizeBytes(maxMessage).maxRetained(16).build();
    }

    /**
     * A journal builder for small tests: sparse segments, messages up to what the segment holds, and
     * recovery reports kept quiet (tests that care read {@code journal.recovery()}).
     */
    static JournalBuilder small(final Path dir, final int segmentSize) {
        return Journal.builder(dir).segmentSizeBytes(segmentSize).preallocate(false).recoveryListener(report -> { })
            .maxMessageSizeBytes(Math.min(InfraConfig.DEFAULT_MAX_MESSAGE_SIZE_BYTES,
                JournalDescriptor.maxPayloadLength(segmentSize)));
    }

    /** Appends messages {@code from} to {@code to - 1} ({@link Payloads}, lengths up to {@code maxLength}) without a ring. */
    static void append(final Journal journal, final long from, final long to, final int maxLength) {
        final UnsafeBuffer scratch = new UnsafeBuffer(new byte[maxLength]);
        for (long q = from; q < to; q++) {
            final int length = Payloads.length(q, maxLength, maxLength, 0);
            Payloads.fill(scratch, 0, q, length);
            final long sequence = journal.writer().append(scratch, 0, length, q, Payloads.peer(q), q);
            if (sequence != q) {
                throw new AssertionError("appended as " + sequence + ", expected " + q);
            }
        }
    }

    /** Publishes message {@code q} ({@link Payloads}) of {@code length} bytes, failing the test if refused. */
    static void publish(final MessageRing ring, final long q, final int length) {
        final long seq = ring.claim(length, TIMEOUT_NS);
        if (seq < 0) {
            throw new AssertionError("claim refused: " + seq);
        }
        final Message m = ring.message(seq);
        Payloads.fill(m.buffer(), 0, q, length);
        m.peerId(Payloads.peer(q));
        ring.publish(seq);
    }

    /** Checks one record against message {@code record.sequence()}; answers what is wrong, or null. */
    static String problem(final JournalRecord record, final int small, final int large, final int rareEvery) {
        final long q = record.sequence();
        final int length = Payloads.length(q, small, large, rareEvery);
        if (record.length() != length) {
            return "record " + q + ": length " + record.length() + ", sent " + length;
        }
        if (record.peerId() != Payloads.peer(q)) {
            return "record " + q + ": peer " + record.peerId() + ", sent " + Payloads.peer(q);
        }
        final int at = Payloads.mismatch(record.buffer(), 0, q, length);
        return at < 0 ? null : "record " + q + ": byte " + at + " differs";
    }
}
