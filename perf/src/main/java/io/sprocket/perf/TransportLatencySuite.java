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
import io.sprocket.ring.ThreadingMode;
import io.sprocket.ring.MessageHandler;
import io.sprocket.transport.Listener;
import io.sprocket.transport.SpProtocol;
import io.sprocket.transport.Transport;

/**
 * {@code latency --transport URL}: a ping-pong over loopback through the transport and the ring on
 * both sides (PAIR0; the server's engine echoes a clone back to the peer; the client's engine
 * records the echo and sends the next ping), in each threading mode asked for, beside a raw
 * blocking-socket Java ping-pong with the same SP framing. All run in this JVM, interleaved round
 * by round; each round of a Sprocket system builds its two nodes afresh and closes them after, so
 * that spinning threads of one system never share the cores with another's round. The round trip is
 * measured from the send to the moment the client's engine (Sprocket) or its blocking read (raw)
 * has the echo.
 */
final class TransportLatencySuite {
    static final String BENCHMARK = "latency-transport";
    static final String RAW = "raw-socket";
    /** Slots in each node's ring. */
    private static final int RING_SIZE = 1024;

    static final class Settings {
        Addr url;
        int sizeBytes = 64;
        int count = 20_000;
        int warmup = 10_000;
        int rounds = 5;
        long timeoutNs = 120_000_000_000L;
        /** The Sprocket systems: one per threading mode. */
        ThreadingMode[] modes = {ThreadingMode.DEDICATED, ThreadingMode.SHARED};
        /** How the Sprocket threads wait; null for each mode's own ({@link #waitFor}). */
        EngineWait wait;
        /** Also a REQ/REP round trip in each mode, beside that mode's PAIR0 ping-pong. */
        boolean req;
    }

    private TransportLatencySuite() {
    }

    /** The system name of a threading mode, for example {@code sprocket-shared}. */
    static String systemName(final ThreadingMode mode) {
        return "sprocket-" + mode.name().toLowerCase(Locale.ROOT);
    }

    /** The system name of a threading mode's REQ/REP round trip, for example {@code sprocket-shared-req}. */
    static String reqSystemName(final ThreadingMode mode) {
        return systemName(mode) + "-req";
    }

    /**
     * How a mode's threads wait unless told: {@code DEDICATED} blocks (the library's default, no CPU
     * while idle); the shared modes busy-spin (the thread that does everything never gives its core
     * away, which is what those modes are for).
     */
    static EngineWait waitFor(final Settings s, final ThreadingMode mode) {
        if (s.wait != null) {
            return s.wait;
        }
        return mode == ThreadingMode.DEDICATED ? EngineWait.BLOCKING : EngineWait.BUSY_SPIN;
    }

    static String describe(final Settings s) {
        final StringBuilder modes = new StringBuilder();
        for (final ThreadingMode m : s.modes) {
            modes.append(modes.length() == 0 ? "" : ", ").append(m).append('/').append(waitFor(s, m));
        }
        return String.format(Locale.ROOT, "latency over the transport: %s, %d B, %s round trips + %s warm-up, %d rounds,"
            + " threading %s, %s", s.url, s.sizeBytes, Fmt.count(s.count), Fmt.count(s.warmup), s.rounds, modes,
            s.req ? "PAIR0 ping-pong and REQ/REP" : "PAIR0 ping-pong");
    }

