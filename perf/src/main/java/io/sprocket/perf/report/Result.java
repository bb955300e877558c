package io.sprocket.perf.report;

import org.HdrHistogram.Histogram;

/**
 * One row of the results file: one benchmark measured for one system (Sprocket or a baseline).
 *
 * <p>The JSON shape is fixed, because tools read it ({@link Json} writes it):
 * {@code {"benchmark":"latency","system":"sprocket","offeredMsgsPerSec":…,"p50Ns":…,"p90Ns":…,"p99Ns":…,
 * "p999Ns":…,"p9999Ns":…,"maxNs":…,"msgsPerSec":…,"nsPerOp":…,"bytesPerOp":…,"poolBuffersAllocated":…}}. A field
 * that does not apply to the benchmark is left out, never written as 0 or null.
 *
 * <p><b>Note:</b> not thread-safe; filled and read by the harness's main thread after a measurement.
 * Setters allocate nothing.
 */
public final class Result {
    private static final long ABSENT = Long.MIN_VALUE;

    private final String benchmark;
    private final String system;
    private long p50Ns = ABSENT;
    private long p90Ns = ABSENT;
    private long p99Ns = ABSENT;
    private long p999Ns = ABSENT;
    private long p9999Ns = ABSENT;
    private long maxNs = ABSENT;
    private double msgsPerSec = Double.NaN;
    private double nsPerOp = Double.NaN;
    private double bytesPerOp = Double.NaN;
    private long poolBuffersAllocated = ABSENT;
    private long offeredMsgsPerSec = ABSENT;

    /**
     * Creates a row with no figures yet.
     *
     * @param benchmark what was measured, for example {@code latency} or {@code registry-get-id}.
     * @param system    who was measured: {@code sprocket}, {@code disruptor}, {@code abq},
     *                  {@code agrona-map}, {@code chm}, {@code heap-copy}…
     */
    public Result(final String benchmark, final String system) {
        this.benchmark = benchmark;
        this.system = system;
    }

    /**
     * Sets the six latency figures from a histogram of nanoseconds.
     *
     * @param histogram the recorded values, in nanoseconds; must not be empty.
     * @return this row.
     */
    public Result latency(final Histogram histogram) {
        p50Ns = histogram.getValueAtPercentile(50);
        p90Ns = histogram.getValueAtPercentile(90);
        p99Ns = histogram.getValueAtPercentile(99);
        p999Ns = histogram.getValueAtPercentile(99.9);
        p9999Ns = histogram.getValueAtPercentile(99.99);
        maxNs = histogram.getMaxValue();
        return this;
    }

    /**
     * Sets the rate the messages were sent at, for a benchmark measured at a fixed rate (the one-way
     * latency's sweep has a row per rate and system).
     *
     * @param value messages per second offered.
     * @return this row.
     */
    public Result offeredMsgsPerSec(final long value) {
        offeredMsgsPerSec = value;
        return this;
    }

    /**
     * The rate the messages were sent at.
     *
     * @return messages per second.
     * @throws IllegalStateException when the benchmark was not measured at a fixed rate.
     */
    public long offeredMsgsPerSec() {
        if (offeredMsgsPerSec == ABSENT) {
            throw new IllegalStateException(benchmark + "/" + system + " was not measured at a fixed rate");
        }
        return offeredMsgsPerSec;
    }

    /**
     * Whether the benchmark was measured at a fixed rate.
     *
     * @return true when {@link #offeredMsgsPerSec(long)} was set.
     */
    public boolean hasOfferedRate() {
        return offeredMsgsPerSec != ABSENT;
    }

    /**
     * Sets the rate.
     *
     * @param value messages per second.
     * @return this row.
     */
    public Result msgsPerSec(final double value) {
        msgsPerSec = value;
        return this;
    }

    /**
     * Sets the cost per operation.
     *
     * @param value nanoseconds per operation.
     * @return this row.
     */
    public Result nsPerOp(final double value) {
        nsPerOp = value;
        return this;
    }

    /**
     * Sets the allocation per operation.
     *
     * @param value bytes allocated per operation.
     * @return this row.
     */
    public Result bytesPerOp(final double value) {
        bytesPerOp = value;
        return this;
    }

    /**
     * Sets how many buffers a pool had to create during the measured rounds (after its warm-up).
     *
     * @param value 0 when every acquire was served from the pool's free list.
     * @return this row.
     */
    public Result poolBuffersAllocated(final long value) {
        poolBuffersAllocated = value;
        return this;
    }

    /**
     * The benchmark's name.
     *
     * @return for example {@code latency}.
     */
    public String benchmark() {
        return benchmark;
    }

    /**
     * The measured system's name.
     *
     * @return for example {@code sprocket}.
     */
    public String system() {
        return system;
    }

    /**
     * Whether the latency figures are set.
     *
     * @return true after {@link #latency(Histogram)}.
     */
    public boolean hasLatency() {
        return p50Ns != ABSENT;
    }

    /**
     * The median.
     *
     * @return nanoseconds, or {@link Long#MIN_VALUE} when not set.
     */
    public long p50Ns() {
        return p50Ns;
    }

    /**
     * The 90th percentile.
     *
     * @return nanoseconds, or {@link Long#MIN_VALUE} when not set.
     */
    public long p90Ns() {
        return p90Ns;
    }

    /**
     * The 99th percentile.
     *
     * @return nanoseconds, or {@link Long#MIN_VALUE} when not set.
     */
    public long p99Ns() {
        return p99Ns;
    }

    /**
     * The 99.9th percentile.
     *
     * @return nanoseconds, or {@link Long#MIN_VALUE} when not set.
     */
    public long p999Ns() {
        return p999Ns;
    }

    /**
     * The 99.99th percentile.
     *
     * @return nanoseconds, or {@link Long#MIN_VALUE} when not set.
     */
    public long p9999Ns() {
        return p9999Ns;
    }

    /**
     * The largest value.
     *
     * @return nanoseconds, or {@link Long#MIN_VALUE} when not set.
     */
    public long maxNs() {
        return maxNs;
    }

    /**
     * The rate.
     *
     * @return messages per second, or NaN when not set.
     */
    public double msgsPerSec() {
        return msgsPerSec;
    }

    /**
     * The cost per operation.
     *
     * @return nanoseconds, or NaN when not set.
     */
    public double nsPerOp() {
        return nsPerOp;
    }

    /**
     * The allocation per operation.
     *
     * @return bytes, or NaN when not set.
     */
    public double bytesPerOp() {
        return bytesPerOp;
    }

    /**
     * Buffers the pool created during the measured rounds.
     *
     * @return the count, or {@link Long#MIN_VALUE} when not set.
     */
    public long poolBuffersAllocated() {
        return poolBuffersAllocated;
    }

    /**
     * Whether the pool's creations are set.
     *
     * @return true after {@link #poolBuffersAllocated(long)}.
     */
    public boolean hasPoolBuffersAllocated() {
        return poolBuffersAllocated != ABSENT;
    }

    @Override
    public String toString() {
        return "Result[" + benchmark + ", " + system + "]";
    }
}
