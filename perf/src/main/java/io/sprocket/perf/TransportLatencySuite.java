package io.sprocket.perf;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.HdrHistogram.Histogram;

import io.sprocket.message.Addr;
import io.sprocket.message.InfraConfig;
import io.sprocket.message.Message;
import io.sprocket.perf.report.Comparison;
import io.sprocket.perf.report.Fmt;
import io.sprocket.perf.report.LatencySeries;
import io.sprocket.perf.report.Report;
import io.sprocket.perf.report.Result;
import io.sprocket.perf.report.TextTable;
import io.sprocket.registry.SpSocket;
import io.sprocket.ring.EngineWait;
import io.sprocket.ring.MessageHandler;
import io.sprocket.ring.MessageRing;
import io.sprocket.engine.Engine;
import io.sprocket.transport.Listener;
import io.sprocket.transport.SpProtocol;
import io.sprocket.transport.Transport;

/**
 * {@code latency --transport URL}: a ping-pong over loopback through the transport and the ring on
 * both sides (PAIR0; the server's engine echoes a clone back to the peer), beside a raw
 * blocking-socket Java ping-pong with the same SP framing. Both run in this JVM, interleaved round
 * by round. The round trip is measured from the send to the moment the client's engine (Sprocket)
 * or its blocking read (raw) has the echo.
 */
final class TransportLatencySuite {
    static final String BENCHMARK = "latency-transport";
    static final String[] SYSTEMS = {"sprocket", "raw-socket"};

    static final class Settings {
        Addr url;
        int sizeBytes = 64;
        int count = 20_000;
        int warmup = 10_000;
        int rounds = 5;
        long timeoutNs = 120_000_000_000L;
    }

    private TransportLatencySuite() {
    }

    static String describe(final Settings s) {
        return String.format(Locale.ROOT, "latency over the transport: %s, %d B, %s round trips + %s warm-up, %d rounds",
            s.url, s.sizeBytes, Fmt.count(s.count), Fmt.count(s.warmup), s.rounds);
    }

    static void run(final Settings s, final Report report, final Progress progress) throws Exception {
        final Histogram scratch = Support.newHistogram();
        final Histogram[] merged = {Support.newHistogram(), Support.newHistogram()};
        final long[][] p50 = new long[2][s.rounds];
        final long[][] p99 = new long[2][s.rounds];
        final Histogram[][] intervals = new Histogram[2][s.rounds];
        try (SprocketPingPong sprocket = new SprocketPingPong(s); RawPingPong raw = new RawPingPong(s)) {
            final Rounds rounds = Rounds.run("latency transport", s.rounds, true, progress, SYSTEMS,
                round -> record(0, round, scratch, merged, intervals, p50, p99,
                    () -> sprocket.run(LatencySuite.warmCount(round, s.count), scratch)),
                round -> record(1, round, scratch, merged, intervals, p50, p99,
                    () -> raw.run(LatencySuite.warmCount(round, s.count), scratch)));
            final String title = "round trip over " + s.url.scheme().name().toLowerCase(Locale.ROOT) + " (" + s.sizeBytes + " B)";
            final TextTable table = new TextTable("system", "p50", "p90", "p99", "p99.9", "p99.99", "max", "samples");
            for (int i = 0; i < SYSTEMS.length; i++) {
                final Result r = report.add(new Result(BENCHMARK, SYSTEMS[i]).latency(merged[i]));
                final LatencySeries series = new LatencySeries(BENCHMARK, SYSTEMS[i], title, merged[i]);
                for (final Histogram interval : intervals[i]) {
                    series.addInterval(interval);
                }
                report.add(series);
                table.row(SYSTEMS[i], Fmt.ns(r.p50Ns()), Fmt.ns(r.p90Ns()), Fmt.ns(r.p99Ns()), Fmt.ns(r.p999Ns()),
                    Fmt.ns(r.p9999Ns()), Fmt.ns(r.maxNs()), Fmt.count(merged[i].getTotalCount()));
            }
            final Comparison p50Raw = report.add(new Comparison(BENCHMARK, "p50", "sprocket", "raw-socket", false));
            final Comparison p99Raw = report.add(new Comparison(BENCHMARK, "p99", "sprocket", "raw-socket", false));
            for (int round = 0; round < s.rounds; round++) {
                p50Raw.addRound(p50[0][round], p50[1][round], rounds.mode(round));
                p99Raw.addRound(p99[0][round], p99[1][round], rounds.mode(round));
            }
            final java.io.PrintStream out = report.out();
            out.println();
            out.println(String.format(Locale.ROOT, "LATENCY  ping-pong over %s through transport + ring on both sides,"
                    + " %d B payload, %d rounds x %s round trips after %s warm-up each", s.url, s.sizeBytes, s.rounds,
                Fmt.count(s.count), Fmt.count(s.warmup)));
            out.println("  nanoseconds, every round merged:");
            table.print(out, "  ");
            out.println("  ratio per round (lower is better):");
            out.println("    " + p50Raw.describe());
            out.println("    " + p99Raw.describe());
            rounds.printCanary(out, "  ");
            out.println("  sprocket: the client's ring engine records the echo (engines wait BLOCKING, one I/O thread per"
                + " side: 6 threads on this machine's cores); raw-socket: one blocking client thread and one echo"
                + " thread, the same framing. A Sprocket round trip crosses 4 hand-offs between threads more than"
                + " the raw one (app -> I/O -> engine -> I/O -> engine on the way out and back).");
        }
    }

