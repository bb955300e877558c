package io.sprocket.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.sprocket.message.Addr;
import io.sprocket.message.AllocationMeter;
import io.sprocket.message.InfraConfig;
import io.sprocket.message.Message;
import io.sprocket.registry.SpSocket;
import io.sprocket.ring.EngineWait;
import io.sprocket.ring.MessageHandler;
import io.sprocket.ring.MessageRing;
import io.sprocket.ring.RingStats;
import io.sprocket.ring.Rings;
import io.sprocket.ring.WarmUp;

/**
 * 60 seconds of mixed traffic as fast as this machine goes: data of varied sizes from two
 * producers, peer churn through control events, clones in the handler. Every message sent is
 * handled, and in steady state (the last 50 s) nothing is allocated on any of the three threads and
 * the old generation and direct memory do not grow.
 *
 * <p>How the latency's tail drifts over such a run is a time, not a behaviour: {@code sprocket-perf soak}
 * runs the same traffic and reports the p99.9 of each window and the drift, last window / first.
 *
 * <p>Runs with the allocation tests (C1 only, see the root pom) and is tagged slow.
 */
@Tag("slow")
@Tag("alloc")
@Timeout(180)
class SoakTest {
    private static final long WINDOW_NS = TimeUnit.SECONDS.toNanos(10);
    private static final int WINDOWS = 6;
    private static final int PEERS = 64;

    /** Reads each message's stamps and clones one message in a hundred. */
    private static final class CloningHandler implements MessageHandler {
        long handled;
        long clones;
        long checksum;

        @Override
        public void onMessage(final Message message, final long sequence, final boolean endOfBatch) {
            checksum += message.buffer().getLong(0) ^ message.buffer().getLong(8);
            if (++handled % 100 == 0) {
                message.clone().release();
                clones++;
            }
        }
    }

