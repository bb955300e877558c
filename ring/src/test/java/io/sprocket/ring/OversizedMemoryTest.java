package io.sprocket.ring;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.sprocket.message.InfraConfig;
import io.sprocket.message.Message;

/**
 * Messages longer than a slot get a buffer of their own for one lap. That memory comes back as
 * soon as every consumer has passed the slot (not when the slot is next claimed, which on an idle
 * ring is never), and the total held at once is capped: over the cap a claim is refused as full.
 * Bytes and counts, no times.
 */
@Timeout(120)
class OversizedMemoryTest {
    private static final long WAIT_NS = TimeUnit.SECONDS.toNanos(30);
    private static final int MESSAGE = 1_000_000;

    @Test
    void shouldGiveEveryOneLapBufferBackOnceTheConsumersHavePassedIt() {
        final BufferPoolMXBean direct = directPool();
        final AtomicLong checksum = new AtomicLong();
        final MessageRing ring = MessageRing.builder().name("big-frames").ringSize(1024)
            .config(InfraConfig.builder().bufferSizeBytes(64 * 1024).maxMessageSizeBytes(2 << 20).build())
            .addReader("journal", (m, seq, eob) -> checksum.addAndGet(m.buffer().getLong(m.length() - 8)))
            .handler((m, seq, eob) -> checksum.addAndGet(m.buffer().getLong(0))).build().start();
        try {
            final long footprint = direct.getMemoryUsed();
            long expected = 0;
            for (int i = 0; i < 1_100; i++) {
                final long seq = Rings.claim(ring, MESSAGE);
                final Message m = ring.message(seq);
                m.buffer().putLong(0, i);
                m.buffer().putLong(MESSAGE - 8, 2L * i);
                ring.publish(seq);
                expected += 3L * i;
            }
            final RingStats stats = new RingStats();
            Rings.awaitDrained(ring, stats);
            assertThat(checksum.get()).as("engine and reader saw every byte they read").isEqualTo(expected);
            assertThat(stats.oversized()).isEqualTo(1_100);
            assertThat(stats.oversizedBytesHeld()).as("bytes one-lap buffers hold once the ring is idle").isZero();
            assertThat(direct.getMemoryUsed() - footprint)
                .as("direct memory held by an idle ring beyond its region, after 1 100 messages of 1 MB")
                .isLessThanOrEqualTo(0);
        } finally {
            assertThat(ring.close(WAIT_NS)).isZero();
        }
    }

    @Test
    void shouldRefuseAClaimThatWouldGoOverTheCapUntilEarlierOnesArePassed() throws Exception {
        final CountDownLatch hold = new CountDownLatch(1);
        final int room = 3;
        final long perMessage = 64 + (long)MESSAGE + 64;
        final MessageRing ring = MessageRing.builder().name("capped").ringSize(16)
            .config(InfraConfig.builder().bufferSizeBytes(1024).headerCapacityBytes(64)
                .maxMessageSizeBytes(MESSAGE).build())
            .maxOversizedBytes(room * perMessage)
            .handler((m, seq, eob) -> hold.await(30, TimeUnit.SECONDS)).build().start();
        try {
            for (int i = 0; i < room; i++) {
                final long seq = ring.tryClaim(MESSAGE);
                assertThat(seq).as("oversized claim %d within the cap", i).isNotNegative();
                ring.publish(seq);
            }
            assertThat(ring.tryClaim(MESSAGE)).as("a fourth, over the cap").isEqualTo(MessageRing.FULL);
            final long small = ring.tryClaim(100);
            assertThat(small).as("a message that fits a slot is not held back by the cap").isNotNegative();
            ring.publish(small);
            final RingStats stats = ring.stats(new RingStats());
            assertThat(stats.oversizedBytesHeld()).isEqualTo(room * perMessage);
            hold.countDown();
            final long seq = Rings.claim(ring, MESSAGE);   // waits, bounded, until one is passed
            ring.publish(seq);
            Rings.awaitDrained(ring, stats);
            assertThat(stats.oversizedBytesHeld()).isZero();
            assertThat(stats.oversized()).isEqualTo(room + 1);
        } finally {
            hold.countDown();
            assertThat(ring.close(WAIT_NS)).isZero();
        }
    }

    private static BufferPoolMXBean directPool() {
        for (final BufferPoolMXBean pool : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
            if ("direct".equals(pool.getName())) {
                return pool;
            }
        }
        throw new AssertionError("no 'direct' buffer pool MXBean");
    }
}
