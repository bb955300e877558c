package io.sprocket.perf;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.Callable;

import io.sprocket.message.Addr;
import io.sprocket.ring.EngineWait;
import io.sprocket.ring.ThreadingMode;
import io.sprocket.perf.report.Fmt;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code sprocket-perf latency}: ping-pong round trip and one-way at a fixed rate. */
@Command(name = "latency", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "Latency: ping-pong round trip and one-way at fixed rates, beside the raw Disruptor and ArrayBlockingQueue.",
        "Ping-pong: two rings, each consumer publishes into the other (2 threads, one message in flight). One-way:"
            + " the sender stamps each message with its intended send time and the consumer measures from it, so"
            + " the histogram is corrected for coordinated omission; it runs at each rate of --rate (a sweep).",
        "Prints p50, p90, p99, p99.9, p99.99 and max, with per-round ratios; writes the JSON, one .hgrm (percentiles)"
            + " and one .hlog (HdrHistogram interval log, a round per interval) per series and system, and a PNG:"
            + " the ping-pong's percentiles, and the one-way's p50 and p99 by rate.",
        ""})
final class LatencyCommand implements Callable<Integer> {
    @Option(names = "--wait", paramLabel = "busy|yield|block|sleep", defaultValue = "busy",
        description = "Consumer wait strategy, the same for Sprocket and the Disruptor. Default: ${DEFAULT-VALUE}.")
    WaitMode wait;

    @Option(names = "--size", paramLabel = "BYTES", defaultValue = "64",
        description = "Payload bytes copied per hop (at least 16). Default: ${DEFAULT-VALUE}.")
    int size;

    @Option(names = "--count", paramLabel = "N", defaultValue = "50000",
        description = "Ping-pong round trips recorded per system per round. Default: ${DEFAULT-VALUE}.")
    int count;

    @Option(names = "--warmup", paramLabel = "N", defaultValue = "20000",
        description = "Round trips before recording, per system per round. Default: ${DEFAULT-VALUE}.")
    int warmup;

    @Option(names = "--rounds", paramLabel = "N", defaultValue = "5",
        description = "Interleaved rounds (A, B, C, A, B, C...). Default: ${DEFAULT-VALUE}.")
    int rounds;

    @Option(names = "--rate", paramLabel = "MSGS_PER_SEC[,...]", split = ",", defaultValue = "10000,100000,1000000",
        description = "One-way send rates, each measured (a sweep, from the highest to the lowest); one rate"
            + " measures that rate alone. The plot draws a sweep as p50 and p99 by rate, a single rate as its"
            + " percentiles. Default: ${DEFAULT-VALUE}.")
    long[] rates;

    @Option(names = "--oneway-count", paramLabel = "N", defaultValue = "5000",
        description = "One-way messages recorded per system per round at the lowest rate; each higher rate records"
            + " proportionally more, so a round lasts as long at every rate. Default: ${DEFAULT-VALUE}.")
    int oneWayCount;

    @Option(names = "--oneway-warmup", paramLabel = "N", defaultValue = "2000",
        description = "One-way messages before recording, per system per round, at the lowest rate (scaled as"
            + " --oneway-count). Default: ${DEFAULT-VALUE}.")
    int oneWayWarmup;

    @Option(names = "--mode", paramLabel = "pingpong|oneway|both", defaultValue = "both",
        description = "Which measurements. Default: ${DEFAULT-VALUE}.")
    String mode;

    @Option(names = "--ring-size", paramLabel = "SLOTS", defaultValue = "1024",
        description = "Ring size (and queue capacity), a power of two. Default: ${DEFAULT-VALUE}.")
    int ringSize;

    @Option(names = "--transport", paramLabel = "URL",
        description = "Instead of the in-process ring: ping-pong over the SP transport at this address (for example"
            + " tcp://127.0.0.1:0 or ipc:///tmp/sprocket-perf.ipc), beside raw blocking sockets with the same"
            + " framing, in each mode of --threading. Uses --size, --count, --warmup, --rounds, --threading and"
            + " --idle.")
    String transport;

    @Option(names = "--threading", paramLabel = "MODE[,...]", split = ",", defaultValue = "dedicated,shared",
        description = "With --transport: the threading modes to measure, each a system of its own beside raw sockets."
            + " dedicated: an engine thread and an I/O thread per side; shared: engine and I/O polling in one duty"
            + " cycle on one thread per side; invoker: the same, driven by a thread of the harness through the"
            + " ring's invoker. Default: ${DEFAULT-VALUE}.")
    String[] threading;

    @Option(names = "--idle", paramLabel = "busy|yield|block|sleep",
        description = "With --transport: how every Sprocket thread waits for work. Default: each mode its own:"
            + " block for dedicated (in the selector and parked: no CPU while idle), busy for shared and invoker"
            + " (the one thread keeps its core).")
    WaitMode idle;

    @Option(names = "--protocol", paramLabel = "pair|req", defaultValue = "pair",
        description = "With --transport: pair, a PAIR0 ping-pong; req, also a REQ/REP round trip in each mode beside that"
            + " mode's PAIR0 ping-pong (request ids, matching, the reply routed by its backtrace). Default:"
            + " ${DEFAULT-VALUE}.")
    String protocol;

    @Mixin
    CommonOptions common = new CommonOptions();

