package io.sprocket.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.sprocket.message.Addr;
import io.sprocket.message.InfraConfig;
import io.sprocket.registry.SpSocket;
import io.sprocket.ring.MessageRing;
import io.sprocket.engine.RegistrySnapshot;
import io.sprocket.ring.RingStats;
import io.sprocket.engine.Engine;

/**
 * The direct-memory exhaustion scenario at small scale: a child JVM with 20 MiB of direct memory, and 28
 * peers each stalled inside a frame of 1 MiB (each staged frame holds 1 MiB). Direct memory runs
 * out while a ring slot is claimed for a frame (the one-lap buffer, or the staging buffer). Before,
 * that slot stayed claimed and every consumer waited on it forever: no later message was handled,
 * and neither close completed. Now the slot is given back, the connections whose frames failed are
 * closed and counted, the next message is handled and everything closes cleanly.
 */
@Tag("slow")
@Timeout(180)
class DirectMemoryExhaustionTest {
    private static final int PEERS = 28;
    private static final int FRAME = 1 << 20;
    private static final int SENT = 900_000;

    @TempDir
    Path dir;

    @Test
    void shouldCloseTheConnectionsWhoseFramesFindNoMemoryAndGoOn() throws Exception {
        final List<RawPeer> peers = new ArrayList<>();
        try (ChildJvm child = new ChildJvm(dir, 0, List.of("-Xmx128m", "-XX:MaxDirectMemorySize=20m"), Child.class)) {
            final int port = Integer.parseInt(child.await("PORT", 30_000).split(" ")[1]);
            final Addr addr = Addr.tcp("127.0.0.1", port);
            final byte[] part = Arrays.copyOf(Payloads.random(SENT, 1), SENT);
            for (int i = 0; i < PEERS; i++) {
                final RawPeer p = new RawPeer(addr, 10_000);
                peers.add(p);
                try {
                    p.write(RawPeer.header(SpProtocol.PUSH)).writePrefix(FRAME).write(part);
                } catch (final IOException closedOnAFailedFrame) {
                    // the child closed this connection: its frame found no memory
                }
            }
            child.send("SENT");
            final Map<String, String> processed = ChildJvm.values(child.await("PROCESSED", 90_000));
            final RawPeer hello = new RawPeer(addr, 10_000);
            peers.add(hello);
            hello.write(RawPeer.header(SpProtocol.PUSH)).frame("hello".getBytes(StandardCharsets.US_ASCII));
            child.send("HELLO");
            final Map<String, String> handled = ChildJvm.values(child.await("HELLO", 60_000));
            for (final RawPeer p : peers) {
                p.close();
            }
            child.send("DONE");
            final Map<String, String> closed = ChildJvm.values(child.await("CLOSED", 60_000));
            assertThat(child.awaitExit(30_000)).isZero();
            System.out.printf("direct memory 20 MiB, %d peers stalled inside 1 MiB frames: %s | a new peer's message:"
                + " %s | %s%n", PEERS, processed, handled, closed);

            final long staged = Long.parseLong(processed.get("staged"));
            final long failed = Long.parseLong(processed.get("connectionsFailed"));
            assertThat(failed).as("connections whose frame found no direct memory (the scenario was reached)")
                .isPositive();
            assertThat(staged + failed).as("every stalled peer's frame staged or failed").isEqualTo(PEERS);
            assertThat(Long.parseLong(processed.get("ioFaults"))).isGreaterThanOrEqualTo(failed);
            assertThat(handled.get("helloHandled")).as("the next message handled").isEqualTo("true");
            assertThat(closed.get("transportClose")).isEqualTo("true");
            assertThat(closed.get("unhandled")).isEqualTo("0");
            assertThat(closed.get("registryConnections")).isEqualTo("0");
            assertThat(closed.get("registryPeers")).isEqualTo("0");
        } finally {
            for (final RawPeer p : peers) {
                p.close();
            }
        }
    }

    /** The child: a transport with little direct memory, driven by the test's commands. */
    static final class Child {
        private Child() {
        }

        public static void main(final String[] args) throws Exception {
            final BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            final AtomicLong handled = new AtomicLong();
            final AtomicBoolean hello = new AtomicBoolean();
            final Engine ring = Engine.builder().name("no-direct-memory").jmx(false)
                .config(InfraConfig.builder().bufferSizeBytes(16 * 1024).maxPooledSizeBytes(64 * 1024)
                    .maxRetained(16).maxMessageSizeBytes(FRAME).build())
                .ring(MessageRing.builder().ringSize(64))
                .handler((m, seq, eob) -> {
                    handled.incrementAndGet();
                    if (m.length() == 5) {
                        hello.set(true);
                    }
                }).build().start();
            final Transport transport = Transport.builder(ring).recvMaxSizeBytes(FRAME).build();
            final SpSocket pull = transport.openSocket("pull", SpProtocol.PULL);
            final Listener l = transport.listen(pull, Addr.parse("tcp://127.0.0.1:0"));
            System.out.println("PORT " + l.boundAddr().port());
            System.out.flush();

            final long start = System.nanoTime();
            expect(in, "SENT");
            final long sent = System.nanoTime();
            await(() -> stats(transport).stagedFrames() + stats(transport).connectionsFailed() >= PEERS, 60);
            System.out.println("PROCESSED " + figures(transport, ring, handled) + " sendingMs="
                + TimeUnit.NANOSECONDS.toMillis(sent - start) + " thenMs=" + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sent));
            System.out.flush();
            expect(in, "HELLO");
            await(hello::get, 20);
            System.out.println("HELLO helloHandled=" + hello.get() + " " + figures(transport, ring, handled) + " atMs="
                + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
            System.out.flush();
            expect(in, "DONE");
            await(() -> stats(transport).connections() == 0, 20);
            final boolean closed = transport.close(TimeUnit.SECONDS.toNanos(5));
            final RegistrySnapshot after = ring.registries().snapshot();
            final long unhandled = ring.close(TimeUnit.SECONDS.toNanos(5));
            System.out.println("CLOSED transportClose=" + closed + " unhandled=" + unhandled + " registryConnections="
                + after.connectionCount() + " registryPeers=" + after.peerCount() + " atMs="
                + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
            System.out.flush();
        }

        private static TransportStats stats(final Transport t) {
            return t.stats(new TransportStats());
        }

        private static String figures(final Transport t, final Engine ring, final AtomicLong handled) {
            final TransportStats s = stats(t);
            final RingStats r = ring.ring().stats(new RingStats());
            long direct = -1;
            for (final BufferPoolMXBean pool : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
                if ("direct".equals(pool.getName())) {
                    direct = pool.getMemoryUsed();
                }
            }
            return "staged=" + s.stagedFrames() + " connectionsFailed=" + s.connectionsFailed() + " ioFaults="
                + s.ioFaults() + " framesIn=" + s.framesIn() + " handled=" + handled.get() + " ringClaims=" + r.claims()
                + " ringCancelled=" + r.cancelled() + " connections=" + s.connections() + " directBytes=" + direct;
        }

        private static void await(final BooleanSupplier state, final int seconds) {
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            while (!state.getAsBoolean() && System.nanoTime() - deadline < 0) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
            }
        }

        private static void expect(final BufferedReader in, final String command) throws IOException {
            final String got = ChildJvm.nextCommand(in);
            if (!command.equals(got)) {
                throw new IllegalStateException("expected " + command + ", got " + got);
            }
        }
    }
}
