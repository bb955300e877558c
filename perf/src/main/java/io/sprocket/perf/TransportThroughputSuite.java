package io.sprocket.perf;

import java.io.PrintStream;
import java.util.Locale;

import io.sprocket.message.Addr;
import io.sprocket.perf.report.Comparison;
import io.sprocket.perf.report.Fmt;
import io.sprocket.perf.report.Report;
import io.sprocket.perf.report.Result;
import io.sprocket.perf.report.TextTable;
import io.sprocket.ring.EngineWait;
import io.sprocket.ring.ThreadingMode;

/**
 * {@code throughput --transport URL --protocol push}: PUSH/PULL messages per second over loopback,
 * through the transport and the ring on both sides ({@link PushPullStream}), in each threading mode
 * asked for, beside one Java thread writing the same SP frames over a blocking socket to another that
 * reads and parses them ({@link RawFrameStream}). All run in this JVM, interleaved round by round, each
 * round on fresh nodes and a fresh connection; the figure is the messages the receiving side has
 * handled (the PULL node's engine handler, or the raw reader's parse) per second from the first send.
 */
final class TransportThroughputSuite {
    static final String BENCHMARK = "throughput-transport";
    static final String RAW = TransportLatencySuite.RAW;

    static final class Settings {
        Addr url;
        int sizeBytes = ThroughputCommand.TRANSPORT_SIZE_BYTES;
        long messages = ThroughputCommand.TRANSPORT_MESSAGES;
        int rounds = 5;
        long timeoutNs = 120_000_000_000L;
        /** The Sprocket systems: one per threading mode. */
        ThreadingMode[] modes = {ThreadingMode.DEDICATED, ThreadingMode.SHARED};
        /** How the Sprocket threads wait; null for each mode's own ({@link #waitFor}). */
        EngineWait wait;
    }

    private TransportThroughputSuite() {
    }

    /**
     * How a mode's threads wait unless told: {@code DEDICATED} blocks, as in {@code latency --transport};
     * the shared modes yield rather than spin, since the sending application thread needs a core too and
     * this machine may have two.
     */
    static EngineWait waitFor(final Settings s, final ThreadingMode mode) {
        if (s.wait != null) {
            return s.wait;
        }
        return mode == ThreadingMode.DEDICATED ? EngineWait.BLOCKING : EngineWait.YIELDING;
    }

    static String describe(final Settings s) {
        final StringBuilder modes = new StringBuilder();
        for (final ThreadingMode m : s.modes) {
            modes.append(modes.length() == 0 ? "" : ", ").append(m).append('/').append(waitFor(s, m));
        }
        return String.format(Locale.ROOT, "throughput over the transport: PUSH/PULL, %s, %d B, %s messages, %d rounds,"
            + " threading %s", s.url, s.sizeBytes, Fmt.count(s.messages), s.rounds, modes);
    }

    static void run(final Settings s, final Report report, final Progress progress) throws Exception {
        final int n = s.modes.length + 1;
        final String[] systems = new String[n];
        for (int i = 0; i < s.modes.length; i++) {
            systems[i] = TransportLatencySuite.systemName(s.modes[i]);
        }
        systems[n - 1] = RAW;
        final double[][] rates = new double[n][s.rounds];
        final long warmup = Math.max(1, s.messages / 2);
        try (RawFrameStream raw = new RawFrameStream(s.url, s.sizeBytes, s.timeoutNs)) {
            final Rounds.Trial[] trials = new Rounds.Trial[n];
            for (int i = 0; i < s.modes.length; i++) {
                final int system = i;
                final ThreadingMode mode = s.modes[i];
                trials[i] = round -> {
                    try (PushPullStream sprocket = new PushPullStream(s.url, s.sizeBytes, mode, waitFor(s, mode),
                        s.timeoutNs)) {
                        final double rate = sprocket.run(round < 0 ? warmup : s.messages);
                        if (round >= 0) {
                            rates[system][round] = rate;
                        }
                    }
                };
            }
            trials[n - 1] = round -> {
                final double rate = raw.run(round < 0 ? warmup : s.messages);
                if (round >= 0) {
                    rates[n - 1][round] = rate;
                }
            };
            final Rounds rounds = Rounds.run("throughput transport", s.rounds, true, progress, systems, trials);
            print(s, report, systems, rates, rounds);
        }
    }

    private static void print(final Settings s, final Report report, final String[] systems, final double[][] rates,
        final Rounds rounds) {
        final int n = systems.length;
        final String[] headers = new String[s.rounds + 3];
        headers[0] = "system";
        headers[1] = "threads wait";
        for (int r = 0; r < s.rounds; r++) {
            headers[r + 2] = "round " + (r + 1);
        }
        headers[s.rounds + 2] = "median";
        final TextTable table = new TextTable(headers);
        for (int i = 0; i < n; i++) {
            final String[] row = new String[s.rounds + 3];
            row[0] = systems[i];
            row[1] = i < s.modes.length ? waitFor(s, s.modes[i]).name() : "blocking I/O";
            for (int r = 0; r < s.rounds; r++) {
                row[r + 2] = Fmt.rate(rates[i][r]);
            }
            final double median = ThroughputSuite.median(rates[i]);
            row[s.rounds + 2] = Fmt.rate(median);
            table.row(row);
            report.add(new Result(BENCHMARK, systems[i]).msgsPerSec(median));
        }
        final PrintStream out = report.out();
        out.println();
        out.println(String.format(Locale.ROOT, "THROUGHPUT  PUSH/PULL over %s through transport + ring on both sides,"
            + " %d B payload, %d rounds x %s messages", s.url, s.sizeBytes, s.rounds, Fmt.count(s.messages)));
        out.println("  messages per second received (handled by the PULL node's engine, or parsed by the raw reader),"
            + " from the first send to the last message received; higher is better; every round checked: each"
            + " message received once, in order");
        table.print(out, "  ");
        out.println("  ratio to raw-socket per round (above 1: Sprocket is faster):");
        for (int i = 0; i < s.modes.length; i++) {
            final Comparison c = report.add(new Comparison(BENCHMARK, "msgs/s", systems[i], RAW, true));
            for (int round = 0; round < s.rounds; round++) {
                c.addRound(rates[i][round], rates[n - 1][round], rounds.mode(round));
            }
            out.println("    " + c.describe());
        }
        rounds.printCanary(out, "  ");
        out.println("  Sprocket: the sender (this harness's thread) calls transport.send(socket, message) per message"
            + " and retries while it returns false (the connection's queue is full); the PUSH node's I/O writes what is"
            + " queued with gathering writes; the PULL node reads frames into its ring and its engine counts them."
            + " Threads: the sender, plus per node an engine and an I/O thread (dedicated) or one thread (shared).");
        out.println("  raw-socket: two threads, one blocking write() per message (prefix and payload in one buffer),"
            + " and a reader that takes up to " + RawFrameStream.READ_BUFFER_BYTES / 1024 + " KiB per read() and"
            + " parses every frame in it.");
    }
}
