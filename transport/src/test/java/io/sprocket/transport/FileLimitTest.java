package io.sprocket.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.sprocket.message.Addr;
import io.sprocket.message.InfraConfig;
import io.sprocket.registry.SpSocket;
import io.sprocket.ring.MessageRing;
import io.sprocket.engine.RegistrySnapshot;
import io.sprocket.engine.Engine;

/**
 * The open-file limit: a child JVM started under {@code ulimit -n 128} listens, and this test opens
 * more connections than it has files. Its accepts fail with {@code EMFILE}; each failure is counted
 * and pauses accepting (10 ms doubling to 1 s) instead of being retried at once; the I/O thread
 * lives through it (the logging may fail too: the report path swallows that). When the test closes
 * some connections the files come back, the listener accepts the rest from its backlog, every
 * connection left is served, and no stale connection or peer is left in the registries. Asserted by
 * counts and states; the worker's CPU time while accepts fail is printed as a figure.
 */
@Tag("slow")
@Timeout(180)
class FileLimitTest {
    private static final int MAX_FILES = 128;
    private static final int CONNECTIONS = 150;
    private static final int FREED = 100;

    @TempDir
    Path dir;

    @Test
    void shouldPauseAcceptingWhenOutOfFilesAndServeEveryConnectionOnceFilesComeBack() throws Exception {
        final List<RawPeer> peers = new ArrayList<>();
        try (ChildJvm child = new ChildJvm(dir, MAX_FILES, List.of("-Xmx128m"), Child.class)) {
            final int port = Integer.parseInt(child.await("PORT", 30_000).split(" ")[1]);
            final Addr addr = Addr.tcp("127.0.0.1", port);
            for (int i = 0; i < CONNECTIONS; i++) {
                peers.add(new RawPeer(addr, 10_000).write(RawPeer.header(SpProtocol.PUSH)));
            }
            final Map<String, String> failing = ChildJvm.values(child.await("FAILING", 60_000));
            child.send("MEASURE");
            final Map<String, String> paused = ChildJvm.values(child.await("PAUSED", 30_000));
            for (final RawPeer p : peers.subList(0, FREED)) {
                p.close();
            }
            child.send("FREED");
            child.await("ACCEPTED", 60_000);
            for (final RawPeer p : peers.subList(FREED, CONNECTIONS)) {
                p.frame(new byte[] {42});
            }
            child.send("SENT");
            final Map<String, String> served = ChildJvm.values(child.await("SERVED", 60_000));
            for (final RawPeer p : peers) {
                p.close();
            }
            child.send("DONE");
            final Map<String, String> closed = ChildJvm.values(child.await("CLOSED", 60_000));
            assertThat(child.awaitExit(30_000)).isZero();
            System.out.printf("open-file limit %d, %d connections: %s | while accepts failed for about 1 s: %s | "
                + "after %d were closed: %s | %s%n", MAX_FILES, CONNECTIONS, failing, paused, FREED, served, closed);

            assertThat(Long.parseLong(failing.get("acceptFailures"))).as("accept failures counted").isPositive();
            assertThat(Long.parseLong(failing.get("accepted"))).as("accepted before the files ran out")
                .isLessThan(CONNECTIONS);
            assertThat(paused.get("workerAlive")).isEqualTo("true");
            assertThat(served.get("workerAlive")).as("the I/O thread lived through it").isEqualTo("true");
            assertThat(Long.parseLong(served.get("accepted"))).as("every connection accepted in the end")
                .isEqualTo(CONNECTIONS);
            final int live = CONNECTIONS - FREED;
            assertThat(Long.parseLong(served.get("handled"))).as("a message from each connection left").isEqualTo(live);
            assertThat(Long.parseLong(served.get("connections"))).isEqualTo(live);
            assertThat(Long.parseLong(served.get("registryConnections"))).as("registry agrees").isEqualTo(live);
            assertThat(Long.parseLong(served.get("registryPeers"))).isEqualTo(live);
            assertThat(closed.get("registryConnections")).as("no stale connection").isEqualTo("0");
            assertThat(closed.get("registryPeers")).as("no stale peer").isEqualTo("0");
            assertThat(closed.get("transportClose")).isEqualTo("true");
            assertThat(closed.get("unhandled")).isEqualTo("0");
        } finally {
            for (final RawPeer p : peers) {
                p.close();
            }
        }
    }

    /** The child: a transport under the file limit, driven by the test's commands. */
    static final class Child {
        private Child() {
        }