    static void run(final Settings s, final Report report, final Progress progress) throws Exception {
        final int sprockets = s.modes.length * (s.req ? 2 : 1);
        final int n = sprockets + 1;
        final String[] systems = new String[n];
        for (int i = 0; i < s.modes.length; i++) {
            systems[i] = systemName(s.modes[i]);
            if (s.req) {
                systems[s.modes.length + i] = reqSystemName(s.modes[i]);
            }
        }
        systems[n - 1] = RAW;
        final Histogram scratch = Support.newHistogram();
        final Histogram[] merged = new Histogram[n];
        for (int i = 0; i < n; i++) {
            merged[i] = Support.newHistogram();
        }
        final long[][] p50 = new long[n][s.rounds];
        final long[][] p99 = new long[n][s.rounds];
        final Histogram[][] intervals = new Histogram[n][s.rounds];
        try (RawPingPong raw = new RawPingPong(s)) {
            final Rounds.Trial[] trials = new Rounds.Trial[n];
            for (int i = 0; i < sprockets; i++) {
                final int system = i;
                final ThreadingMode mode = s.modes[i % s.modes.length];
                final boolean req = i >= s.modes.length;
                trials[i] = round -> record(system, round, scratch, merged, intervals, p50, p99, () -> {
                    try (SprocketPingPong sprocket = new SprocketPingPong(s, mode, waitFor(s, mode), req)) {
                        sprocket.run(LatencySuite.warmCount(round, s.count), scratch);
                    }
                });
            }
            trials[n - 1] = round -> record(n - 1, round, scratch, merged, intervals, p50, p99,
                () -> raw.run(LatencySuite.warmCount(round, s.count), scratch));
            final Rounds rounds = Rounds.run("latency transport", s.rounds, true, progress, systems, trials);
            final String title = "round trip over " + s.url.scheme().name().toLowerCase(Locale.ROOT) + " (" + s.sizeBytes + " B)";
            final TextTable table = new TextTable("system", "wait", "p50", "p90", "p99", "p99.9", "p99.99", "max", "samples");
            for (int i = 0; i < n; i++) {
                final Result r = report.add(new Result(BENCHMARK, systems[i]).latency(merged[i]));
                final LatencySeries series = new LatencySeries(BENCHMARK, systems[i], title, merged[i]);
                for (final Histogram interval : intervals[i]) {
                    series.addInterval(interval);
                }
                report.add(series);
                table.row(systems[i], i < sprockets ? waitFor(s, s.modes[i % s.modes.length]).name() : "blocking read",
                    Fmt.ns(r.p50Ns()), Fmt.ns(r.p90Ns()), Fmt.ns(r.p99Ns()), Fmt.ns(r.p999Ns()),
                    Fmt.ns(r.p9999Ns()), Fmt.ns(r.maxNs()), Fmt.count(merged[i].getTotalCount()));
            }
            final java.io.PrintStream out = report.out();
            out.println();
            out.println(String.format(Locale.ROOT, "LATENCY  ping-pong over %s through transport + ring on both sides,"
                    + " %d B payload, %d rounds x %s round trips after %s warm-up each", s.url, s.sizeBytes, s.rounds,
                Fmt.count(s.count), Fmt.count(s.warmup)));
            out.println("  nanoseconds, every round merged:");
            table.print(out, "  ");
            out.println("  ratio per round (lower is better):");
            for (int i = 0; i < sprockets; i++) {
                compare(report, out, rounds, systems, i, n - 1, p50, p99, s.rounds);
            }
            for (int i = 0; s.req && i < s.modes.length; i++) {
                compare(report, out, rounds, systems, s.modes.length + i, i, p50, p99, s.rounds);
            }
            rounds.printCanary(out, "  ");
            out.println("  Threads per side: raw-socket, one (the client's blocking reads; the echo thread's)."
                + " sprocket-dedicated, two (the engine, and an I/O thread of its own): a round trip crosses four"
                + " hand-offs between threads more than raw, each a wake-up when the threads block."
                + " sprocket-shared, one (engine and I/O polling in one duty cycle): no hand-off at all."
                + " sprocket-invoker, one (a driver thread of this harness calling the invoker, as an application would).");
            if (s.req) {
                out.println("  The -req systems: the same two nodes with a REQ socket asking and a REP socket answering"
                    + " (a request id in front of each, matched on the way back, the REP's reply routed by the"
                    + " request's backtrace), against the PAIR0 ping-pong of the same mode.");
            }
        }
    }

