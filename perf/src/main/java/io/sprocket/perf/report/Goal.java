package io.sprocket.perf.report;

import java.util.List;

/**
 * A target for one figure of a run, and its {@link Verdict} against a {@link Report}. Three sorts:
 *
 * <ul>
 *   <li>Ratios between Sprocket and a baseline measured in the same run ({@link Kind#AT_MOST},
 *       {@link Kind#AT_LEAST}) and the zero-allocation verdict ({@link Kind#ZERO_BYTES}): these hold on
 *       any machine, and {@code --fail-on-miss} acts on them.</li>
 *   <li>Absolute figures of the original requirements ({@link Kind#UNDER_NS},
 *       {@link Kind#ZERO_BYTES_PER_OP}): times of this one machine, reported with PASS or MISS but never
 *       a reason for a non-zero exit status.</li>
 *   <li>Figures reported without a target ({@link Kind#REPORTED}), such as the soak's latency drift.</li>
 * </ul>
 *
 * <p><b>Note:</b> immutable; any thread may read it. {@link #evaluate(Report)} allocates its answer.
 */
public final class Goal {
    /**
     * How the measured figure is held against the target.
     *
     * <p><b>Note:</b> immutable; any thread may use it; allocates nothing.
     */
    public enum Kind {
        /** The median of the per-round ratios must be at most the target. */
        AT_MOST,
        /** The median of the per-round ratios must be at least the target. */
        AT_LEAST,
        /** The bytes allocated in steady state, over every thread, must be zero. */
        ZERO_BYTES,
        /** The median of Sprocket's per-round ns/op must be below the target, in nanoseconds: a time of this machine. */
        UNDER_NS,
        /** Sprocket's bytes per operation, summed over every thread, must be zero; its ns/op is reported. */
        ZERO_BYTES_PER_OP,
        /** The median of the per-round ratios is reported, with no target and no verdict. */
        REPORTED
    }

    private static final List<Goal> DEFAULTS = List.of(
        new Goal("claim+publish cost, Sprocket / raw Disruptor", "claim-publish", "ns/op", "sprocket", "disruptor",
            Kind.AT_MOST, 1.5),
        new Goal("ping-pong p99, Sprocket / raw Disruptor", "latency", "p99", "sprocket", "disruptor",
            Kind.AT_MOST, 1.2),
        new Goal("ping-pong p99, ArrayBlockingQueue / Sprocket (10x lower)", "latency", "p99", "abq", "sprocket",
            Kind.AT_LEAST, 10),
        new Goal("1-producer throughput, Sprocket / raw Disruptor", "throughput", "msgs/s", "sprocket", "disruptor",
            Kind.AT_LEAST, 0.9),
        new Goal("peer lookup by id, Sprocket / Agrona Long2ObjectHashMap.get", "registry-get-id", "ns/op", "sprocket",
            "agrona-map", Kind.AT_MOST, 1.5),
        new Goal("1 KiB clone, Sprocket / UnsafeBuffer.putBytes", "clone-1k", "ns/op", "sprocket", "unsafe-copy",
            Kind.AT_MOST, 3),
        new Goal("bytes allocated in steady state, every thread", "alloc", "bytes", "sprocket", "-",
            Kind.ZERO_BYTES, 0),
        new Goal("getting a ring slot (claim + publish), one producer", "claim-publish", "ns/op", "sprocket", "disruptor",
            Kind.UNDER_NS, 50),
        new Goal("getting a BufferPool buffer (acquire + write + release)", "pool-acquire", "ns/op", "sprocket",
            "heap-alloc", Kind.UNDER_NS, 50),
        new Goal("peer lookup by id", "registry-get-id", "ns/op", "sprocket", "agrona-map", Kind.UNDER_NS, 100),
        new Goal("peer lookup by address", "registry-get-addr", "ns/op", "sprocket", "hash-map", Kind.UNDER_NS, 100),
        new Goal("peer add (measured as add + remove)", "registry-add-remove", "ns/op", "sprocket", "agrona-map",
            Kind.UNDER_NS, 500),
        new Goal("1 KiB clone (clone + release)", "clone-1k", "ns/op", "sprocket", "unsafe-copy", Kind.UNDER_NS, 1000),
        concurrentPool(1),
        concurrentPool(2),
        concurrentPool(4),
        concurrentPool(8),
        new Goal("round trip over the transport p50, SHARED / raw sockets", "latency-transport", "p50",
            "sprocket-shared", "raw-socket", Kind.AT_MOST, 1.2),
        new Goal("round trip over the transport p99, SHARED / raw sockets", "latency-transport", "p99",
            "sprocket-shared", "raw-socket", Kind.AT_MOST, 1.2),
        new Goal("round trip over the transport p50, DEDICATED / raw sockets", "latency-transport", "p50",
            "sprocket-dedicated", "raw-socket", Kind.REPORTED, Double.NaN),
        new Goal("round trip over the transport p99, DEDICATED / raw sockets", "latency-transport", "p99",
            "sprocket-dedicated", "raw-socket", Kind.REPORTED, Double.NaN),
        new Goal("REQ/REP round trip p50, SHARED, / PAIR0 ping-pong", "latency-transport", "p50",
            "sprocket-shared-req", "sprocket-shared", Kind.AT_MOST, 1.1),
        new Goal("REQ/REP round trip p99, SHARED, / PAIR0 ping-pong", "latency-transport", "p99",
            "sprocket-shared-req", "sprocket-shared", Kind.AT_MOST, 1.1),
        new Goal("REQ/REP round trip p50, DEDICATED, / PAIR0 ping-pong", "latency-transport", "p50",
            "sprocket-dedicated-req", "sprocket-dedicated", Kind.AT_MOST, 1.1),
        new Goal("REQ/REP round trip p99, DEDICATED, / PAIR0 ping-pong", "latency-transport", "p99",
            "sprocket-dedicated-req", "sprocket-dedicated", Kind.AT_MOST, 1.1),
        new Goal("PUSH/PULL loopback throughput, SHARED / raw sockets", "throughput-transport", "msgs/s",
            "sprocket-shared", "raw-socket", Kind.AT_LEAST, 0.8),
        new Goal("PUSH/PULL loopback throughput, DEDICATED / raw sockets", "throughput-transport", "msgs/s",
            "sprocket-dedicated", "raw-socket", Kind.REPORTED, Double.NaN),
        new Goal("publish-to-handle p99.9 drift, last window / first window", "soak", "p99.9", "last-window",
            "first-window", Kind.REPORTED, Double.NaN));

