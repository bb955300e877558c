package io.sprocket.ring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.management.ManagementFactory;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import javax.management.MBeanServer;
import javax.management.ObjectName;

import org.junit.jupiter.api.Test;

import io.sprocket.message.Message;

class RingStatsTest {
    @Test
    void shouldKeepExactStatsAfterAScriptedSequence() throws Exception {
        final Semaphore go = new Semaphore(0);
        final MessageRing ring = MessageRing.builder().name("scripted").config(Rings.small(128)).ringSize(8)
            .handler((m, seq, eob) -> {
                if (!go.tryAcquire(30, TimeUnit.SECONDS)) {
                    throw new AssertionError("never released");
                }
                if (m.length() == 13) {
                    throw new IllegalArgumentException("thirteen");
                }
                final Message keep = m.clone();
                keep.release();
            })
            .errorListener((c, e, s, m, n) -> { })
            .build().start();
        try {
            ring.publish(Rings.claim(ring, 10));        // 0
            ring.publish(Rings.claim(ring, 13));        // 1: handler throws
            ring.publish(Rings.claim(ring, 500));       // 2: oversized
            ring.cancel(Rings.claim(ring, 10));         // 3: cancelled
            for (int i = 4; i < 8; i++) {
                ring.publish(Rings.claim(ring, 1));
            }
            assertThat(ring.tryClaim(1)).isEqualTo(MessageRing.FULL);
            RingStats s = ring.stats(new RingStats());
            assertThat(s.claims()).isEqualTo(8);
            assertThat(s.recycled()).isZero();
            assertThat(s.inFlight()).isEqualTo(8);
            assertThat(s.remainingCapacity()).isZero();
            assertThat(s.fullRejections()).isEqualTo(1);
            assertThat(s.oversized()).isEqualTo(1);
            assertThat(s.buffersAllocated()).isEqualTo(1);
            assertThat(s.hitRate()).isEqualTo(7.0 / 8);
            assertThat(s.cancelled()).isEqualTo(1);

            final MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            final ObjectName ringBean = new ObjectName("io.sprocket:type=Ring,name=scripted");
            final ObjectName poolBean = new ObjectName("io.sprocket:type=BufferPool,name=scripted-clones");
            assertThat(server.getAttribute(ringBean, "Claims")).isEqualTo(8L);
            assertThat(server.getAttribute(ringBean, "InFlight")).isEqualTo(8L);
            assertThat(server.getAttribute(ringBean, "RingSize")).isEqualTo(8);
            assertThat(server.getAttribute(ringBean, "SlotSizeBytes")).isEqualTo(128);
            assertThat(server.getAttribute(ringBean, "FullRejections")).isEqualTo(1L);
            assertThat(server.getAttribute(ringBean, "Oversized")).isEqualTo(1L);
            assertThat(server.getAttribute(ringBean, "Name")).isEqualTo("scripted");

            go.release(7);
            Rings.await("all passed", 10_000, () -> ring.stats(new RingStats()).recycled() == 8);
            s = ring.stats(new RingStats());
            assertThat(s.handled()).isEqualTo(7);
            assertThat(s.handlerExceptions()).isEqualTo(1);
            assertThat(s.inFlight()).isZero();
            assertThat(s.remainingCapacity()).isEqualTo(8);
            assertThat(server.getAttribute(ringBean, "Handled")).isEqualTo(7L);
            assertThat(server.getAttribute(ringBean, "HandlerExceptions")).isEqualTo(1L);
            assertThat(server.getAttribute(ringBean, "Recycled")).isEqualTo(8L);
            assertThat(server.getAttribute(ringBean, "Cancelled")).isEqualTo(1L);
            assertThat(server.getAttribute(poolBean, "Acquires")).isEqualTo(6L);
            assertThat(server.getAttribute(poolBean, "Releases")).isEqualTo(6L);
            // One miss on the first clone, one for the 500-byte clone, above the 128-byte pooled size.
            assertThat(server.getAttribute(poolBean, "BuffersAllocated")).isEqualTo(2L);
            assertThat(server.getAttribute(poolBean, "Oversized")).isEqualTo(1L);
            assertThat(server.getAttribute(poolBean, "Retained")).isEqualTo(1L);
            assertThat((Double)server.getAttribute(poolBean, "HitRate")).isEqualTo(4.0 / 6);

            assertThatThrownBy(() -> MessageRing.builder().name("scripted").handler((m, q, e) -> { }).build().start())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("already registered with JMX");
        } finally {
            go.release(100);
            assertThat(ring.close(TimeUnit.SECONDS.toNanos(10))).isZero();
        }
        assertThat(ManagementFactory.getPlatformMBeanServer()
            .isRegistered(new ObjectName("io.sprocket:type=Ring,name=scripted"))).isFalse();
        assertThat(ManagementFactory.getPlatformMBeanServer()
            .isRegistered(new ObjectName("io.sprocket:type=BufferPool,name=scripted-clones"))).isFalse();
        assertThat(ManagementFactory.getPlatformMBeanServer()
            .isRegistered(new ObjectName("io.sprocket:type=Registry,name=scripted"))).isFalse();
    }

    @Test
    void shouldKeepHandledAndRecycledAtMostClaimsWithinOneSnapshotWhileTrafficRuns() throws Exception {
        final int messages = 40_000;
        final MessageRing ring = MessageRing.builder().name("consistent").config(Rings.small(64)).ringSize(1024)
            .engineWait(EngineWait.YIELDING).handler((m, seq, eob) -> { }).jmx(false).build().start();
        // The producer keeps the engine caught up (claims == handled most of the time), so a snapshot that
        // read the claims before the handled count could find more handled than claimed (one did, every run).
        final Thread producer = Rings.lockStepProducer(ring, messages, "consistent-producer");
        try {
            producer.start();
            final RingStats s = new RingStats();
            long snapshots = 0;
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            do {
                ring.stats(s);
                snapshots++;
                if (s.handled() > s.claims() || s.recycled() > s.claims()) {
                    throw new AssertionError("snapshot " + snapshots + " counts more handled or recycled than claimed: " + s);
                }
                assertThat(System.nanoTime() - deadline).as("the ring handled every message within 60 s").isNegative();
            } while (s.handled() < messages);
            producer.join(TimeUnit.SECONDS.toMillis(30));
            assertThat(producer.isAlive()).isFalse();
            assertThat(snapshots).as("snapshots taken while messages went through").isGreaterThan(1);
            assertThat(s.claims()).isEqualTo(messages);
        } finally {
            assertThat(ring.close(TimeUnit.SECONDS.toNanos(10))).isZero();
        }
    }
}
