package io.sprocket.ring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import io.sprocket.message.InfraConfig;

class RingCloseTest {
    @Test
    void shouldDrainEverythingPublishedBeforeClose() {
        final AtomicLong seen = new AtomicLong();
        final MessageRing ring = MessageRing.builder().name("drain").config(Rings.small(64)).ringSize(1024)
            .handler((m, seq, eob) -> {
                seen.incrementAndGet();
                Thread.onSpinWait();
            }).build().start();
        for (int i = 0; i < 10_000; i++) {
            ring.publish(Rings.claim(ring, 8));
        }
        assertThat(ring.close(TimeUnit.SECONDS.toNanos(30))).isZero();
        assertThat(seen.get()).isEqualTo(10_000);
        assertThat(ring.engineThread().isAlive()).isFalse();
        assertThat(ring.tryClaim(8)).isEqualTo(MessageRing.CLOSED);
        assertThat(ring.claim(8, 1_000_000)).isEqualTo(MessageRing.CLOSED);
        assertThat(ring.stats(new RingStats()).closedRejections()).isEqualTo(2);
        assertThat(ring.isClosed()).isTrue();
        assertThat(ring.close(0)).as("second close returns the first result").isZero();
        assertThatThrownBy(ring::start).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }

    @Test
    void shouldReturnWithinTheTimeoutAndCountLeftoversWhenTheHandlerIsStuck() throws Exception {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch never = new CountDownLatch(1);
        final AtomicLong failures = new AtomicLong();
        final MessageRing ring = MessageRing.builder().name("stuck").config(Rings.small(64)).ringSize(16)
            .errorListener((c, e, s, m, n) -> failures.incrementAndGet())
            .handler((m, seq, eob) -> {
                entered.countDown();
                never.await(60, TimeUnit.SECONDS);
            }).build().start();
        for (int i = 0; i < 10; i++) {
            ring.publish(Rings.claim(ring, 8));
        }
        assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
        final long timeoutNs = TimeUnit.MILLISECONDS.toNanos(200);
        final long start = System.nanoTime();
        final long leftovers = ring.close(timeoutNs);
        final long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertThat(leftovers).as("the stuck message and the 9 behind it").isEqualTo(10);
        // Not a timing: the handler would sit in its 60 s wait if close did not give up on it, so a close
        // that waited for the handler takes 60 s. The bound is 30 s, 150 x the 200 ms timeout, which
        // no load on a 2-core machine stretches a close that gives up on time to.
        assertThat(tookMs).as("close took %d ms", tookMs).isLessThan(30_000);
        assertThat(ring.tryClaim(8)).isEqualTo(MessageRing.CLOSED);
        // close interrupted the stuck handler; the engine thread then ends on its own.
        ring.engineThread().join(10_000);
        assertThat(ring.engineThread().isAlive()).isFalse();
        assertThat(failures.get()).as("only the interrupted handler call failed; nothing after it ran").isEqualTo(1);
    }

    @Test
    void shouldCountPublishedMessagesAsLeftoversWhenNeverStarted() {
        final MessageRing ring = MessageRing.builder().name("never-started").config(Rings.small(64)).ringSize(8)
            .handler((m, seq, eob) -> { }).build();
        for (int i = 0; i < 3; i++) {
            ring.publish(Rings.claim(ring, 1));
        }
        ring.cancel(Rings.claim(ring, 1));
        assertThat(ring.close(0)).isEqualTo(3);
    }

    @Test
    void shouldRefuseClaimsThatRaceWithCloseWithoutLosingAcceptedOnes() throws Exception {
        for (int round = 0; round < 20; round++) {
            final AtomicLong handled = new AtomicLong();
            final MessageRing ring = MessageRing.builder().name("race-" + round).config(Rings.small(64)).ringSize(64)
                .engineWait(EngineWait.YIELDING).jmx(false)
                .handler((m, seq, eob) -> handled.incrementAndGet()).build().start();
            final AtomicLong accepted = new AtomicLong();
            final Thread producer = new Thread(() -> {
                while (true) {
                    final long seq = ring.claim(8, TimeUnit.SECONDS.toNanos(5));
                    if (seq == MessageRing.CLOSED) {
                        return;
                    }
                    if (seq >= 0) {
                        ring.publish(seq);
                        accepted.incrementAndGet();
                    }
                }
            });
            producer.start();
            Rings.await("some traffic", 10_000, () -> handled.get() > 100);
            final long leftovers = ring.close(TimeUnit.SECONDS.toNanos(10));
            producer.join(10_000);
            assertThat(producer.isAlive()).isFalse();
            assertThat(leftovers).isZero();
            assertThat(handled.get()).as("round %d", round).isEqualTo(accepted.get());
        }
    }

    @Test
    void shouldReleaseTheOffHeapRegionOnClose() {
        final BufferPoolMXBean direct = ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
            .filter(b -> b.getName().equals("direct")).findFirst().orElseThrow();
        final InfraConfig config = InfraConfig.builder().bufferSizeBytes(64 * 1024).build();
        final long before = direct.getMemoryUsed();
        final MessageRing ring = MessageRing.builder().name("free").config(config).ringSize(256)
            .handler((m, seq, eob) -> { }).build().start();
        final long regionBytes = 256L * InfraConfig.slotStrideBytes(64 * 1024, config.headerCapacityBytes());
        assertThat(direct.getMemoryUsed() - before).isGreaterThanOrEqualTo(regionBytes);
        assertThat(ring.close(TimeUnit.SECONDS.toNanos(10))).isZero();
        assertThat(direct.getMemoryUsed() - before).isLessThan(regionBytes);
    }
}
