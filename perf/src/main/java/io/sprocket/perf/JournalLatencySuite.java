package io.sprocket.perf;

import static io.sprocket.perf.JournalSystems.BESIDE;
import static io.sprocket.perf.JournalSystems.INLINE;
import static io.sprocket.perf.JournalSystems.JOURNAL;
import static io.sprocket.perf.JournalSystems.SHARED;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import org.HdrHistogram.Histogram;
import org.agrona.concurrent.UnsafeBuffer;

import io.sprocket.journal.Journal;
import io.sprocket.message.InfraConfig;
import io.sprocket.perf.report.Comparison;
import io.sprocket.perf.report.Fmt;
import io.sprocket.perf.report.LatencySeries;
import io.sprocket.perf.report.Report;
import io.sprocket.perf.report.Result;
import io.sprocket.perf.report.TextTable;
import io.sprocket.ring.MessageHandler;
import io.sprocket.ring.MessageRing;
import io.sprocket.ring.MessageRingBuilder;

/**
 * Ping-pong round trip with the journal (benchmark {@code journal-latency}): two rings, the pinger's
 * engine records each reply's round trip and pings again, the ponger's engine echoes. The ponger's ring
 * (the "service") is journalled three ways, interleaved round by round:
 *
 * <ul>
 *   <li>{@code journal}: the journal before the ponger's engine ("journal, then business logic"), policy
 *       NONE: each ping is written before it is answered, one more hand-off per round trip;</li>
 *   <li>{@code journal-shared}: the same, with the ponger's journal and engine run by one thread
 *       ({@code ThreadingMode.SHARED}): one more hand-off between consumers, none between threads;
 *       the goal's system;</li>
 *   <li>{@code journal-beside}: the journal beside the ponger's engine;</li>
 *   <li>{@code journal-inline}: the journal on the ponger's engine thread ({@code Journal.journalThen}):
 *       written before it is answered, with no hand-off;</li>
 *   <li>{@code ring}: the same rings without a journal.</li>
 * </ul>
 *
 * One message is in flight at a time, so there is no schedule to fall behind.
 */
final class JournalLatencySuite {
    static final String BENCHMARK = "journal-latency";
    static final String[] SYSTEMS = {"journal", "journal-shared", "journal-beside", "journal-inline", "ring"};
    private static final int RING = 4;

    /** The settings of one run. */
    static final class Settings {
        WaitMode wait = WaitMode.YIELD;
        int sizeBytes = 64;
        int count = 20_000;
        int warmup = 10_000;
        int rounds = 5;
        int ringSize = 1024;
        int segmentSizeBytes = 64 << 20;
        Path dir;
        long timeoutNs = 120_000_000_000L;
    }

    private JournalLatencySuite() {
    }

