package io.sprocket.perf;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.Callable;

import io.sprocket.perf.report.Fmt;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code sprocket-perf throughput}: 1 producer and N producers to the engine. */
@Command(name = "throughput", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "Throughput: 1 producer, then N producers, to the engine, beside the raw Disruptor and ArrayBlockingQueue.",
        "Messages per second from producer threads to one consumer: Sprocket (tryClaim/publish), the raw Disruptor"
            + " (same wait strategy; tryNext(n)/publish(lo, hi)) and ArrayBlockingQueue, interleaved round by round,"
            + " with the ratio of each round's pair. Every round checks that the consumer handled what was sent.",
        ""})
final class ThroughputCommand implements Callable<Integer> {
    @Option(names = "--wait", paramLabel = "busy|yield|block|sleep", defaultValue = "busy",
        description = "Consumer wait strategy, the same for Sprocket and the Disruptor. Default: ${DEFAULT-VALUE}.")
    WaitMode wait;

    @Option(names = "--size", paramLabel = "BYTES", defaultValue = "8",
        description = "Payload bytes written per message (at least 8). Default: ${DEFAULT-VALUE}.")
    int size;

    @Option(names = "--messages", paramLabel = "N", defaultValue = "20000000",
        description = "Messages per system per round. Default: ${DEFAULT-VALUE}.")
    long messages;

    @Option(names = "--producers", paramLabel = "N", defaultValue = "2",
        description = "Producers of the second series (1 runs only the first). Default: ${DEFAULT-VALUE}.")
    int producers;

    @Option(names = "--batch", paramLabel = "N", defaultValue = "1",
        description = "Claim N slots, write them, then publish them. Default: ${DEFAULT-VALUE}.")
    int batch;

    @Option(names = "--rounds", paramLabel = "N", defaultValue = "5",
        description = "Interleaved rounds. Default: ${DEFAULT-VALUE}.")
    int rounds;

    @Option(names = "--ring-size", paramLabel = "SLOTS", defaultValue = "65536",
        description = "Ring size (and queue capacity), a power of two. Default: ${DEFAULT-VALUE}.")
    int ringSize;

    @Mixin
    CommonOptions common = new CommonOptions();

    private final PrintStream out;
    private final PrintStream err;

    ThroughputCommand(final PrintStream out, final PrintStream err) {
        this.out = out;
        this.err = err;
    }

    ThroughputSuite.Settings settings() {
        final ThroughputSuite.Settings s = new ThroughputSuite.Settings();
        s.wait = wait;
        s.sizeBytes = Settings.atLeast("--size", size, 8);
        s.messages = Settings.positive("--messages", messages);
        s.producers = Settings.positive("--producers", producers);
        s.ringSize = Settings.powerOfTwo("--ring-size", ringSize);
        s.batch = Settings.positive("--batch", batch);
        if (s.batch > s.ringSize) {
            throw new IllegalArgumentException("--batch (" + batch + ") must not exceed --ring-size (" + ringSize + ")");
        }
        s.rounds = Settings.positive("--rounds", rounds);
        s.timeoutNs = common.timeoutNs();
        return s;
    }

    static String describe(final ThroughputSuite.Settings s) {
        return String.format(Locale.ROOT, "throughput: wait %s, %d B, %s messages, 1 and %d producers, batch %d,"
                + " ring %s, %d rounds", s.wait.label(), s.sizeBytes, Fmt.count(s.messages), s.producers, s.batch,
            Fmt.count(s.ringSize), s.rounds);
    }

    @Override
    public Integer call() throws Exception {
        final ThroughputSuite.Settings s = settings();
        final Session session = Session.open(common, out, err, "throughput", describe(s));
        ThroughputSuite.run(s, session.report, session.progress);
        return session.finish(true);
    }
}
