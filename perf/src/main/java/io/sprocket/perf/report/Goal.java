package io.sprocket.perf.report;

import java.util.List;

/**
 * A target from the perf issue, stated as a ratio between Sprocket and a baseline measured in the
 * same run (or, for allocation, as zero bytes), and its verdict against a {@link Report}.
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
        /** The median ratio must be at most the target. */
        AT_MOST,
        /** The median ratio must be at least the target. */
        AT_LEAST,
        /** The bytes allocated in steady state must be zero. */
        ZERO_BYTES
    }

    private static final List<Goal> ISSUE_GOALS = List.of(
        new Goal("claim+publish, sprocket / raw disruptor (ns/op)", "claim-publish", "ns/op", "sprocket", "disruptor",
            Kind.AT_MOST, 1.5),
        new Goal("ping-pong p99, sprocket / raw disruptor", "latency", "p99", "sprocket", "disruptor",
            Kind.AT_MOST, 1.2),
        new Goal("ping-pong p99, abq / sprocket (10x lower)", "latency", "p99", "abq", "sprocket",
            Kind.AT_LEAST, 10),
        new Goal("1-producer throughput, sprocket / raw disruptor", "throughput", "msgs/s", "sprocket", "disruptor",
            Kind.AT_LEAST, 0.9),
        new Goal("peer lookup by id, sprocket / Long2ObjectHashMap.get", "registry-get-id", "ns/op", "sprocket",
            "agrona-map", Kind.AT_MOST, 1.5),
        new Goal("clone 1 KiB, sprocket / UnsafeBuffer.putBytes", "clone-1k", "ns/op", "sprocket", "unsafe-copy",
            Kind.AT_MOST, 3),
        new Goal("bytes allocated in steady state, every thread", "alloc", "bytes", "sprocket", "-",
            Kind.ZERO_BYTES, 0));

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
     * @param label     what the console shows.
     * @param benchmark the benchmark of the {@link Comparison} it reads.
     * @param metric    the comparison's metric.
     * @param system    the comparison's numerator.
     * @param baseline  the comparison's denominator.
     * @param kind      how the figure is held against the target.
     * @param target    the bound on the median ratio (ignored for {@link Kind#ZERO_BYTES}).
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
     * The goals of the perf issue, in the order it lists them.
     *
     * @return an immutable list.
     */
    public static List<Goal> issueGoals() {
        return ISSUE_GOALS;
    }

    /**
     * What the console shows.
     *
     * @return the label.
     */
    public String label() {
        return label;
    }

    /**
     * The target as text.
     *
     * @return for example {@code <= 1.50} or {@code 0 B}.
     */
    public String targetText() {
        switch (kind) {
            case AT_MOST:
                return "<= " + Fmt.ratio(target);
            case AT_LEAST:
                return ">= " + Fmt.ratio(target);
            default:
                return "0 B";
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
            return new Verdict(this, Fmt.count(bytes) + " B", "-", bytes == 0);
        }
        final Comparison c = report.comparison(benchmark, metric, system, baseline);
        if (c == null || c.roundCount() == 0) {
            return null;
        }
        final double ratio = c.medianRatio();
        final boolean pass = kind == Kind.AT_MOST ? ratio <= target : ratio >= target;
        return new Verdict(this, Fmt.ratio(ratio), c.modeSummary(), pass);
    }

    /**
     * A goal's verdict in one run.
     *
     * <p><b>Note:</b> immutable; any thread may read it.
     */
    public static final class Verdict {
        private final Goal goal;
        private final String measured;
        private final String mode;
        private final boolean pass;

        Verdict(final Goal goal, final String measured, final String mode, final boolean pass) {
            this.goal = goal;
            this.measured = measured;
            this.mode = mode;
            this.pass = pass;
        }

        /**
         * The goal.
         *
         * @return the goal judged.
         */
        public Goal goal() {
            return goal;
        }

        /**
         * The measured figure as text: a median ratio, or bytes.
         *
         * @return for example {@code 1.07}.
         */
        public String measured() {
            return measured;
        }

        /**
         * The canary's mode over the rounds of the figure.
         *
         * @return {@code near}, {@code far}, {@code mixed} or {@code -}.
         */
        public String mode() {
            return mode;
        }

        /**
         * Whether the goal is met.
         *
         * @return true for PASS.
         */
        public boolean pass() {
            return pass;
        }
    }
}