    private final String label;
    private final String benchmark;
    private final String metric;
    private final String system;
    private final String baseline;
    private final Kind kind;
    private final double target;

    /**
     * Creates a goal.
     *
     * @param label     what the console and the JSON call it: what it measures, in the user's words.
     * @param benchmark the benchmark of the {@link Comparison} it reads.
     * @param metric    the comparison's metric.
     * @param system    the comparison's numerator.
     * @param baseline  the comparison's denominator.
     * @param kind      how the figure is held against the target.
     * @param target    the bound: on the median ratio, or in nanoseconds for {@link Kind#UNDER_NS}; ignored
     *                  for the other kinds.
     */
    public Goal(
        final String label, final String benchmark, final String metric, final String system, final String baseline,
        final Kind kind, final double target) {
        this.label = label;
        this.benchmark = benchmark;
        this.metric = metric;
        this.system = system;
        this.baseline = baseline;
        this.kind = kind;
        this.target = target;
    }

    /**
     * The benchmark name of the shared-pool series at a thread count, as in the results file.
     *
     * @param threads the number of threads sharing the pool.
     * @return for example {@code pool-concurrent-4t}.
     */
    public static String concurrentPoolBenchmark(final int threads) {
        return "pool-concurrent-" + threads + "t";
    }

    private static Goal concurrentPool(final int threads) {
        return new Goal("BufferPool shared by " + threads + (threads == 1 ? " thread" : " threads")
            + ": bytes per acquire + release", concurrentPoolBenchmark(threads), "ns/op", "sprocket", "heap-alloc",
            Kind.ZERO_BYTES_PER_OP, 0);
    }

    /**
     * Every goal the harness knows, in the order the console lists them: the ratios and the allocation
     * verdict, then the absolute figures, then the figures reported without a target.
     *
     * @return an immutable list.
     */
    public static List<Goal> defaults() {
        return DEFAULTS;
    }

    /**
     * What the console and the JSON call it.
     *
     * @return the label.
     */
    public String label() {
        return label;
    }

    /**
     * The benchmark it reads.
     *
     * @return as in the results file.
     */
    public String benchmark() {
        return benchmark;
    }

    /**
     * The figure it reads.
     *
     * @return for example {@code p99} or {@code ns/op}.
     */
    public String metric() {
        return metric;
    }

    /**
     * The numerator's system.
     *
     * @return for example {@code sprocket}.
     */
    public String system() {
        return system;
    }

    /**
     * The denominator's system.
     *
     * @return for example {@code disruptor}; {@code -} for the allocation verdict.
     */
    public String baseline() {
        return baseline;
    }

    /**
     * How the figure is held against the target.
     *
     * @return the kind.
     */
    public Kind kind() {
        return kind;
    }

    /**
     * The bound as a number.
     *
     * @return the ratio, nanoseconds or bytes; NaN for {@link Kind#REPORTED}.
     */
    public double target() {
        switch (kind) {
            case ZERO_BYTES:
            case ZERO_BYTES_PER_OP:
                return 0;
            case REPORTED:
                return Double.NaN;
            default:
                return target;
        }
    }

    /**
     * The target as text.
     *
     * @return for example {@code <= 1.50}, {@code < 50 ns}, {@code 0 B}; {@code -} when there is none.
     */
    public String targetText() {
        switch (kind) {
            case AT_MOST:
                return "<= " + Fmt.ratio(target);
            case AT_LEAST:
                return ">= " + Fmt.ratio(target);
            case ZERO_BYTES:
                return "0 B";
            case UNDER_NS:
                return "< " + Fmt.count(Math.round(target)) + " ns";
            case ZERO_BYTES_PER_OP:
                return "0 B/op";
            default:
                return "-";
        }
    }

