package io.sprocket.perf.report;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.HdrHistogram.Histogram;

/**
 * One system's latency distribution in one benchmark: all rounds merged, which goes into a
 * {@code .hgrm} file and onto the percentile plot, and each round on its own with its start and end
 * time (an interval), which goes into an HdrHistogram interval log ({@code .hlog}).
 *
 * <p><b>Note:</b> not thread-safe; the histograms are written by the measuring threads before they
 * are handed over, then only read by the main thread. Construction allocates a small list;
 * {@link #addInterval} keeps the histogram it is given.
 */
public final class LatencySeries {
    private final String benchmark;
    private final String system;
    private final String title;
    private final Histogram histogram;
    private final List<Histogram> intervals = new ArrayList<>();
    private long offeredRate;

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
     * Marks the series as measured at a fixed rate, one point of a rate sweep: series of one benchmark
     * at several rates are drawn as a sweep (latency by rate), not as percentile curves.
     *
     * @param msgsPerSec the rate the messages were sent at, above 0.
     * @return this series.
     * @throws IllegalArgumentException when the rate is not above 0.
     */
    public LatencySeries offeredRate(final long msgsPerSec) {
        if (msgsPerSec <= 0) {
            throw new IllegalArgumentException("offered rate must be above 0 msgs/s, got " + msgsPerSec);
        }
        offeredRate = msgsPerSec;
        return this;
    }

    /**
     * The rate the messages were sent at.
     *
     * @return msgs/s, or 0 when the series was not measured at a fixed rate.
     */
    public long offeredRate() {
        return offeredRate;
    }

    /**
     * The file name of this series' percentile distribution.
     *
     * @return for example {@code latency-sprocket.hgrm}, or {@code latency-oneway-100000-sprocket.hgrm} at a
     *         fixed rate.
     */
    public String hgrmFileName() {
        return fileStem() + ".hgrm";
    }

    /**
     * The file name of this series' interval log.
     *
     * @return for example {@code latency-sprocket.hlog}, or {@code latency-oneway-100000-sprocket.hlog} at a
     *         fixed rate.
     */
    public String hlogFileName() {
        return fileStem() + ".hlog";
    }

    private String fileStem() {
        return benchmark + (offeredRate > 0 ? "-" + offeredRate : "") + "-" + system;
    }

    /**
     * Adds one measured interval, usually a round: its values in nanoseconds, with its start and end
     * time stamps set ({@link Histogram#setStartTimeStamp}, milliseconds since the epoch).
     *
     * @param interval the interval's histogram; kept, not copied.
     * @return this series.
     * @throws IllegalArgumentException when its start time stamp is not set or its end is before it.
     */
    public LatencySeries addInterval(final Histogram interval) {
        if (interval.getStartTimeStamp() <= 0 || interval.getEndTimeStamp() < interval.getStartTimeStamp()) {
            throw new IllegalArgumentException("an interval needs its start and end time stamps (epoch ms), got "
                + interval.getStartTimeStamp() + " to " + interval.getEndTimeStamp());
        }
        intervals.add(interval);
        return this;
    }

    /**
     * The intervals, in the order added.
     *
     * @return an unmodifiable view; empty when the series has none (then no interval log is written).
     */
    public List<Histogram> intervals() {
        return Collections.unmodifiableList(intervals);
    }
}
