package io.sprocket.perf;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import io.sprocket.journal.JournalDescriptor;
import io.sprocket.perf.report.Fmt;
import io.sprocket.perf.report.Goal;
import io.sprocket.perf.report.Report;
import io.sprocket.perf.report.TextTable;
import io.sprocket.perf.report.Verdict;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code sprocket-perf journal bench}: journalled throughput and ping-pong latency beside their baselines. */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "What journalling costs: throughput of a journalled ring beside the same ring without the journal and beside"
            + " a raw sequential write of the same record bytes to mapped files (the physical limit), and ping-pong"
            + " latency with 'journal, then business logic' beside the same rings without the journal. The journal"
            + " runs before the engine on its own thread (journal), before the engine on the engine's thread as one"
            + " more agent of a SHARED ring (journal-shared), beside it (journal-beside), and inside the engine's"
            + " handler (journal-inline). Interleaved round by round in one JVM, with the ratio of each round's pair;"
            + " policy NONE. The goals are measured on journal-shared: the journal before the engine with the"
            + " threads the ring has without it, which is how to run it on a machine with few cores.",
        "Journals are written under --dir (default: a new temporary directory), one fresh directory per run,"
            + " deleted after it.",
        ""})
final class JournalBenchCommand implements Callable<Integer> {
    /** The journal's goals: ratios between systems of this bench (journalled throughput, journalled latency). */
    static final List<Goal> GOALS = List.of(
        new Goal("journalled throughput (NONE), journal-shared / raw mapped write", JournalThroughputSuite.BENCHMARK,
            "msgs/s", "journal-shared", "raw-mapped", Goal.Kind.AT_LEAST, 0.8),
        new Goal("ping-pong p99, journal then engine (SHARED) / no journal", JournalLatencySuite.BENCHMARK, "p99",
            "journal-shared", "ring", Goal.Kind.AT_MOST, 2.0));

    @Option(names = "--mode", paramLabel = "throughput|latency|both", defaultValue = "both",
        description = "Which measurements. Default: ${DEFAULT-VALUE}.")
    String mode;

    @Option(names = "--wait", paramLabel = "busy|yield|block|sleep", defaultValue = "yield",
        description = "Consumer wait strategy of every ring. Default: ${DEFAULT-VALUE} (a journalled ring has three"
            + " consumer threads; busy-spinning them on two cores measures the scheduler).")
    WaitMode wait;

    @Option(names = "--size", paramLabel = "BYTES", defaultValue = "64",
        description = "Payload bytes per message (at least 8). Default: ${DEFAULT-VALUE}.")
    int size;

    @Option(names = "--messages", paramLabel = "N", defaultValue = "2000000",
        description = "Throughput: messages per system per round. Default: ${DEFAULT-VALUE}.")
    long messages;

    @Option(names = "--count", paramLabel = "N", defaultValue = "20000",
        description = "Latency: round trips recorded per system per round. Default: ${DEFAULT-VALUE}.")
    int count;

    @Option(names = "--warmup", paramLabel = "N", defaultValue = "10000",
        description = "Latency: round trips before recording, per system per round. Default: ${DEFAULT-VALUE}.")
    int warmup;

    @Option(names = "--rounds", paramLabel = "N", defaultValue = "5",
        description = "Interleaved rounds. Default: ${DEFAULT-VALUE}.")
    int rounds;

    @Option(names = "--ring-size", paramLabel = "SLOTS", defaultValue = "16384",
        description = "Throughput: ring size, a power of two (ping-pong rings have 1024). Default: ${DEFAULT-VALUE}.")
    int ringSize;

    @Option(names = "--segment-size", paramLabel = "BYTES", defaultValue = "67108864",
        description = "Journal segment size, a multiple of 4096. Default: ${DEFAULT-VALUE} (64 MiB).")
    int segmentSize;

    @Option(names = "--dir", paramLabel = "DIR",
        description = "Where the journals are written (each run in a fresh subdirectory, deleted after it)."
            + " Default: a new temporary directory.")
    Path dir;

    @Mixin
    CommonOptions common = new CommonOptions();

    private final PrintStream out;
    private final PrintStream err;

    JournalBenchCommand(final PrintStream out, final PrintStream err) {
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() throws Exception {
        final boolean throughput = "throughput".equals(mode) || "both".equals(mode);
        final boolean latency = "latency".equals(mode) || "both".equals(mode);
        if (!throughput && !latency) {
            throw new IllegalArgumentException("--mode must be throughput, latency or both, got '" + mode + "'");
        }
        Settings.atLeast("--size", size, 8);
        Settings.positive("--messages", messages);
        Settings.positive("--count", count);
        Settings.atLeast("--warmup", warmup, 0);
        Settings.positive("--rounds", rounds);
        Settings.powerOfTwo("--ring-size", ringSize);
        JournalDescriptor.checkSegmentSize(segmentSize);
        if (size > JournalDescriptor.maxPayloadLength(segmentSize)) {
            throw new IllegalArgumentException("--size " + size + " does not fit a " + segmentSize + "-byte segment");
        }
        final boolean temporary = dir == null;
        final Path base = temporary ? Files.createTempDirectory("sprocket-journal-bench") : Files.createDirectories(dir);
        final Session session = Session.open(common, out, err, "journal bench", String.format(Locale.ROOT,
            "journal bench: %s, wait %s, %d B, %s messages, %s round trips, %d rounds, %s B segments, in %s", mode,
            wait.label(), size, Fmt.count(messages), Fmt.count(count), rounds, Fmt.count(segmentSize), base));
        try {
            if (throughput) {
                final JournalThroughputSuite.Settings s = new JournalThroughputSuite.Settings();
                s.wait = wait;
                s.sizeBytes = size;
                s.messages = messages;
                s.rounds = rounds;
                s.ringSize = ringSize;
                s.segmentSizeBytes = segmentSize;
                s.dir = base;
                s.timeoutNs = common.timeoutNs();
                JournalThroughputSuite.run(s, session.report, session.progress);
            }
            if (latency) {
                final JournalLatencySuite.Settings s = new JournalLatencySuite.Settings();
                s.wait = wait;
                s.sizeBytes = size;
                s.count = count;
                s.warmup = warmup;
                s.rounds = rounds;
                s.segmentSizeBytes = segmentSize;
                s.dir = base;
                s.timeoutNs = common.timeoutNs();
                JournalLatencySuite.run(s, session.report, session.progress);
            }
        } finally {
            if (temporary) {
                JournalThroughputSuite.deleteTree(base);
            }
        }
        final boolean met = printGoals(session.report);
        final int status = session.finish(true);
        return status == 0 && common.failOnMiss && !met ? Session.EXIT_GOAL_MISSED : status;
    }

    /** Prints the journal goals this run measured, each with its own verdict; true when none missed. */
    static boolean printGoals(final Report report) {
        final TextTable table = new TextTable("goal", "target", "measured", "mode", "verdict");
        boolean allPass = true;
        int measured = 0;
        for (final Goal goal : GOALS) {
            final Verdict v = goal.evaluate(report);
            if (v != null) {
                measured++;
                allPass &= v.pass();
                table.row(goal.label(), goal.targetText(), v.measured(), v.mode(), v.status().name());
            }
        }
        if (measured > 0) {
            report.out().println();
            report.out().println("JOURNAL GOALS  (median of the per-round ratios; a ratio compares two figures of the"
                + " same round)");
            table.print(report.out(), "  ");
        }
        return allPass;
    }
}
