package io.sprocket.perf;

import com.lmax.disruptor.BatchEventProcessor;
import com.lmax.disruptor.BatchEventProcessorBuilder;
import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.RingBuffer;
import org.HdrHistogram.Histogram;
import org.agrona.concurrent.UnsafeBuffer;

import io.sprocket.message.InfraConfig;
import io.sprocket.perf.report.Comparison;
import io.sprocket.perf.report.Fmt;
import io.sprocket.perf.report.LatencySeries;
import io.sprocket.perf.report.Report;
import io.sprocket.perf.report.Result;
import io.sprocket.perf.report.TextTable;
import io.sprocket.ring.MessageHandler;
import io.sprocket.ring.MessageRing;

/**
 * Latency, two ways, each for Sprocket, the raw Disruptor and ArrayBlockingQueue, interleaved:
 *
 * <ul>
 *   <li><b>Ping-pong round trip</b> (benchmark {@code latency}), the standard Disruptor shape: two rings,
 *       two consumer threads; the pinger's handler records the round trip of each reply and publishes
 *       the next ping into the other ring, whose handler echoes the payload back. Closed loop: one
 *       message in flight, so there is no schedule to fall behind and coordinated omission does not
 *       arise.</li>
 *   <li><b>One-way at a fixed rate</b> (benchmark {@code latency-oneway}): the main thread sends on a
 *       schedule and stamps each message with its <i>intended</i> send time; the consumer records
 *       arrival minus intended time. A sender that falls behind keeps its schedule, so the queueing
 *       delay it causes is counted: the histogram is corrected for coordinated omission. It runs at each
 *       of a sweep of rates, from the highest (so the JIT has compiled everything before the slow rates)
 *       to the lowest, every rate's round lasting as long: {@code oneWayCount} messages at the lowest
 *       rate, proportionally more at the others.</li>
 * </ul>
 *
 * Why a sweep: with the correction, a stall of T ms (a preemption of the sender or the consumer by
 * another thread) makes T x R late samples out of R per second, so the share of late samples is the
 * share of time stalled, whatever the rate, and above that percentile every system shows the same
 * stalls. The systems differ there only where the rate comes near what one of them can carry: the
 * backlog of a stall then drains at its spare capacity. One rate shows one point of that; the sweep
 * shows where each system's tail leaves the others.
 *
 * Every system copies the same {@code size}-byte payload per hop, into off-heap slots laid out the
 * same way, and waits with the same strategy (ArrayBlockingQueue can only block).
 */
final class LatencySuite {
    static final String PING_PONG = "latency";
    static final String ONE_WAY = "latency-oneway";
    private static final String[] SYSTEMS = {"sprocket", "disruptor", "abq"};

    /** The settings of one latency run. */
    static final class Settings {
        WaitMode wait = WaitMode.BUSY;
        int sizeBytes = 64;
        int count = 50_000;
        int warmup = 20_000;
        int rounds = 5;
        boolean pingPong = true;
        boolean oneWay = true;
        /** One-way rates, msgs/s, each measured; sorted from the highest to the lowest when run. */
        long[] rates = {10_000, 100_000, 1_000_000};
        /** One-way messages recorded per system and round at the lowest rate (more at the others). */
        int oneWayCount = 5_000;
        /** One-way messages before recording, per system and round, at the lowest rate. */
        int oneWayWarmup = 2_000;
        int ringSize = 1024;
        long timeoutNs = 120_000_000_000L;
    }

    private LatencySuite() {
    }

