package io.sprocket.perf;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.Callable;

import io.sprocket.message.Addr;
import io.sprocket.perf.report.Fmt;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code sprocket-perf latency}: ping-pong round trip and one-way at a fixed rate. */
@Command(name = "latency", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "Latency: ping-pong round trip and one-way at a fixed rate, beside the raw Disruptor and ArrayBlockingQueue.",
        "Ping-pong: two rings, each consumer publishes into the other (2 threads, one message in flight). One-way:"
            + " the sender stamps each message with its intended send time and the consumer measures from it, so"
            + " the histogram is corrected for coordinated omission.",
        "Prints p50, p90, p99, p99.9, p99.99 and max, with per-round ratios; writes the JSON, one .hgrm per series"
            + " and a percentile plot (PNG).",
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

    @Option(names = "--rate", paramLabel = "MSGS_PER_SEC", defaultValue = "100000",
        description = "One-way send rate. Default: ${DEFAULT-VALUE}.")
    long rate;

    @Option(names = "--oneway-count", paramLabel = "N", defaultValue = "100000",
        description = "One-way messages recorded per system per round. Default: ${DEFAULT-VALUE}.")
    int oneWayCount;

    @Option(names = "--oneway-warmup", paramLabel = "N", defaultValue = "10000",
        description = "One-way messages before recording, per system per round. Default: ${DEFAULT-VALUE}.")
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
            + " framing. Uses --size, --count, --warmup and --rounds.")
    String transport;

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
        s.rate = Settings.positive("--rate", rate);
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

    static String describe(final LatencySuite.Settings s) {
        return String.format(Locale.ROOT, "latency: wait %s, %d B, ping-pong %s + %s warm-up, one-way %s + %s at %s/s,"
                + " %d rounds, ring %s", s.wait.label(), s.sizeBytes, Fmt.count(s.count), Fmt.count(s.warmup),
            Fmt.count(s.oneWayCount), Fmt.count(s.oneWayWarmup), Fmt.count(s.rate), s.rounds, Fmt.count(s.ringSize));
    }

    @Override
    public Integer call() throws Exception {
        if (transport != null) {
            final TransportLatencySuite.Settings t = new TransportLatencySuite.Settings();
            t.url = Addr.parse(transport);
            if (t.url.scheme() == Addr.Scheme.INPROC) {
                throw new IllegalArgumentException("--transport takes a tcp:// or ipc:// address, got " + transport);
            }
            t.sizeBytes = Settings.atLeast("--size", size, 16);
            t.count = Settings.positive("--count", count);
            t.warmup = Settings.atLeast("--warmup", warmup, 0);
            t.rounds = Settings.positive("--rounds", rounds);
            t.timeoutNs = common.timeoutNs();
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
