package io.sprocket.perf.report;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;

/**
 * Everything one run of the harness measured, and where it goes: the console (sections printed as
 * they finish, then the goals), and the output folder (the results JSON, one {@code .hgrm} and one
 * {@code .hlog} interval log per latency series, the percentile plot).
 *
 * <p><b>Note:</b> not thread-safe; used by the harness's main thread only, never on a measured path.
 * It allocates.
 */
public final class Report {
    /** The percentile distribution files are written in microseconds (HdrHistogram's scaling ratio). */
    public static final double HGRM_UNIT_RATIO = 1000.0;

    private final PrintStream out;
    private final Path dir;
    private final Path jsonFile;
    private final List<Result> results = new ArrayList<>();
    private final List<Comparison> comparisons = new ArrayList<>();
    private final List<LatencySeries> series = new ArrayList<>();
    private long allocatedBytes = -1;
    private long allocationMessages = -1;
    private long allocationMinimum;

    /**
     * Creates an empty report.
     *
     * @param out      the console.
     * @param dir      the output folder (created when the files are written).
     * @param jsonFile the results file.
     */
    public Report(final PrintStream out, final Path dir, final Path jsonFile) {
        this.out = out;
        this.dir = dir;
        this.jsonFile = jsonFile;
    }

    /**
     * The console.
     *
     * @return where tables are printed.
     */
    public PrintStream out() {
        return out;
    }

    /**
     * The output folder.
     *
     * @return the folder for the {@code .hgrm} files and the plot.
     */
    public Path dir() {
        return dir;
    }

    /**
     * The results file.
     *
     * @return where the JSON goes.
     */
    public Path jsonFile() {
        return jsonFile;
    }

    /**
     * Adds a row to the results file.
     *
     * @param result the row.
     * @return the row.
     */
    public Result add(final Result result) {
        results.add(result);
        return result;
    }

    /**
     * Adds a comparison, so goals can read it.
     *
     * @param comparison the comparison.
     * @return the comparison.
     */
    public Comparison add(final Comparison comparison) {
        comparisons.add(comparison);
        return comparison;
    }

    /**
     * Adds a latency series: it gets a {@code .hgrm} file and a line on the plot.
     *
     * @param latencySeries the series.
     */
    public void add(final LatencySeries latencySeries) {
        series.add(latencySeries);
    }

    /**
     * Records the allocation verdict's total and how much evidence it rests on.
     *
     * @param bytes           bytes allocated in steady state, summed over every thread involved.
     * @param messages        the messages of the window judged.
     * @param minimumMessages the fewest messages a window needs for 0 bytes to be a PASS; a window of
     *                        fewer that allocated nothing is INCONCLUSIVE (one that allocated is a MISS
     *                        whatever its length).
     */
    public void allocation(final long bytes, final long messages, final long minimumMessages) {
        allocatedBytes = bytes;
        allocationMessages = messages;
        allocationMinimum = minimumMessages;
    }

    /**
     * The allocation verdict's total.
     *
     * @return bytes, or -1 when this run did not measure allocation.
     */
    public long allocatedBytes() {
        return allocatedBytes;
    }

    /**
     * The messages of the allocation verdict's window.
     *
     * @return a count, or -1 when this run did not measure allocation.
     */
    public long allocationMessages() {
        return allocationMessages;
    }

    /**
     * The fewest messages the allocation verdict's window needs for a PASS.
     *
     * @return a count; 0 when this run did not measure allocation.
     */
    public long allocationMinimum() {
        return allocationMinimum;
    }

    /**
     * The rows so far.
     *
     * @return a live, unmodifiable view.
     */
    public List<Result> results() {
        return java.util.Collections.unmodifiableList(results);
    }

    /**
     * The latency series so far.
     *
     * @return a live, unmodifiable view.
     */
    public List<LatencySeries> series() {
        return java.util.Collections.unmodifiableList(series);
    }

    /**
     * Finds a comparison.
     *
     * @param benchmark the benchmark.
     * @param metric    the metric.
     * @param system    the numerator's system.
     * @param baseline  the denominator's system.
     * @return the comparison, or null when this run did not make it.
     */
    public Comparison comparison(final String benchmark, final String metric, final String system, final String baseline) {
        for (final Comparison c : comparisons) {
            if (c.benchmark().equals(benchmark) && c.metric().equals(metric) && c.system().equals(system)
                && c.baseline().equals(baseline)) {
                return c;
            }
        }
        return null;
    }

    /**
     * Finds a row.
     *
     * @param benchmark the benchmark.
     * @param system    the system.
     * @return the first row added for them, or null when this run did not measure them.
     */
    public Result result(final String benchmark, final String system) {
        for (final Result r : results) {
            if (r.benchmark().equals(benchmark) && r.system().equals(system)) {
                return r;
            }
        }
        return null;
    }

    /**
     * Judges every goal of {@link Goal#defaults()} that this run measured.
     *
     * @return the verdicts, in the goals' order.
     */
    public List<Verdict> verdicts() {
        final List<Verdict> verdicts = new ArrayList<>();
        for (final Goal goal : Goal.defaults()) {
            final Verdict v = goal.evaluate(this);
            if (v != null) {
                verdicts.add(v);
            }
        }
        return verdicts;
    }