    static void run(final Settings s, final Report report, final Progress progress) throws Exception {
        final UnsafeBuffer template = Support.template(s.sizeBytes);
        final Histogram scratch = Support.newHistogram();
        final Histogram[] merged = new Histogram[SYSTEMS.length];
        final long[][] p50 = new long[SYSTEMS.length][s.rounds];
        final long[][] p99 = new long[SYSTEMS.length][s.rounds];
        final Histogram[][] intervals = new Histogram[SYSTEMS.length][s.rounds];
        final Rounds.Trial[] trials = new Rounds.Trial[SYSTEMS.length];
        for (int i = 0; i < SYSTEMS.length; i++) {
            merged[i] = Support.newHistogram();
            final int system = i;
            trials[i] = round -> {
                scratch.reset();
                final long startMs = System.currentTimeMillis();
                final Path dir = s.dir.resolve("latency-" + SYSTEMS[system] + "-" + (round + 1));
                try {
                    pingPong(s, dir, template, system, s.warmup, LatencySuite.warmCount(round, s.count), scratch);
                } finally {
                    JournalThroughputSuite.deleteTree(dir);
                }
                if (round >= 0) {
                    p50[system][round] = scratch.getValueAtPercentile(50);
                    p99[system][round] = scratch.getValueAtPercentile(99);
                    merged[system].add(scratch);
                    intervals[system][round] = Support.interval(scratch, startMs);
                }
            };
        }
        final Rounds rounds = Rounds.run("journal ping-pong", s.rounds, true, progress, SYSTEMS, trials);

        final TextTable table = new TextTable("system", "p50", "p90", "p99", "p99.9", "p99.99", "max", "samples");
        for (int i = 0; i < SYSTEMS.length; i++) {
            final Result r = report.add(new Result(BENCHMARK, SYSTEMS[i]).latency(merged[i]));
            final LatencySeries series = new LatencySeries(BENCHMARK, SYSTEMS[i], "journal ping-pong ("
                + s.wait.label() + ", " + s.sizeBytes + " B)", merged[i]);
            for (final Histogram interval : intervals[i]) {
                series.addInterval(interval);
            }
            report.add(series);
            table.row(SYSTEMS[i], Fmt.ns(r.p50Ns()), Fmt.ns(r.p90Ns()), Fmt.ns(r.p99Ns()), Fmt.ns(r.p999Ns()),
                Fmt.ns(r.p9999Ns()), Fmt.ns(r.maxNs()), Fmt.count(merged[i].getTotalCount()));
        }
        final Comparison p99Journal = report.add(new Comparison(BENCHMARK, "p99", "journal", "ring", false));
        final Comparison p50Journal = report.add(new Comparison(BENCHMARK, "p50", "journal", "ring", false));
        final Comparison p99Shared = report.add(new Comparison(BENCHMARK, "p99", "journal-shared", "ring", false));
        final Comparison p99Beside = report.add(new Comparison(BENCHMARK, "p99", "journal-beside", "ring", false));
        final Comparison p99Inline = report.add(new Comparison(BENCHMARK, "p99", "journal-inline", "ring", false));
        for (int round = 0; round < s.rounds; round++) {
            p99Journal.addRound(p99[JOURNAL][round], p99[RING][round], rounds.mode(round));
            p50Journal.addRound(p50[JOURNAL][round], p50[RING][round], rounds.mode(round));
            p99Shared.addRound(p99[SHARED][round], p99[RING][round], rounds.mode(round));
            p99Beside.addRound(p99[BESIDE][round], p99[RING][round], rounds.mode(round));
            p99Inline.addRound(p99[INLINE][round], p99[RING][round], rounds.mode(round));
        }
        final PrintStream out = report.out();
        out.println();
        out.println(String.format(Locale.ROOT, "JOURNAL LATENCY  ping-pong round trip, the ponger's ring journalled"
                + " (policy NONE), wait %s, %d B payload, %d rounds x %s round trips after %s warm-up each",
            s.wait.label(), s.sizeBytes, s.rounds, Fmt.count(s.count), Fmt.count(s.warmup)));
        out.println("  nanoseconds, every round merged:");
        table.print(out, "  ");
        out.println("  ratio per round (lower is better; journal-shared / ring is the goal):");
        out.println("    " + p99Shared.describe());
        out.println("    " + p99Journal.describe());
        out.println("    " + p50Journal.describe());
        out.println("    " + p99Beside.describe());
        out.println("    " + p99Inline.describe());
        rounds.printCanary(out, "  ");
        out.println("  journal: pinger -> journal -> ponger's engine -> pinger (3 consumer threads on the cores);"
            + " journal-shared: the same on 2 threads, the ponger's journal and engine taking turns on one;"
            + " journal-inline: the ponger's engine journals, then answers (2 threads); ring: pinger -> ponger's engine"
            + " -> pinger. p99.99 and max are dominated by preemption: judge by p50 to p99.9.");
    }

    /** One run: {@code warmup} round trips unrecorded, then {@code count} recorded into {@code into}. */
    private static void pingPong(final Settings s, final Path dir, final UnsafeBuffer template, final int system,
        final int warmup, final int count, final Histogram into) throws IOException {
        final Journal journal = system == RING ? null : Journal.builder(Files.createDirectories(dir))
            .segmentSizeBytes(s.segmentSizeBytes).maxMessageSizeBytes(s.sizeBytes).open();
        try {
            final InfraConfig config = InfraConfig.builder().bufferSizeBytes(s.sizeBytes).build();
            final RingPingPong pingPong = new RingPingPong(s.sizeBytes, warmup, count, into, template);
            final MessageHandler ponger = pingPong.ponger();
            MessageRingBuilder pong = MessageRing.builder().name("journal-pong").config(config).ringSize(s.ringSize)
                .singleProducer(true).engineWait(s.wait.engineWait()).jmx(false);
            pong = JournalSystems.handle(pong, journal, system, ponger);
            final MessageRing toPonger = pong.build();
            final MessageRing toPinger = pingPong.pingRing(MessageRing.builder().name("journal-ping").config(config)
                .ringSize(s.ringSize).singleProducer(true).engineWait(s.wait.engineWait()).jmx(false), "journal-ping");
            pingPong.run(toPonger, toPinger, s.timeoutNs, SYSTEMS[system] + " ping-pong");
        } finally {
            if (journal != null) {
                journal.close();
            }
        }
    }
}
