package io.sprocket.perf.report;

import org.HdrHistogram.Histogram;

/**
 * One system's latency distribution in one benchmark, all rounds merged: what goes into a
 * {@code .hgrm} file and onto the percentile plot.
 *
 * <p><b>Note:</b> not thread-safe; the histogram is written by the measuring threads before the
 * series is handed over, then only read by the main thread. Construction allocates nothing more.
 */
public final class LatencySeries {
    private final String benchmark;
    private final String system;
    private final String title;
    private final Histogram histogram;

    /**
     * Creates a series.
     *
     * @param benchmark the benchmark, as in the results file (for example {@code latency}).
     * @param system    the system (for example {@code sprocket}).
     * @param title     the plot panel's title (for example {@code ping-pong round trip, busy, 64 B}).
     * @param histogram the values in nanoseconds; kept, not copied.
     */
    public LatencySeries(final String benchmark, final String system, final String title, final Histogram histogram) {
        this.benchmark = benchmark;
        this.system = system;
        this.title = title;
        this.histogram = histogram;
    }

    /**
     * The benchmark.
     *
     * @return for example {@code latency}.
     */
    public String benchmark() {
        return benchmark;
    }

    /**
     * The system.
     *
     * @return for example {@code sprocket}.
     */
    public String system() {
        return system;
    }

    /**
     * The plot panel's title.
     *
     * @return the title.
     */
    public String title() {
        return title;
    }

    /**
     * The values, in nanoseconds.
     *
     * @return the histogram (not a copy).
     */
    public Histogram histogram() {
        return histogram;
    }

    /**
     * The file name of this series' percentile distribution.
     *
     * @return for example {@code latency-sprocket.hgrm}.
     */
    public String hgrmFileName() {
        return benchmark + "-" + system + ".hgrm";
    }
}