    @FunctionalInterface
    private interface Run {
        void run() throws Exception;
    }

    private static void record(
        final int system, final int round, final Histogram scratch, final Histogram[] merged,
        final Histogram[][] intervals, final long[][] p50, final long[][] p99, final Run run) throws Exception {
        scratch.reset();
        final long startMs = System.currentTimeMillis();
        run.run();
        if (round >= 0) {
            p50[system][round] = scratch.getValueAtPercentile(50);
            p99[system][round] = scratch.getValueAtPercentile(99);
            merged[system].add(scratch);
            intervals[system][round] = Support.interval(scratch, startMs);
        }
    }

    // ------------------------------------------------------------------ through transport and ring

    /** Two rings, two transports, one PAIR0 connection between them, in this JVM. */
    private static final class SprocketPingPong implements AutoCloseable {
        private final Settings s;
        private final Engine serverEngine;
        private final Engine clientEngine;
        private final MessageRing serverRing;
        private final MessageRing clientRing;
        private final Transport server;
        private final Transport client;
        private final SpSocket clientSocket;
        private volatile Histogram into;
        private volatile long echoes;
        private volatile Thread pinger;
        private long serverRefused;

        SprocketPingPong(final Settings s) throws IOException {
            this.s = s;
            final InfraConfig config = InfraConfig.builder().ringSize(1024).bufferSizeBytes(Math.max(64, s.sizeBytes))
                .maxPooledSizeBytes(Math.max(64, s.sizeBytes)).maxRetained(64).build();
            final Transport[] serverRef = new Transport[1];
            final MessageHandler echo = (m, seq, eob) -> {
                final Message copy = m.clone();
                if (!serverRef[0].sendToPeer(copy.peerId(), copy)) {
                    copy.release();
                    serverRefused++;
                }
            };
            final MessageHandler receive = (m, seq, eob) -> {
                final long rtt = System.nanoTime() - m.buffer().getLong(0);
                final Histogram h = into;
                if (h != null) {
                    h.recordValue(Math.min(rtt, h.getHighestTrackableValue()));
                }
                echoes = echoes + 1;
                LockSupport.unpark(pinger);
            };
            serverEngine = Engine.builder().name("perf-tcp-server").config(config)
                .ring(MessageRing.builder().engineWait(EngineWait.BLOCKING)).jmx(false).handler(echo).build().start();
            clientEngine = Engine.builder().name("perf-tcp-client").config(config)
                .ring(MessageRing.builder().engineWait(EngineWait.BLOCKING)).jmx(false).handler(receive).build().start();
            serverRing = serverEngine.ring();
            clientRing = clientEngine.ring();
            server = Transport.builder(serverEngine).build();
            serverRef[0] = server;
            client = Transport.builder(clientEngine).build();
            final SpSocket serverSocket = server.openSocket("echo", SpProtocol.PAIR0);
            clientSocket = client.openSocket("ping", SpProtocol.PAIR0);
            final Listener listener = server.listen(serverSocket, s.url);
            client.dial(clientSocket, listener.boundAddr());
            if (!client.awaitReady(clientSocket, 1, TimeUnit.SECONDS.toNanos(10))) {
                throw new RunFailure("the client did not connect to " + listener.boundAddr() + " within 10 s");
            }
        }

        void run(final int count, final Histogram histogram) {
            pinger = Thread.currentThread();
            exchange(s.warmup, null);
            exchange(count, histogram);
        }

        private void exchange(final int count, final Histogram histogram) {
            into = histogram;
            for (int i = 0; i < count; i++) {
                final long before = echoes;
                final Message m = clientRing.clonePool().acquire(s.sizeBytes);
                m.buffer().setMemory(0, s.sizeBytes, (byte)i);
                final long deadline = System.nanoTime() + s.timeoutNs;
                m.buffer().putLong(0, System.nanoTime());
                while (!client.send(clientSocket, m)) {
                    waitOrFail(deadline, "room in the outbound queue");
                }
                while (echoes == before) {
                    waitOrFail(deadline, "echo " + i);
                }
            }
            into = null;
        }

