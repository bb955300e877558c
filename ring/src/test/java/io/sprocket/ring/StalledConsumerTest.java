package io.sprocket.ring;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.sprocket.message.InfraConfig;

/**
 * A burst of 100 x the ring size while the handler is paused: producers are told the ring is full,
 * memory stays within the ring's bound, and everything accepted is handled once the handler moves.
 */
@Tag("slow")
@Timeout(120)
class StalledConsumerTest {
    private static final int RING = 1024;
    private static final int SLOT = 4096;
    /** Allowed direct memory growth during the burst: nothing per message. */
    private static final long MARGIN_BYTES = 1L << 20;
    /** Allowed heap growth: heap "used" moves in whole TLABs (the producer threads are new). */
    private static final long HEAP_MARGIN_BYTES = 16L << 20;

    @Test
    void shouldRefuseWithFullAndStayWithinTheBoundThenResumeWithoutLoss() throws Exception {
        final CountDownLatch go = new CountDownLatch(1);
        final AtomicLong handled = new AtomicLong();
        final AtomicLong sum = new AtomicLong();
        final InfraConfig config = InfraConfig.builder().bufferSizeBytes(SLOT).build();
        final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        final BufferPoolMXBean direct = ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
            .filter(b -> b.getName().equals("direct")).findFirst().orElseThrow();
        final MessageRing ring = MessageRing.builder().name("stalled").config(config).ringSize(RING)
            .handler((m, seq, eob) -> {
                if (!go.await(60, TimeUnit.SECONDS)) {
                    throw new AssertionError("never resumed");
                }
                sum.addAndGet(m.buffer().getLong(0));
                handled.incrementAndGet();
            }).build().start();
        final long ringBytes = RING * InfraConfig.slotStrideBytes(SLOT, config.headerCapacityBytes());
        System.gc();
        final long heapBefore = memory.getHeapMemoryUsage().getUsed();
        final long directBefore = direct.getMemoryUsed();
        try {
            final int attemptsEach = 100 * RING / 2;
            final long[] accepted = new long[2];
            final long[] acceptedSum = new long[2];
            final long[] full = new long[2];
            final long[] loopBytes = new long[2];
            final List<Thread> producers = new ArrayList<>();
            for (int p = 0; p < 2; p++) {
                final int id = p;
                producers.add(new Thread(() -> {
                    final long bytesBefore = io.sprocket.message.AllocationMeter.current();
                    for (int i = 0; i < attemptsEach; i++) {
                        final long seq = ring.tryClaim(SLOT);
                        if (seq == MessageRing.FULL) {
                            full[id]++;
                            continue;
                        }
                        final long value = id * 1_000_000L + i;
                        ring.message(seq).buffer().putLong(0, value);
                        ring.publish(seq);
                        accepted[id]++;
                        acceptedSum[id] += value;
                    }
                    loopBytes[id] = io.sprocket.message.AllocationMeter.current() - bytesBefore;
                }));
            }
            producers.forEach(Thread::start);
            for (final Thread t : producers) {
                t.join(60_000);
                assertThat(t.isAlive()).isFalse();
            }
            final long totalAccepted = accepted[0] + accepted[1];
            assertThat(totalAccepted).as("accepted while the handler is stalled: exactly the ring").isEqualTo(RING);
            assertThat(full[0] + full[1]).isEqualTo(100L * RING - RING);
            assertThat(ring.stats(new RingStats()).fullRejections()).isEqualTo(100L * RING - RING);

            final long directGrowth = direct.getMemoryUsed() - directBefore;
            final long heapGrowth = memory.getHeapMemoryUsage().getUsed() - heapBefore;
            System.out.printf("stalled: direct %+d B during the burst (the ring's own region is %d B), heap %+d B,"
                + " producer loops allocated %d and %d B%n", directGrowth, ringBytes, heapGrowth, loopBytes[0], loopBytes[1]);
            assertThat(loopBytes[0] + loopBytes[1]).as("bytes the producers allocated over %d attempts", 100L * RING)
                .isLessThan(64 * 1024);
            assertThat(directGrowth).as("direct memory growth during the burst").isLessThanOrEqualTo(MARGIN_BYTES);
            assertThat(heapGrowth).as("heap growth during the burst").isLessThanOrEqualTo(HEAP_MARGIN_BYTES);

            go.countDown();
            Rings.await("everything accepted handled", 30_000, () -> handled.get() == totalAccepted);
            assertThat(sum.get()).isEqualTo(acceptedSum[0] + acceptedSum[1]);
            final long seq = Rings.claim(ring, 8);
            ring.publish(seq);
            Rings.await("resumed", 10_000, () -> handled.get() == totalAccepted + 1);
        } finally {
            go.countDown();
            assertThat(ring.close(TimeUnit.SECONDS.toNanos(30))).isZero();
        }
    }
}