    /**
     * The unit of the verdict's per-round figures and median.
     *
     * @return {@code ratio}, {@code bytes} or {@code ns/op}.
     */
    public String unit() {
        switch (kind) {
            case ZERO_BYTES:
                return "bytes";
            case UNDER_NS:
            case ZERO_BYTES_PER_OP:
                return "ns/op";
            default:
                return "ratio";
        }
    }

    /**
     * Whether {@code --fail-on-miss} acts on this goal: only figures that hold on any machine do.
     *
     * @return true for the ratios and the allocation verdict.
     */
    public boolean gating() {
        return kind == Kind.AT_MOST || kind == Kind.AT_LEAST || kind == Kind.ZERO_BYTES;
    }

    /**
     * What a reader must know to read the verdict, if anything.
     *
     * @return a sentence, or null.
     */
    public String note() {
        switch (kind) {
            case UNDER_NS:
                return "a time of this one machine (single-threaded unless it says otherwise): reported with PASS or"
                    + " MISS, never a reason to fail a run";
            case ZERO_BYTES_PER_OP:
                return "judged on the bytes every thread allocated (exact); the time per operation each thread saw is"
                    + " reported, not judged: with more threads than cores the threads take turns on the cores, so"
                    + " scaling can only be read on a machine with at least as many cores as threads";
            case REPORTED:
                return "reported, not judged";
            default:
                return null;
        }
    }

    /**
     * Holds the report's figure against the target.
     *
     * @param report the measurements of this run.
     * @return the verdict, or null when this run did not measure the figure.
     */
    public Verdict evaluate(final Report report) {
        if (kind == Kind.ZERO_BYTES) {
            final long bytes = report.allocatedBytes();
            if (bytes < 0) {
                return null;
            }
            final long messages = report.allocationMessages();
            final long minimum = report.allocationMinimum();
            if (bytes == 0 && messages < minimum) {
                return new Verdict(this, new double[] {bytes}, new String[] {"-"}, bytes, "-",
                    Verdict.Status.INCONCLUSIVE, "0 B", Double.NaN, Long.MIN_VALUE,
                    inconclusive(messages, minimum));
            }
            return new Verdict(this, new double[] {bytes}, new String[] {"-"}, bytes, "-",
                bytes == 0 ? Verdict.Status.PASS : Verdict.Status.MISS, Fmt.count(bytes) + " B", Double.NaN,
                Long.MIN_VALUE);
        }
        final Comparison c = report.comparison(benchmark, metric, system, baseline);
        if (c == null || c.roundCount() == 0) {
            return null;
        }
        final int n = c.roundCount();
        final double[] rounds = new double[n];
        final String[] modes = new String[n];
        final boolean absolute = kind == Kind.UNDER_NS || kind == Kind.ZERO_BYTES_PER_OP;
        for (int r = 0; r < n; r++) {
            rounds[r] = absolute ? c.systemValue(r) : c.ratio(r);
            modes[r] = c.mode(r);
        }
        final double median = absolute ? c.medianSystemValue() : c.medianRatio();
        switch (kind) {
            case AT_MOST:
            case AT_LEAST:
                return new Verdict(this, rounds, modes, median, c.modeSummary(),
                    pass(kind == Kind.AT_MOST ? median <= target : median >= target), Fmt.ratio(median), Double.NaN,
                    Long.MIN_VALUE);
            case UNDER_NS:
                return new Verdict(this, rounds, modes, median, c.modeSummary(), pass(median < target),
                    Fmt.nsPerOp(median) + " ns", Double.NaN, Long.MIN_VALUE);
            case ZERO_BYTES_PER_OP: {
                final Result row = report.result(benchmark, system);
                if (row == null || Double.isNaN(row.bytesPerOp())) {
                    return null;
                }
                final long allocated = row.hasPoolBuffersAllocated() ? row.poolBuffersAllocated() : Long.MIN_VALUE;
                return new Verdict(this, rounds, modes, median, c.modeSummary(), pass(row.bytesPerOp() == 0),
                    Fmt.bytes(row.bytesPerOp()) + " B/op, " + Fmt.nsPerOp(median) + " ns"
                        + (allocated > 0 ? ", " + Fmt.count(allocated) + " buffers allocated" : ""), row.bytesPerOp(), allocated);
            }
            default:
                return new Verdict(this, rounds, modes, median, c.modeSummary(), Verdict.Status.REPORTED,
                    Fmt.ratio(median), Double.NaN, Long.MIN_VALUE);
        }
    }

    /**
     * Why a clean allocation window too short to judge is not a PASS.
     *
     * @param messages the window's messages.
     * @param minimum  the fewest the verdict needs.
     * @return for example {@code 10 messages < minimum 1,000,000: ...}.
     */
    public static String inconclusive(final long messages, final long minimum) {
        return Fmt.count(messages) + " messages < minimum " + Fmt.count(minimum) + ": no thread allocated, but a"
            + " window this short can miss a path that allocates once every few thousand messages";
    }

    private static Verdict.Status pass(final boolean pass) {
        return pass ? Verdict.Status.PASS : Verdict.Status.MISS;
    }
}