        private void waitOrFail(final long deadline, final String what) {
            if (System.nanoTime() - deadline > 0) {
                throw new RunFailure(what + " did not come within " + s.timeoutNs / 1_000_000 + " ms (server refused "
                    + serverRefused + " echoes)");
            }
            LockSupport.parkNanos(100_000);
        }

        @Override
        public void close() {
            client.close();
            server.close();
            clientEngine.close(TimeUnit.SECONDS.toNanos(5));
            serverEngine.close(TimeUnit.SECONDS.toNanos(5));
        }
    }

    // ------------------------------------------------------------------ raw blocking sockets

    /** A blocking-socket client and echo thread with the same framing: u64 length (ipc: 0x01 first). */
    private static final class RawPingPong implements AutoCloseable {
        private final Settings s;
        private final boolean ipc;
        private final ServerSocketChannel serverChannel;
        private final SocketChannel clientChannel;
        private final Thread echo;
        private final Path ipcPath;
        private final ByteBuffer out;
        private final ByteBuffer in;

        RawPingPong(final Settings s) throws IOException {
            this.s = s;
            this.ipc = s.url.scheme() == Addr.Scheme.IPC;
            final SocketAddress bindTo;
            if (ipc) {
                ipcPath = Path.of(s.url.path() + ".raw");
                Files.deleteIfExists(ipcPath);
                bindTo = UnixDomainSocketAddress.of(ipcPath);
                serverChannel = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            } else {
                ipcPath = null;
                bindTo = new InetSocketAddress(s.url.host().equals("*") ? "0.0.0.0" : s.url.host(), 0);
                serverChannel = ServerSocketChannel.open();
            }
            serverChannel.bind(bindTo);
            final int prefix = ipc ? 9 : 8;
            out = ByteBuffer.allocateDirect(prefix + s.sizeBytes).order(ByteOrder.BIG_ENDIAN);
            in = ByteBuffer.allocateDirect(prefix + s.sizeBytes).order(ByteOrder.BIG_ENDIAN);
            clientChannel = SocketChannel.open(serverChannel.getLocalAddress());
            final SocketChannel accepted = serverChannel.accept();
            if (!ipc) {
                clientChannel.socket().setTcpNoDelay(true);
                accepted.socket().setTcpNoDelay(true);
            }
            echo = new Thread(() -> echoLoop(accepted, prefix + s.sizeBytes), "perf-raw-echo");
            echo.setDaemon(true);
            echo.start();
        }

        private static void echoLoop(final SocketChannel channel, final int frameBytes) {
            final ByteBuffer frame = ByteBuffer.allocateDirect(frameBytes);
            try (channel) {
                while (true) {
                    frame.clear();
                    while (frame.hasRemaining()) {
                        if (channel.read(frame) < 0) {
                            return;
                        }
                    }
                    frame.flip();
                    while (frame.hasRemaining()) {
                        channel.write(frame);
                    }
                }
            } catch (final IOException closed) {
                // the client went away: the run is over
            }
        }

        void run(final int count, final Histogram histogram) throws IOException {
            exchange(s.warmup, null);
            exchange(count, histogram);
        }

        private void exchange(final int count, final Histogram histogram) throws IOException {
            final int prefix = ipc ? 9 : 8;
            for (int i = 0; i < count; i++) {
                out.clear();
                if (ipc) {
                    out.put((byte)1);
                }
                out.putLong(s.sizeBytes);
                for (int b = 0; b < s.sizeBytes; b++) {
                    out.put(prefix + b, (byte)i);
                }
                out.position(prefix + s.sizeBytes).flip();
                final long start = System.nanoTime();
                while (out.hasRemaining()) {
                    clientChannel.write(out);
                }
                in.clear();
                while (in.hasRemaining()) {
                    if (clientChannel.read(in) < 0) {
                        throw new RunFailure("the raw echo closed the connection");
                    }
                }
                final long rtt = System.nanoTime() - start;
                if (histogram != null) {
                    histogram.recordValue(Math.min(rtt, histogram.getHighestTrackableValue()));
                }
            }
        }

        @Override
        public void close() throws IOException {
            clientChannel.close();
            serverChannel.close();
            try {
                echo.join(5_000);
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (ipcPath != null) {
                Files.deleteIfExists(ipcPath);
            }
        }
    }
}