    static void run(final Settings s, final Report report, final Progress progress) throws Exception {
        if (s.pingPong) {
            final PingPongSystems.PingPong[] systems = PingPongSystems.create(s);
            final Series series = new Series(PING_PONG, s.rounds, 0);
            final Rounds rounds = Rounds.run("latency ping-pong", s.rounds, true, progress, SYSTEMS,
                round -> series.measure(0, round, h -> systems[0].run(s.warmup, warmCount(round, s.count), h)),
                round -> series.measure(1, round, h -> systems[1].run(s.warmup, warmCount(round, s.count), h)),
                round -> series.measure(2, round, h -> systems[2].run(s.warmup, warmCount(round, s.count), h)));
            series.report(report, rounds, "ping-pong round trip (" + s.wait.label() + ", " + s.sizeBytes + " B)",
                String.format(java.util.Locale.ROOT,
                    "LATENCY  ping-pong round trip (2 threads), wait %s, %d B payload, %d rounds x %s round trips"
                        + " after %s warm-up each", s.wait.label(), s.sizeBytes, s.rounds, Fmt.count(s.count),
                    Fmt.count(s.warmup)),
                "abq is ArrayBlockingQueue put/take: it always blocks, whatever --wait says.");
        }
        if (s.oneWay) {
            final OneWaySystems.OneWay[] systems = OneWaySystems.create(s);
            final long[] rates = sweep(s.rates);
            for (int r = 0; r < rates.length; r++) {
                final long rate = rates[r];
                final int count = atRate(s.oneWayCount, rate, rates[rates.length - 1]);
                final int warmup = atRate(s.oneWayWarmup, rate, rates[rates.length - 1]);
                final Series series = new Series(ONE_WAY, s.rounds, rate);
                final Rounds rounds = Rounds.run("latency one-way " + Fmt.count(rate) + "/s", s.rounds, true, progress,
                    SYSTEMS,
                    round -> series.measure(0, round, h -> systems[0].run(rate, warmup, warmCount(round, count), h)),
                    round -> series.measure(1, round, h -> systems[1].run(rate, warmup, warmCount(round, count), h)),
                    round -> series.measure(2, round, h -> systems[2].run(rate, warmup, warmCount(round, count), h)));
                series.report(report, rounds, "one-way at " + Fmt.count(rate) + "/s (" + s.wait.label() + ")",
                    String.format(java.util.Locale.ROOT,
                        "LATENCY  one-way at a fixed %s msgs/s (2 threads), wait %s, %d B payload, %d rounds x %s"
                            + " messages after %s warm-up each; corrected for coordinated omission (measured from the"
                            + " intended send time)", Fmt.count(rate), s.wait.label(), s.sizeBytes, s.rounds,
                        Fmt.count(count), Fmt.count(warmup)),
                    r < rates.length - 1 ? null
                        : "the sender spins to each intended send time, so it holds a core whatever --wait says. With"
                            + " the correction, one preemption of T ms at R msgs/s makes T x R late samples: the share"
                            + " of late samples is the share of time stalled at any rate, and the systems' tails"
                            + " differ only at rates near what one of them can carry (the plot shows the sweep).");
            }
        }
    }

    /** The rates of a sweep, each once, from the highest to the lowest. */
    static long[] sweep(final long[] rates) {
        final long[] sorted = java.util.Arrays.stream(rates).distinct().sorted().toArray();
        final long[] descending = new long[sorted.length];
        for (int i = 0; i < sorted.length; i++) {
            descending[i] = sorted[sorted.length - 1 - i];
        }
        return descending;
    }

    /**
     * A count given for the lowest rate, scaled to {@code rate} so that a round lasts as long at every rate.
     *
     * @throws IllegalArgumentException when the scaled count does not fit an int.
     */
    static int atRate(final int countAtLowest, final long rate, final long lowest) {
        final double scaled = (double)countAtLowest * rate / lowest;
        if (scaled > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("--oneway-count " + countAtLowest + " at " + lowest + "/s makes "
                + (long)scaled + " messages at " + rate + "/s, more than " + Integer.MAX_VALUE
                + ": give a lower count or closer rates");
        }
        return (int)Math.round(scaled);
    }

    /**
     * The warm-up pass of {@link Rounds} (round -1) runs half a round after the usual warm-up and keeps
     * nothing: enough for the JIT to finish compiling before the first measured round, so that no
     * compiler thread competes for the two cores while a round is measured.
     */
    static int warmCount(final int round, final int count) {
        return round < 0 ? Math.max(1, count / 2) : count;
    }

    // ------------------------------------------------------------------ one series, three systems

    @FunctionalInterface
    private interface Measurement {
        void run(Histogram into) throws Exception;
    }

    /**
     * The histograms and per-round percentiles of one benchmark's three systems: each system's rounds
     * merged, and each round on its own with its start and end time (its warm-up included).
     */
    private static final class Series {
        private final String benchmark;
        private final Histogram scratch = Support.newHistogram();
        private final Histogram[] merged = new Histogram[SYSTEMS.length];
        private final Histogram[][] intervals;
        private final long[][] p50;
        private final long[][] p99;
        /** The one-way's offered rate, msgs/s; 0 for the ping-pong. */
        private final long rate;

        Series(final String benchmark, final int rounds, final long rate) {
            this.benchmark = benchmark;
            this.rate = rate;
            this.intervals = new Histogram[SYSTEMS.length][rounds];
            this.p50 = new long[SYSTEMS.length][rounds];
            this.p99 = new long[SYSTEMS.length][rounds];
            for (int i = 0; i < SYSTEMS.length; i++) {
                merged[i] = Support.newHistogram();
            }
        }

        void measure(final int system, final int round, final Measurement m) throws Exception {
            scratch.reset();
            final long startMs = System.currentTimeMillis();
            m.run(scratch);
            if (round < 0) {
                return;
            }
            p50[system][round] = scratch.getValueAtPercentile(50);
            p99[system][round] = scratch.getValueAtPercentile(99);
            merged[system].add(scratch);
            intervals[system][round] = Support.interval(scratch, startMs);
        }