    @Test
    void shouldRunSixtySecondsHandlingEverythingWithoutAllocatingOrGrowing() throws Exception {
        final long start = System.nanoTime();
        final long end = start + WINDOWS * WINDOW_NS;
        final CloningHandler handler = new CloningHandler();
        final Engine soak = Engine.builder().name("soak")
            .config(InfraConfig.builder().bufferSizeBytes(2048).maxPooledSizeBytes(2048)
                .maxRetained(16).build())
            .initialPeerCapacity(2 * PEERS)
            .ring(MessageRing.builder().ringSize(1024).engineWait(EngineWait.YIELDING))
            .registrySnapshots(false).handler(handler)
            .build().start();
        final MessageRing ring = soak.ring();
        final SpSocket socket = soak.control().newSocket("soak", 0x51);
        assertThat(soak.control().openSocket(socket, TimeUnit.SECONDS.toNanos(10))).isNotNegative();

        final long[][] bytesAtMark = new long[3][2];   // [thread][0: at 10 s, 1: at end]
        final AtomicLong sent = new AtomicLong();
        final Thread churner = new Thread(() -> produce(soak, socket, true, start, end, sent, bytesAtMark[0]), "soak-churn");
        final Thread plain = new Thread(() -> produce(soak, socket, false, start, end, sent, bytesAtMark[1]), "soak-data");
        final Thread engineThread = ring.engineThread();
        churner.start();
        plain.start();

        final MemoryPoolMXBean old = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(p -> p.getType() == MemoryType.HEAP && p.getName().contains("Old")).findFirst().orElseThrow();
        final BufferPoolMXBean direct = ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
            .filter(b -> b.getName().equals("direct")).findFirst().orElseThrow();
        Thread.sleep(Math.max(0, TimeUnit.NANOSECONDS.toMillis(start + WINDOW_NS - System.nanoTime())));
        bytesAtMark[2][0] = AllocationMeter.of(engineThread);
        final long oldAtMark = old.getUsage().getUsed();
        final long directAtMark = direct.getMemoryUsed();

        churner.join(TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime()) + 30_000);
        plain.join(30_000);
        assertThat(churner.isAlive()).isFalse();
        assertThat(plain.isAlive()).isFalse();
        Rings.awaitDrained(ring, new RingStats());
        bytesAtMark[2][1] = AllocationMeter.of(engineThread);
        final long oldAtEnd = old.getUsage().getUsed();
        final long directAtEnd = direct.getMemoryUsed();
        try {
            System.out.printf("soak: %d messages in 60 s (%.1f M/s), %d clones;"
                    + " steady-state bytes churn %d, data %d, engine %d; old gen %+d B, direct %+d B%n",
                handler.handled, handler.handled / 60e6, handler.clones,
                bytesAtMark[0][1] - bytesAtMark[0][0], bytesAtMark[1][1] - bytesAtMark[1][0],
                bytesAtMark[2][1] - bytesAtMark[2][0], oldAtEnd - oldAtMark, directAtEnd - directAtMark);

            assertThat(handler.handled).isEqualTo(sent.get());
            for (int t = 0; t < 3; t++) {
                assertThat(bytesAtMark[t][1] - bytesAtMark[t][0]).as("steady-state bytes of thread %d", t).isZero();
            }
            assertThat(oldAtEnd).as("old generation").isLessThanOrEqualTo(oldAtMark);
            assertThat(directAtEnd).as("direct memory").isLessThanOrEqualTo(directAtMark);
            final RegistryStats stats = soak.registries().stats(new RegistryStats());
            assertThat(stats.controlErrors()).isZero();
            assertThat(stats.unknownPeerMessages()).isZero();
        } finally {
            assertThat(soak.close(TimeUnit.SECONDS.toNanos(30))).isZero();
        }
    }

    /**
     * Publishes until {@code endNs}: sizes cycle through 16 B to 2 KiB, tagged with live peers and
     * stamped with the send time and the message number; the churning producer also replaces one peer
     * every 1 000 messages. Records its own allocated bytes at the 10 s mark and at the end.
     */
    private static void produce(
        final Engine soak,
        final SpSocket socket,
        final boolean churn,
        final long startNs,
        final long endNs,
        final AtomicLong sent,
        final long[] bytes) {
        final MessageRing ring = soak.ring();
        WarmUp.producerWaits();
        final long[] live = new long[PEERS / 2];
        final Addr[] addrs = new Addr[live.length];
        final String prefix = churn ? "10.7.1." : "10.7.2.";
        for (int i = 0; i < live.length; i++) {
            addrs[i] = Addr.tcp(prefix + i, 7000);
            live[i] = soak.control().newPeerId();
            check(soak.control().peerConnecting(socket, live[i], addrs[i], TimeUnit.SECONDS.toNanos(10)));
            check(soak.control().peerConnected(socket, live[i], TimeUnit.SECONDS.toNanos(10)));
        }
        boolean marked = false;
        long count = 0;
        for (long i = 0; ; i++) {
            final long now = System.nanoTime();
            if (!marked && now - startNs >= WINDOW_NS) {
                bytes[0] = AllocationMeter.current();
                marked = true;
            }
            if (now - endNs >= 0) {
                break;
            }
            final int slot = (int)(i % live.length);
            if (churn && i % 1_000 == 999) {
                check(soak.control().peerDisconnected(socket, live[slot], TimeUnit.SECONDS.toNanos(10)));
                live[slot] = soak.control().newPeerId();
                check(soak.control().peerConnecting(socket, live[slot], addrs[slot], TimeUnit.SECONDS.toNanos(10)));
                check(soak.control().peerConnected(socket, live[slot], TimeUnit.SECONDS.toNanos(10)));
            }
            final int length = 16 << (int)(i % 8);
            final long seq = ring.claim(length, TimeUnit.SECONDS.toNanos(10));
            check(seq);
            final Message m = ring.message(seq);
            m.peerId(live[slot]);
            m.buffer().putLong(8, i);
            m.buffer().putLong(0, System.nanoTime());
            ring.publish(seq);
            count++;
        }
        bytes[1] = AllocationMeter.current();
        sent.addAndGet(count);
    }

    private static void check(final long result) {
        if (result < 0) {
            throw new AssertionError("refused: " + result);
        }
    }
}