        public static void main(final String[] args) throws Exception {
            final BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            final AtomicLong handled = new AtomicLong();
            final Engine ring = Engine.builder().name("file-limit").jmx(false)
                .config(InfraConfig.builder().bufferSizeBytes(1024).maxPooledSizeBytes(1024).maxRetained(16)
                    .maxMessageSizeBytes(1 << 16).build())
                .ring(MessageRing.builder().ringSize(256))
                .handler((m, seq, eob) -> handled.incrementAndGet()).build().start();
            final Transport transport = Transport.builder(ring).build();
            final SpSocket pull = transport.openSocket("pull", SpProtocol.PULL);
            final Listener l = transport.listen(pull, Addr.parse("tcp://127.0.0.1:0"));
            final Thread worker = transport.ioThreads()[0];
            // Load now every class the child needs later: with no file descriptor left, loading a
            // class from the class path fails (NoClassDefFoundError).
            ChildJvm.values(figures(transport, ring, handled, worker));
            ManagementFactory.getThreadMXBean().getThreadCpuTime(worker.getId());
            System.out.println("PORT " + l.boundAddr().port());
            System.out.flush();

            await(() -> stats(transport).acceptFailures() >= 1);
            System.out.println("FAILING " + figures(transport, ring, handled, worker));
            System.out.flush();
            expect(in, "MEASURE");
            final long cpu = ManagementFactory.getThreadMXBean().getThreadCpuTime(worker.getId());
            final long failures = stats(transport).acceptFailures();
            final long wall = System.nanoTime();
            LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(1));   // the files stay short for a while
            System.out.println("PAUSED workerCpuMs=" + TimeUnit.NANOSECONDS.toMillis(
                ManagementFactory.getThreadMXBean().getThreadCpuTime(worker.getId()) - cpu) + " wallMs="
                + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - wall) + " acceptFailuresMeanwhile="
                + (stats(transport).acceptFailures() - failures) + " workerAlive=" + worker.isAlive());
            System.out.flush();

            expect(in, "FREED");
            await(() -> stats(transport).accepted() >= CONNECTIONS && stats(transport).connections() <= CONNECTIONS - FREED);
            System.out.println("ACCEPTED " + figures(transport, ring, handled, worker));
            System.out.flush();
            expect(in, "SENT");
            // The handler count can arrive before the end of the batch that also held the freed
            // connections' closing events, which is when the engine republishes its snapshot.
            await(() -> handled.get() >= CONNECTIONS - FREED
                && ring.registries().snapshot().connectionCount() == CONNECTIONS - FREED
                && ring.registries().snapshot().peerCount() == CONNECTIONS - FREED);
            System.out.println("SERVED " + figures(transport, ring, handled, worker));
            System.out.flush();

            expect(in, "DONE");
            await(() -> stats(transport).connections() == 0 && ring.registries().snapshot().connectionCount() == 0
                && ring.registries().snapshot().peerCount() == 0);
            final boolean closed = transport.close(TimeUnit.SECONDS.toNanos(5));
            final RegistrySnapshot after = ring.registries().snapshot();
            final long unhandled = ring.close(TimeUnit.SECONDS.toNanos(5));
            System.out.println("CLOSED transportClose=" + closed + " unhandled=" + unhandled + " registryConnections="
                + after.connectionCount() + " registryPeers=" + after.peerCount());
            System.out.flush();
        }

        private static TransportStats stats(final Transport t) {
            return t.stats(new TransportStats());
        }

        private static String figures(final Transport t, final Engine ring, final AtomicLong handled,
            final Thread worker) {
            final TransportStats s = stats(t);
            final RegistrySnapshot r = ring.registries().snapshot();
            return "accepted=" + s.accepted() + " acceptFailures=" + s.acceptFailures() + " ioFaults=" + s.ioFaults()
                + " connections=" + s.connections() + " registryConnections=" + r.connectionCount() + " registryPeers="
                + r.peerCount() + " handled=" + handled.get() + " workerAlive=" + worker.isAlive();
        }

        /** Waits for a state, at most 60 s (the test bounds the whole child too). */
        private static void await(final BooleanSupplier state) {
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!state.getAsBoolean()) {
                if (System.nanoTime() - deadline >= 0) {
                    throw new IllegalStateException("the child's wait timed out after 60 s");
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
            }
        }

        private static void expect(final BufferedReader in, final String command) throws java.io.IOException {
            final String got = ChildJvm.nextCommand(in);
            if (!command.equals(got)) {
                throw new IllegalStateException("expected " + command + ", got " + got);
            }
        }
    }
}