    /**
     * Prints the goals this run measured, with the median figure, the canary's mode and PASS, MISS,
     * REPORTED or INCONCLUSIVE, why a verdict is what it is when it says, and what the absolute figures
     * mean.
     *
     * @return true when every measured goal that {@code --fail-on-miss} acts on passed.
     */
    public boolean printGoals() {
        final List<Verdict> verdicts = verdicts();
        if (verdicts.isEmpty()) {
            return true;
        }
        final TextTable table = new TextTable("goal", "target", "measured", "mode", "verdict");
        boolean gatingPass = true;
        boolean absolute = false;
        boolean concurrent = false;
        final List<String> notes = new ArrayList<>();
        for (final Verdict v : verdicts) {
            if (v.note() != null) {
                notes.add(goalNote(v));
            }
            final Goal goal = v.goal();
            if (goal.gating()) {
                gatingPass &= v.pass();
            }
            absolute |= goal.kind() == Goal.Kind.UNDER_NS;
            concurrent |= goal.kind() == Goal.Kind.ZERO_BYTES_PER_OP;
            table.row(goal.label(), goal.targetText(), v.measured(), v.mode(), v.status().name());
        }
        out.println();
        out.println("GOALS  (the median of the per-round figures; a ratio compares two figures of the same round)");
        table.print(out, "  ");
        for (final String note : notes) {
            out.println("  " + note);
        }
        if (absolute) {
            out.println("  Targets in ns are times of this one machine (the original requirements' absolute figures):"
                + " reported with PASS or MISS, never a reason to fail a run. Ratios hold across machines.");
        }
        if (concurrent) {
            out.println("  The shared BufferPool is judged on bytes per operation, summed over every thread (exact). The"
                + " time per operation each thread saw is reported, not judged: with more threads than the "
                + Runtime.getRuntime().availableProcessors() + " cores here, the threads take turns on the cores.");
        }
        return gatingPass;
    }

    /**
     * Writes a series' intervals as an HdrHistogram interval log, for HdrHistogram's own tools
     * ({@code HistogramLogProcessor}, its plotter): the start time and base time are the first
     * interval's start, each interval's time stamps are relative to it, values are in nanoseconds (the
     * max column in milliseconds, the tools' default).
     */
    static void writeIntervalLog(final LatencySeries s, final Path file) throws IOException {
        final List<Histogram> intervals = s.intervals();
        long startMs = Long.MAX_VALUE;
        for (final Histogram h : intervals) {
            startMs = Math.min(startMs, h.getStartTimeStamp());
        }
        try (OutputStream os = Files.newOutputStream(file);
             PrintStream ps = new PrintStream(os, false, StandardCharsets.UTF_8)) {
            final HistogramLogWriter writer = new HistogramLogWriter(ps);
            writer.outputComment("sprocket-perf " + s.benchmark() + ", " + s.system() + ": " + s.title()
                + "; one interval per measured round, values in nanoseconds");
            writer.outputLogFormatVersion();
            writer.outputStartTime(startMs);
            writer.setBaseTime(startMs);
            writer.outputBaseTime(startMs);
            writer.outputLegend();
            for (final Histogram h : intervals) {
                writer.outputIntervalHistogram(h);
            }
            ps.flush();
            if (ps.checkError()) {
                throw new IOException("could not write " + file);
            }
        }
    }

    private static String goalNote(final Verdict v) {
        return v.status().name() + " (" + v.goal().label() + "): " + v.note();
    }

    /**
     * Writes the results JSON (the rows and the verdicts of the goals measured), a {@code .hgrm} per
     * latency series (values in microseconds), an interval log ({@code .hlog}) per latency series that has
     * intervals and, when there are latency series, the percentile plot. A plot that cannot be drawn (no
     * fonts on a bare machine, say) is reported on the console and does not fail the run.
     *
     * @param plotTitle    the plot's title.
     * @param plotSubtitle the plot's subtitle.
     * @return the files written.
     * @throws IOException when the JSON, an {@code .hgrm} or an {@code .hlog} file cannot be written.
     */
    public List<Path> writeFiles(final String plotTitle, final String plotSubtitle) throws IOException {
        final List<Path> written = new ArrayList<>();
        Files.createDirectories(dir);
        Json.write(results, verdicts(), jsonFile);
        written.add(jsonFile);
        for (final LatencySeries s : series) {
            final Path file = dir.resolve(s.hgrmFileName());
            try (OutputStream os = Files.newOutputStream(file);
                 PrintStream ps = new PrintStream(os, false, StandardCharsets.UTF_8)) {
                s.histogram().outputPercentileDistribution(ps, HGRM_UNIT_RATIO);
            }
            written.add(file);
            if (!s.intervals().isEmpty()) {
                final Path hlog = dir.resolve(s.hlogFileName());
                writeIntervalLog(s, hlog);
                written.add(hlog);
            }
        }
        if (!series.isEmpty()) {
            final Path png = dir.resolve("latency-percentiles.png");
            try {
                PercentilePlot.write(series, png, plotTitle, plotSubtitle);
                written.add(png);
            } catch (final IOException | RuntimeException | Error e) {
                out.println("  (the plot was not written: " + e + ")");
            }
        }
        return written;
    }
}