    private final PrintStream out;
    private final PrintStream err;

    LatencyCommand(final PrintStream out, final PrintStream err) {
        this.out = out;
        this.err = err;
    }

    LatencySuite.Settings settings() {
        final LatencySuite.Settings s = new LatencySuite.Settings();
        s.wait = wait;
        s.sizeBytes = Settings.atLeast("--size", size, 16);
        s.count = Settings.positive("--count", count);
        s.warmup = Settings.atLeast("--warmup", warmup, 0);
        s.rounds = Settings.positive("--rounds", rounds);
        for (final long rate : rates) {
            Settings.positive("--rate", rate);
        }
        s.rates = rates.clone();
        s.oneWayCount = Settings.positive("--oneway-count", oneWayCount);
        s.oneWayWarmup = Settings.atLeast("--oneway-warmup", oneWayWarmup, 0);
        s.ringSize = Settings.powerOfTwo("--ring-size", ringSize);
        switch (mode.toLowerCase(Locale.ROOT)) {
            case "pingpong":
                s.oneWay = false;
                break;
            case "oneway":
                s.pingPong = false;
                break;
            case "both":
                break;
            default:
                throw new IllegalArgumentException("--mode must be pingpong, oneway or both, got '" + mode + "'");
        }
        s.timeoutNs = common.timeoutNs();
        return s;
    }

    /** Parses {@code --threading}: mode names in any case, each once. */
    static ThreadingMode[] modes(final String[] names) {
        final ThreadingMode[] modes = new ThreadingMode[names.length];
        for (int i = 0; i < names.length; i++) {
            try {
                modes[i] = ThreadingMode.valueOf(names[i].trim().toUpperCase(Locale.ROOT));
            } catch (final IllegalArgumentException e) {
                throw new IllegalArgumentException("--threading takes dedicated, shared and invoker, got '" + names[i]
                    + "'", e);
            }
            for (int j = 0; j < i; j++) {
                if (modes[j] == modes[i]) {
                    throw new IllegalArgumentException("--threading names " + names[i] + " twice");
                }
            }
        }
        return modes;
    }

    /** Parses {@code --transport}: a tcp:// or ipc:// address (the transport speaks no other). */
    static Addr transportAddr(final String url) {
        final Addr addr = Addr.parse(url);
        if (addr.scheme() == Addr.Scheme.INPROC) {
            throw new IllegalArgumentException("--transport takes a tcp:// or ipc:// address, got " + url);
        }
        return addr;
    }

    /**
     * Refuses {@code --threading invoker} with a blocking wait: the harness's driver thread has nothing to block on.
     *
     * @param waitOf how each mode's threads wait, as the suite resolves it.
     */
    static void refuseBlockingInvoker(final ThreadingMode[] modes,
        final java.util.function.Function<ThreadingMode, EngineWait> waitOf) {
        for (final ThreadingMode m : modes) {
            if (m == ThreadingMode.INVOKER && waitOf.apply(m) == EngineWait.BLOCKING) {
                throw new IllegalArgumentException("--threading invoker with --idle block: the harness's driver"
                    + " thread has nothing to block on (a blocking wait is for threads Sprocket runs itself);"
                    + " use busy, yield or sleep");
            }
        }
    }

    static String describe(final LatencySuite.Settings s) {
        final StringBuilder rates = new StringBuilder();
        final long[] sweep = LatencySuite.sweep(s.rates);
        for (int i = sweep.length - 1; i >= 0; i--) {
            rates.append(rates.length() == 0 ? "" : ", ").append(Fmt.count(sweep[i]));
        }
        return String.format(Locale.ROOT, "latency: wait %s, %d B, ping-pong %s + %s warm-up, one-way at %s msgs/s"
                + " (%s + %s warm-up at the lowest rate, as long at the others), %d rounds, ring %s", s.wait.label(),
            s.sizeBytes, Fmt.count(s.count), Fmt.count(s.warmup), rates, Fmt.count(s.oneWayCount),
            Fmt.count(s.oneWayWarmup), s.rounds, Fmt.count(s.ringSize));
    }

    @Override
    public Integer call() throws Exception {
        if (transport != null) {
            final TransportLatencySuite.Settings t = new TransportLatencySuite.Settings();
            t.url = transportAddr(transport);
            t.sizeBytes = Settings.atLeast("--size", size, 16);
            t.count = Settings.positive("--count", count);
            t.warmup = Settings.atLeast("--warmup", warmup, 0);
            t.rounds = Settings.positive("--rounds", rounds);
            t.timeoutNs = common.timeoutNs();
            t.modes = modes(threading);
            t.wait = idle == null ? null : idle.engineWait();
            if (!"pair".equals(protocol) && !"req".equals(protocol)) {
                throw new IllegalArgumentException("--protocol must be pair or req, got " + protocol);
            }
            t.req = "req".equals(protocol);
            refuseBlockingInvoker(t.modes, m -> TransportLatencySuite.waitFor(t, m));
            final Session session = Session.open(common, out, err, "latency", TransportLatencySuite.describe(t));
            TransportLatencySuite.run(t, session.report, session.progress);
            return session.finish(true);
        }
        final LatencySuite.Settings s = settings();
        final Session session = Session.open(common, out, err, "latency", describe(s));
        LatencySuite.run(s, session.report, session.progress);
        return session.finish(true);
    }
}