    /** Adds and prints the per-round p50 and p99 ratios of {@code system} to {@code baseline}. */
    private static void compare(final Report report, final java.io.PrintStream out, final Rounds rounds,
        final String[] systems, final int system, final int baseline, final long[][] p50, final long[][] p99,
        final int roundCount) {
        final Comparison c50 = report.add(new Comparison(BENCHMARK, "p50", systems[system], systems[baseline], false));
        final Comparison c99 = report.add(new Comparison(BENCHMARK, "p99", systems[system], systems[baseline], false));
        for (int round = 0; round < roundCount; round++) {
            c50.addRound(p50[system][round], p50[baseline][round], rounds.mode(round));
            c99.addRound(p99[system][round], p99[baseline][round], rounds.mode(round));
        }
        out.println("    " + c50.describe());
        out.println("    " + c99.describe());
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

    /**
     * Two nodes, each an engine and a transport in one threading mode. The client's engine drives
     * the ping-pong: on each echo it records the round trip and sends the next ping from its own
     * thread, so the benchmark's thread only starts a run and waits for its end.
     */
    private static final class SprocketPingPong implements AutoCloseable {
        private final Settings s;
        private final TransportNode server;
        private final TransportNode client;
        private final SpSocket clientSocket;
        private final boolean req;
        private long serverRefused;
        // Written by the client's engine thread; read by the benchmark thread once the run is done.
        private Histogram into;
        private int left;
        private int sent;
        private String failure;
        private volatile boolean done;
        private volatile Thread waiter;

        SprocketPingPong(final Settings s, final ThreadingMode mode, final EngineWait wait, final boolean req)
            throws IOException {
            this.s = s;
            this.req = req;
            final InfraConfig config = InfraConfig.builder().bufferSizeBytes(Math.max(64, s.sizeBytes))
                .maxPooledSizeBytes(Math.max(64, s.sizeBytes)).maxRetained(64).build();
            final Transport[] serverRef = new Transport[1];
            final MessageHandler echo = (m, seq, eob) -> {
                final Message copy = m.clone();
                if (!(req ? serverRef[0].reply(m, copy) : serverRef[0].sendToPeer(copy.peerId(), copy))) {
                    copy.release();
                    serverRefused++;
                }
            };
            server = new TransportNode("perf-tcp-server", mode, wait, RING_SIZE, config, echo);
            serverRef[0] = server.transport;
            client = new TransportNode("perf-tcp-client", mode, wait, RING_SIZE, config, this::onEcho);
            final SpSocket serverSocket = server.transport.openSocket("echo", req ? SpProtocol.REP : SpProtocol.PAIR0);
            clientSocket = client.transport.openSocket("ping", req ? SpProtocol.REQ : SpProtocol.PAIR0);
            final Listener listener = server.transport.listen(serverSocket, s.url);
            client.transport.dial(clientSocket, listener.boundAddr());
            if (!client.transport.awaitReady(clientSocket, 1, TimeUnit.SECONDS.toNanos(10))) {
                close();
                throw new RunFailure("the client did not connect to " + listener.boundAddr() + " within 10 s");
            }
        }

        /** The client's handler, on its engine thread: record, then ping again until the run is done. */
        private void onEcho(final Message m, final long sequence, final boolean endOfBatch) {
            final long rtt = System.nanoTime() - m.buffer().getLong(0);
            final Histogram h = into;
            if (h != null) {
                h.recordValue(Math.min(rtt, h.getHighestTrackableValue()));
            }
            if (--left > 0) {
                ping();
            } else {
                finish(null);
            }
        }

        private void ping() {
            final Message m = client.ring.clonePool().acquire(s.sizeBytes);
            m.buffer().setMemory(0, s.sizeBytes, (byte)sent);
            m.buffer().putLong(0, System.nanoTime());
            sent++;
            if (!(req ? client.transport.request(clientSocket, m) >= 0 : client.transport.send(clientSocket, m))) {
                m.release();
                finish("the client's transport refused ping " + sent + " (one in flight: it should never be full)");
            }
        }

        private void finish(final String why) {
            failure = why;
            done = true;
            LockSupport.unpark(waiter);
        }

        void run(final int count, final Histogram histogram) {
            exchange(s.warmup, null);
            exchange(count, histogram);
        }

        /** Starts {@code count} round trips from this thread and waits for the client's engine to finish them. */
        private void exchange(final int count, final Histogram histogram) {
            if (count == 0) {
                return;
            }
            into = histogram;
            left = count;
            sent = 0;
            failure = null;
            waiter = Thread.currentThread();
            done = false;   // a volatile write after the plain ones: the engine reads them after it sees the echo
            ping();
            final long deadline = System.nanoTime() + s.timeoutNs;
            while (!done) {
                if (System.nanoTime() - deadline > 0) {
                    throw new RunFailure("the ping-pong did not finish within " + s.timeoutNs / 1_000_000 + " ms ("
                        + left + " round trips left, server refused " + serverRefused + " echoes)");
                }
                LockSupport.parkNanos(1_000_000);
            }
            if (failure != null) {
                throw new RunFailure(failure);
            }
            into = null;
        }

        @Override
        public void close() {
            client.close();
            server.close();
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
