package io.sprocket.perf.report;

/**
 * One {@link Goal}'s verdict in one run: the per-round figures it was judged on, their median, the
 * canary's mode, and PASS, MISS, REPORTED or INCONCLUSIVE.
 *
 * <p><b>Note:</b> immutable once built (the arrays are not handed out); any thread may read it. It
 * allocates the copies its accessors return.
 */
public final class Verdict {
    /**
     * The outcome.
     *
     * <p><b>Note:</b> immutable; any thread may use it; allocates nothing.
     */
    public enum Status {
        /** The target is met. */
        PASS,
        /** The target is missed. */
        MISS,
        /** There is no target: the figure is reported, not judged. */
        REPORTED,
        /**
         * The run measured too little to judge: the figure met the target, but over fewer operations
         * than the goal needs to be sure (see {@link Verdict#note()}).
         */
        INCONCLUSIVE
    }

    private final Goal goal;
    private final double[] rounds;
    private final String[] roundModes;
    private final double median;
    private final String mode;
    private final Status status;
    private final String measured;
    private final double bytesPerOp;
    private final long poolBuffersAllocated;
    private final String note;

    Verdict(final Goal goal, final double[] rounds, final String[] roundModes, final double median, final String mode,
        final Status status, final String measured, final double bytesPerOp, final long poolBuffersAllocated) {
        this(goal, rounds, roundModes, median, mode, status, measured, bytesPerOp, poolBuffersAllocated, null);
    }

    Verdict(final Goal goal, final double[] rounds, final String[] roundModes, final double median, final String mode,
        final Status status, final String measured, final double bytesPerOp, final long poolBuffersAllocated, final String note) {
        this.goal = goal;
        this.rounds = rounds.clone();
        this.roundModes = roundModes.clone();
        this.median = median;
        this.mode = mode;
        this.status = status;
        this.measured = measured;
        this.bytesPerOp = bytesPerOp;
        this.poolBuffersAllocated = poolBuffersAllocated;
        this.note = note;
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
     * The figure of each round, in the goal's {@link Goal#unit()}: the ratio of the round's pair, or
     * Sprocket's own figure for an absolute target.
     *
     * @return a copy, in round order.
     */
    public double[] rounds() {
        return rounds.clone();
    }

    /**
     * What the canary saw around each round.
     *
     * @return a copy: {@code near}, {@code far}, {@code mixed}, or {@code -} for single-thread figures.
     */
    public String[] roundModes() {
        return roundModes.clone();
    }

    /**
     * The median of the rounds' figures (the judged figure, except for
     * {@link Goal.Kind#ZERO_BYTES_PER_OP}, which is judged on {@link #bytesPerOp()}).
     *
     * @return in the goal's unit.
     */
    public double median() {
        return median;
    }

    /**
     * The canary's mode over the rounds of the figure.
     *
     * @return {@code near}, {@code far}, {@code mixed}, or {@code -} for single-thread figures.
     */
    public String mode() {
        return mode;
    }

    /**
     * The outcome.
     *
     * @return PASS, MISS, or REPORTED when there is no target.
     */
    public Status status() {
        return status;
    }

    /**
     * Whether the goal is met.
     *
     * @return true for PASS and REPORTED; false for MISS and for INCONCLUSIVE, which has not shown it.
     */
    public boolean pass() {
        return status == Status.PASS || status == Status.REPORTED;
    }

    /**
     * The measured figure as the console shows it.
     *
     * @return for example {@code 1.07}, {@code 8.3 ns} or {@code 0 B}.
     */
    public String measured() {
        return measured;
    }

    /**
     * Bytes allocated per operation over every thread and every measured round, for
     * {@link Goal.Kind#ZERO_BYTES_PER_OP}.
     *
     * @return bytes, or NaN for the other kinds.
     */
    public double bytesPerOp() {
        return bytesPerOp;
    }

    /**
     * Buffers the pool created during the measured rounds, for {@link Goal.Kind#ZERO_BYTES_PER_OP}.
     *
     * @return the count, or {@link Long#MIN_VALUE} when not measured.
     */
    public long poolBuffersAllocated() {
        return poolBuffersAllocated;
    }

    /**
     * What a reader must know about this verdict in particular, if anything: why it is
     * {@link Status#INCONCLUSIVE}, say. It comes before the goal's own {@link Goal#note()}.
     *
     * @return a sentence, or null.
     */
    public String note() {
        return note;
    }
}
