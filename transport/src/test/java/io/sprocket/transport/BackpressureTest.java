package io.sprocket.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.Test;

import io.sprocket.message.Addr;
import io.sprocket.message.InfraConfig;
import io.sprocket.message.Waits;
import io.sprocket.registry.SpSocket;
import io.sprocket.ring.RingStats;

class BackpressureTest {
    private volatile boolean gateOpen;

    @Test
    void shouldStopReadingWhileTheRingIsFullAndLoseNothing() throws Exception {
        final InfraConfig small = InfraConfig.builder().bufferSizeBytes(1024).maxPooledSizeBytes(1024)
            .maxRetained(64).maxMessageSizeBytes(1 << 20).build();
        try (Node receiver = new Node("slow", small, 8, b -> b); Node sender = new Node("fast")) {
            // The handler holds the ring full until the test opens the gate (at most the safety bound).
            receiver.collector.also = (m, seq, eob) -> {
                final long deadline = System.nanoTime() + 2 * Node.WAIT_NS;
                while (!gateOpen && System.nanoTime() - deadline < 0) {
                    LockSupport.parkNanos(200_000);
                }
            };
            final SpSocket pull = receiver.socket(SpProtocol.PULL);
            final SpSocket push = sender.socket(SpProtocol.PUSH);
            final Listener l = receiver.transport.listen(pull, Addr.parse("tcp://127.0.0.1:0"));
            sender.transport.dial(push, l.boundAddr());
            assertThat(sender.transport.awaitReady(push, 1, Node.WAIT_NS)).isTrue();

            final int n = 300;
            for (int i = 0; i < n; i++) {
                final byte[] p = Payloads.random(100, i);
                p[0] = (byte)i;
                p[1] = (byte)(i >> 8);
                sender.send(push, p);
            }
            Waits.await("the reader to stall on the full ring", Node.WAIT_MS,
                () -> receiver.transport.stats(new TransportStats()).backpressureStalls() >= 1);

            // Stalled, the worker pauses and retries: it must not burn a core.
            final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            final long worker = receiver.transport.ioThreads()[0].getId();
            final long cpuBefore = threads.getThreadCpuTime(worker);
            final long wallBefore = System.nanoTime();
            Thread.sleep(300);
            final double cpuShare = (double)(threads.getThreadCpuTime(worker) - cpuBefore) / (System.nanoTime() - wallBefore);
            // A worker that spun would use a whole core (a share of 1); one that pauses up to 1 ms between
            // retries uses some 0.03 here. The bound, 0.5, is 15 x that, and load cannot push the share up:
            // a thread's CPU time only falls behind the wall clock when others take turns with it.
            assertThat(cpuShare).as("I/O worker CPU share while stalled").isLessThan(0.5);
            assertThat(receiver.collector.count()).isLessThanOrEqualTo(8);

            gateOpen = true;
            final List<Collector.Received> got = receiver.collector.await(n, Node.WAIT_MS);
            assertThat(got).hasSize(n);
            for (int i = 0; i < n; i++) {
                final byte[] p = Payloads.random(100, i);
                p[0] = (byte)i;
                p[1] = (byte)(i >> 8);
                assertThat(got.get(i).bytes).as("message %d", i).isEqualTo(p);
            }
            final RingStats rs = receiver.ring.stats(new RingStats());
            assertThat(rs.fullRejections()).isPositive();
            System.out.printf("backpressure: %d stalls, %d full-ring refusals, worker CPU share while stalled %.3f%n",
                receiver.transport.stats(new TransportStats()).backpressureStalls(), rs.fullRejections(), cpuShare);
        }
    }
}