        void report(final Report report, final Rounds rounds, final String plotTitle, final String heading,
            final String note) {
            final TextTable table = new TextTable("system", "p50", "p90", "p99", "p99.9", "p99.99", "max", "samples");
            for (int i = 0; i < SYSTEMS.length; i++) {
                final Result r = report.add(new Result(benchmark, SYSTEMS[i]).latency(merged[i]));
                final LatencySeries series = new LatencySeries(benchmark, SYSTEMS[i], plotTitle, merged[i]);
                if (rate > 0) {
                    r.offeredMsgsPerSec(rate);
                    series.offeredRate(rate);
                }
                for (final Histogram interval : intervals[i]) {
                    series.addInterval(interval);
                }
                report.add(series);
                table.row(SYSTEMS[i], Fmt.ns(r.p50Ns()), Fmt.ns(r.p90Ns()), Fmt.ns(r.p99Ns()), Fmt.ns(r.p999Ns()),
                    Fmt.ns(r.p9999Ns()), Fmt.ns(r.maxNs()), Fmt.count(merged[i].getTotalCount()));
            }
            final Comparison p50Disruptor = report.add(new Comparison(benchmark, "p50", "sprocket", "disruptor", false));
            final Comparison p99Disruptor = report.add(new Comparison(benchmark, "p99", "sprocket", "disruptor", false));
            final Comparison p99Abq = report.add(new Comparison(benchmark, "p99", "abq", "sprocket", false));
            for (int round = 0; round < p50[0].length; round++) {
                p50Disruptor.addRound(p50[0][round], p50[1][round], rounds.mode(round));
                p99Disruptor.addRound(p99[0][round], p99[1][round], rounds.mode(round));
                p99Abq.addRound(p99[2][round], p99[0][round], rounds.mode(round));
            }
            final java.io.PrintStream out = report.out();
            out.println();
            out.println(heading);
            out.println("  nanoseconds, every round merged:");
            table.print(out, "  ");
            out.println("  ratio per round (lower is better for sprocket/x; abq/sprocket is how many times lower"
                + " Sprocket is):");
            out.println("    " + p50Disruptor.describe());
            out.println("    " + p99Disruptor.describe());
            out.println("    " + p99Abq.describe());
            rounds.printCanary(out, "  ");
            if (note != null) {
                out.println("  " + note + " p99.99 and max are dominated by the JVM's own threads preempting a"
                    + " spinning one: judge by p50 to p99.9.");
            }
        }
    }

    // ------------------------------------------------------------------ shared by the systems

    /** A Sprocket ring's layout for the payload size of a run. */
    static InfraConfig ringConfig(final Settings s) {
        return InfraConfig.builder()
            .bufferSizeBytes(s.sizeBytes)
            .maxMessageSizeBytes(Math.max(s.sizeBytes, InfraConfig.DEFAULT_MAX_MESSAGE_SIZE_BYTES))
            .build();
    }

    /** A single-producer Sprocket ring with the run's size and wait strategy, not started. */
    static MessageRing ring(final String name, final Settings s, final MessageHandler handler) {
        return MessageRing.builder()
            .name(name)
            .config(ringConfig(s))
            .ringSize(s.ringSize)
            .singleProducer(true)
            .engineWait(s.wait.engineWait())
            .handler(handler)
            .jmx(false)
            .build();
    }

    /** A raw Disruptor slot: a view of {@code size} off-heap bytes, as a Sprocket slot's payload. */
    static final class Slot {
        final UnsafeBuffer buffer;

        Slot(final UnsafeBuffer buffer) {
            this.buffer = buffer;
        }
    }

    /** A raw single-producer Disruptor ring whose slots view off-heap slices of {@code sizeBytes}. */
    static RingBuffer<Slot> rawSingleProducerRing(final int ringSize, final int sizeBytes, final WaitMode wait) {
        final UnsafeBuffer[] views = Support.slices(ringSize, sizeBytes);
        final int[] next = new int[1];
        return RingBuffer.createSingleProducer(() -> new Slot(views[next[0]++]), ringSize, wait.newStrategy());
    }

    /** A batch event processor for {@code handler} that gates {@code ring}. */
    static BatchEventProcessor<Slot> processor(final RingBuffer<Slot> ring, final EventHandler<Slot> handler) {
        final BatchEventProcessor<Slot> p = new BatchEventProcessorBuilder().build(ring, ring.newBarrier(), handler);
        ring.addGatingSequences(p.getSequence());
        return p;
    }

    /** An ArrayBlockingQueue message: a payload view, as a slot's, and a stop mark. */
    static final class AbqMessage {
        final UnsafeBuffer buffer;
        boolean stop;

        AbqMessage(final UnsafeBuffer buffer) {
            this.buffer = buffer;
        }
    }
}
