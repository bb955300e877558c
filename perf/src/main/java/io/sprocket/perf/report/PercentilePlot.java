package io.sprocket.perf.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Line2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.text.FieldPosition;
import java.text.NumberFormat;
import java.text.ParsePosition;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

import javax.imageio.ImageIO;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.LegendItemCollection;
import org.jfree.chart.annotations.XYTitleAnnotation;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Draws latency distributions, in one PNG:
 *
 * <ul>
 *   <li>Percentile panels, as HdrHistogram's plotter draws them: the horizontal axis is
 *       {@code 1 / (1 - percentile)} on a log scale, labelled 90%, 99%, 99.9%…, so the tail gets as much
 *       room as the median, and it ends at the highest percentile the data holds; the vertical axis is
 *       the latency in microseconds, also on a log scale, so a 200 ns series and a 45 us series read on
 *       one chart, ending where the data ends. One panel per benchmark (ping-pong, or one fixed
 *       rate).</li>
 *   <li>A rate sweep panel for a benchmark measured at several fixed rates (the one-way latency): the
 *       p50, p99 and p99.9 of each system by the rate offered, both axes on a log scale.</li>
 * </ul>
 *
 * Sprocket is drawn thick, the baselines thin, each system in the same colour on every panel.
 *
 * <p><b>Note:</b> call from one thread at a time, with {@code java.awt.headless=true}; it allocates
 * freely (it never runs during a measurement).
 */
public final class PercentilePlot {
    private static final int WIDTH = 1200;
    private static final int PANEL_HEIGHT = 420;
    /** Room for a chart's title, subtitle, legend and horizontal axis. */
    private static final int CHART_EXTRA = 120;
    /** The last percentile plotted: 99.9999%, where x = 1,000,000. */
    private static final double MAX_PERCENTILE = 99.9999;
    /** The percentiles of a sweep, each with its line style. */
    private static final double[] SWEEP_PERCENTILES = {50, 99, 99.9};
    private static final String[] SWEEP_LABELS = {"p50", "p99", "p99.9"};
    private static final String LATENCY_AXIS = "latency (\u00b5s, log scale)";

    private PercentilePlot() {
    }

    /**
     * Writes the plot as a PNG: the percentile panels, then the rate sweeps.
     *
     * @param series   the series; panels follow the order in which benchmarks first appear. A benchmark
     *                 whose series carry two or more {@link LatencySeries#offeredRate() offered rates} is
     *                 drawn as a sweep.
     * @param file     the PNG to write.
     * @param title    the chart's title.
     * @param subtitle a line under it (machine, JVM, settings).
     * @throws IOException when the file cannot be written.
     */
    public static void write(final List<LatencySeries> series, final Path file, final String title, final String subtitle)
        throws IOException {
        final List<JFreeChart> charts = charts(series);
        if (charts.isEmpty()) {
            throw new IllegalArgumentException("no latency series to plot");
        }
        final JFreeChart first = charts.get(0);
        first.setTitle(new TextTitle(title, new Font(Font.SANS_SERIF, Font.BOLD, 18)));
        first.addSubtitle(0, new TextTitle(subtitle, new Font(Font.SANS_SERIF, Font.PLAIN, 12)));
        final int[] heights = new int[charts.size()];
        int total = 0;
        for (int i = 0; i < heights.length; i++) {
            heights[i] = ((CombinedDomainXYPlot)charts.get(i).getXYPlot()).getSubplots().size() * PANEL_HEIGHT
                + CHART_EXTRA;
            total += heights[i];
        }
        final BufferedImage image = new BufferedImage(WIDTH, total, BufferedImage.TYPE_INT_RGB);
        final Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, WIDTH, total);
            int y = 0;
            for (int i = 0; i < heights.length; i++) {
                charts.get(i).draw(g, new Rectangle2D.Double(0, y, WIDTH, heights[i]));
                y += heights[i];
            }
        } finally {
            g.dispose();
        }
        if (!ImageIO.write(image, "png", file.toFile())) {
            throw new IOException("no PNG writer in this JVM for " + file);
        }
    }

    /**
     * The charts of a plot, without title: the percentile panels (if any), then the rate sweeps (if any),
     * each chart a {@link CombinedDomainXYPlot} of one panel per benchmark.
     */
    static List<JFreeChart> charts(final List<LatencySeries> series) {
        final Map<String, List<LatencySeries>> percentilePanels = new LinkedHashMap<>();
        final Map<String, List<LatencySeries>> sweeps = new LinkedHashMap<>();
        final Map<String, List<LatencySeries>> byBenchmark = new LinkedHashMap<>();
        for (final LatencySeries s : series) {
            byBenchmark.computeIfAbsent(s.benchmark(), k -> new ArrayList<>()).add(s);
        }
        for (final Map.Entry<String, List<LatencySeries>> b : byBenchmark.entrySet()) {
            if (rates(b.getValue()).size() >= 2) {
                sweeps.put(b.getKey(), b.getValue());
            } else {
                // One fixed rate, or none: a panel of percentiles (a benchmark at one rate has one series per system).
                for (final LatencySeries s : b.getValue()) {
                    percentilePanels.computeIfAbsent(s.benchmark() + "@" + s.offeredRate(), k -> new ArrayList<>()).add(s);
                }
            }
        }
        final List<JFreeChart> charts = new ArrayList<>();
        if (!percentilePanels.isEmpty()) {
            charts.add(percentileChart(percentilePanels.values()));
        }
        if (!sweeps.isEmpty()) {
            charts.add(sweepChart(sweeps.values()));
        }
        return charts;
    }

    /** The distinct offered rates of some series (0, not measured at a fixed rate, is left out). */
    private static TreeSet<Long> rates(final List<LatencySeries> series) {
        final TreeSet<Long> rates = new TreeSet<>();
        for (final LatencySeries s : series) {
            if (s.offeredRate() > 0) {
                rates.add(s.offeredRate());
            }
        }
        return rates;
    }

    // ------------------------------------------------------------------ percentile panels

    private static JFreeChart percentileChart(final Iterable<List<LatencySeries>> panels) {
        double widest = 10;
        for (final List<LatencySeries> panel : panels) {
            for (final LatencySeries s : panel) {
                if (s.histogram().getTotalCount() > 0) {
                    widest = Math.max(widest, x(resolvablePercentile(s.histogram())));
                }
            }
        }
        final LogAxis percentileAxis = decades(new LogAxis(
            "percentile (log scale of 1 / (1 - p), ending at the highest percentile measured); lower latency is better"));
        percentileAxis.setNumberFormatOverride(new PercentileFormat());
        // The axis ends where the data ends: the highest percentile any series resolves.
        percentileAxis.setRange(1, widest);

        final CombinedDomainXYPlot combined = new CombinedDomainXYPlot(percentileAxis);
        combined.setGap(24);
        LegendItemCollection legend = null;
        for (final List<LatencySeries> panel : panels) {
            final XYPlot plot = percentilePanel(panel);
            combined.add(plot, 1);
            if (legend == null) {
                legend = plot.getLegendItems();
            }
        }
        // Each system has one colour on every panel: one legend entry per system is enough.
        combined.setFixedLegendItems(legend);
        return chart(combined);
    }

    private static XYPlot percentilePanel(final List<LatencySeries> series) {
        final XYSeriesCollection data = new XYSeriesCollection();
        final XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
        for (int i = 0; i < series.size(); i++) {
            final LatencySeries s = series.get(i);
            data.addSeries(percentilePoints(s.system(), s.histogram()));
            renderer.setSeriesPaint(i, colour(s.system()));
            renderer.setSeriesStroke(i, new BasicStroke(ours(s.system()) ? 3.5f : 2f));
        }
        long lowest = Long.MAX_VALUE;
        long highest = 1;
        for (final LatencySeries s : series) {
            if (s.histogram().getTotalCount() > 0) {
                lowest = Math.min(lowest, Math.max(1, s.histogram().getMinValue()));
                highest = Math.max(highest, s.histogram().getMaxValue());
            }
        }
        return plot(data, renderer, lowest, highest, series.get(0).title());
    }

    private static XYSeries percentilePoints(final String key, final Histogram histogram) {
        final XYSeries points = new XYSeries(key, false, true);
        if (histogram.getTotalCount() == 0) {
            return points;
        }
        final double last = resolvablePercentile(histogram);
        for (final HistogramIterationValue v : histogram.percentiles(5)) {
            final double p = v.getPercentileLevelIteratedTo();
            if (p >= last) {
                break;
            }
            points.add(x(p), Math.max(1, v.getValueIteratedTo()));
        }
        // The maximum, drawn at the last percentile the sample count can resolve.
        points.add(x(last), Math.max(1, histogram.getMaxValue()));
        return points;
    }

    /** The highest percentile a series of this many samples can tell apart from its maximum. */
    private static double resolvablePercentile(final Histogram histogram) {
        return Math.min(MAX_PERCENTILE, 100.0 * (1 - 1.0 / Math.max(2, histogram.getTotalCount())));
    }

    private static double x(final double percentile) {
        return 1 / (1 - percentile / 100);
    }

    // ------------------------------------------------------------------ rate sweeps

    private static JFreeChart sweepChart(final Iterable<List<LatencySeries>> sweeps) {
        long lowestRate = Long.MAX_VALUE;
        long highestRate = 0;
        for (final List<LatencySeries> sweep : sweeps) {
            final TreeSet<Long> rates = rates(sweep);
            lowestRate = Math.min(lowestRate, rates.first());
            highestRate = Math.max(highestRate, rates.last());
        }
        final LogAxis rateAxis = decades(new LogAxis("offered rate (msgs/s, log scale), the range measured"));
        rateAxis.setNumberFormatOverride(NumberFormat.getIntegerInstance(Locale.ROOT));
        // The axis ends where the data ends, with room for the points' marks.
        rateAxis.setRange(lowestRate / 1.08, highestRate * 1.08);
        final CombinedDomainXYPlot combined = new CombinedDomainXYPlot(rateAxis);
        combined.setGap(24);
        for (final List<LatencySeries> sweep : sweeps) {
            combined.add(sweepPanel(sweep), 1);
        }
        return chart(combined);
    }

    private static XYPlot sweepPanel(final List<LatencySeries> sweep) {
        final Map<String, XYSeries[]> bySystem = new LinkedHashMap<>();
        long lowest = Long.MAX_VALUE;
        long highest = 1;
        for (final LatencySeries s : sweep) {
            final Histogram h = s.histogram();
            if (s.offeredRate() <= 0 || h.getTotalCount() == 0) {
                continue;
            }
            final XYSeries[] lines = bySystem.computeIfAbsent(s.system(), system -> {
                final XYSeries[] created = new XYSeries[SWEEP_PERCENTILES.length];
                for (int p = 0; p < created.length; p++) {
                    created[p] = new XYSeries(system + " " + SWEEP_LABELS[p], true, false);
                }
                return created;
            });
            for (int p = 0; p < SWEEP_PERCENTILES.length; p++) {
                final long value = Math.max(1, h.getValueAtPercentile(SWEEP_PERCENTILES[p]));
                lines[p].add(s.offeredRate(), value);
                lowest = Math.min(lowest, value);
                highest = Math.max(highest, value);
            }
        }
        final XYSeriesCollection data = new XYSeriesCollection();
        final XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        // A longer line in the legend, so its dashes show.
        renderer.setLegendLine(new Line2D.Double(-16, 0, 16, 0));
        int index = 0;
        for (final Map.Entry<String, XYSeries[]> system : bySystem.entrySet()) {
            for (int p = 0; p < SWEEP_PERCENTILES.length; p++) {
                data.addSeries(system.getValue()[p]);
                renderer.setSeriesPaint(index, colour(system.getKey()));
                renderer.setSeriesStroke(index, sweepStroke(p, ours(system.getKey())));
                index++;
            }
        }
        return plot(data, renderer, lowest, highest, sweep.get(0).benchmark() + ", latency by offered rate (corrected"
            + " for coordinated omission): p50 dashed, p99 solid, p99.9 dotted");
    }

    private static BasicStroke sweepStroke(final int percentile, final boolean ours) {
        final float width = ours ? 3f : 1.8f;
        switch (percentile) {
            case 0:
                return new BasicStroke(width, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, new float[] {9f, 6f}, 0f);
            case 2:
                return new BasicStroke(width, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND, 10f, new float[] {1f, 5f}, 0f);
            default:
                return new BasicStroke(width);
        }
    }

    // ------------------------------------------------------------------ shared

    private static JFreeChart chart(final CombinedDomainXYPlot combined) {
        final JFreeChart chart = new JFreeChart(null, new Font(Font.SANS_SERIF, Font.BOLD, 18), combined, true);
        chart.getLegend().setPosition(RectangleEdge.TOP);
        chart.setBackgroundPaint(Color.WHITE);
        chart.setPadding(new RectangleInsets(4, 8, 4, 32));
        return chart;
    }

    /** A panel: the latency axis ends where the data ends, and the panel's title sits in its top left corner. */
    private static XYPlot plot(final XYSeriesCollection data, final XYLineAndShapeRenderer renderer, final long lowest,
        final long highest, final String title) {
        final LogAxis latencyAxis = decades(new LogAxis(LATENCY_AXIS));
        latencyAxis.setNumberFormatOverride(new MicrosFormat());
        if (lowest != Long.MAX_VALUE) {
            latencyAxis.setRange(latencyRange(lowest, Math.max(highest, lowest + 1)));
        }
        final XYPlot plot = new XYPlot(data, null, latencyAxis, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        final TextTitle label = new TextTitle(title, new Font(Font.SANS_SERIF, Font.BOLD, 13));
        label.setBackgroundPaint(new Color(255, 255, 255, 220));
        plot.addAnnotation(new XYTitleAnnotation(0.01, 0.98, label, RectangleAnchor.TOP_LEFT));
        return plot;
    }

    /**
     * The latency axis' range: the data's lowest and highest values, with a little room, when at least
     * two powers of ten fall inside (so two labelled ticks show); whole decades around the data otherwise.
     */
    static org.jfree.data.Range latencyRange(final long lowestNs, final long highestNs) {
        final double low = lowestNs / 1.15;
        final double high = highestNs * 1.15;
        final double firstDecade = Math.ceil(Math.log10(low) - 1e-9);
        final double lastDecade = Math.floor(Math.log10(high) + 1e-9);
        if (lastDecade - firstDecade >= 1) {
            return new org.jfree.data.Range(low, high);
        }
        return new org.jfree.data.Range(Math.pow(10, Math.floor(Math.log10(lowestNs))),
            Math.pow(10, Math.ceil(Math.log10(highestNs) + 1e-9)));
    }

    /** A base-10 log axis with a labelled tick at every power of ten and nothing in between. */
    private static LogAxis decades(final LogAxis axis) {
        axis.setBase(10);
        axis.setSmallestValue(1);
        axis.setAutoTickUnitSelection(false);
        axis.setTickUnit(new NumberTickUnit(1));
        axis.setMinorTickMarksVisible(true);
        return axis;
    }

    private static boolean ours(final String system) {
        return "sprocket".equals(system);
    }

    private static Color colour(final String system) {
        switch (system) {
            case "sprocket":
                return new Color(0xD9, 0x48, 0x01);
            case "disruptor":
                return new Color(0x31, 0x82, 0xBD);
            case "abq":
                return new Color(0x63, 0x63, 0x63);
            default:
                return new Color(0x31, 0xA3, 0x54);
        }
    }

    /** Labels x = 1 / (1 - p) with p: 1 is 0%, 10 is 90%, 1000 is 99.9%. */
    private static final class PercentileFormat extends NumberFormat {
        private static final long serialVersionUID = 1L;

        @Override
        public StringBuffer format(final double x, final StringBuffer to, final FieldPosition pos) {
            final double p = 100 * (1 - 1 / x);
            final String text = String.format(Locale.ROOT, "%.6f", p).replaceAll("0+$", "").replaceAll("\\.$", "");
            return to.append(text).append('%');
        }

        @Override
        public StringBuffer format(final long x, final StringBuffer to, final FieldPosition pos) {
            return format((double)x, to, pos);
        }

        @Override
        public Number parse(final String source, final ParsePosition pos) {
            return null;
        }
    }

    /** Labels a value in nanoseconds as microseconds, the latency axis' unit: 100 is 0.1, 1,000,000 is 1,000. */
    private static final class MicrosFormat extends NumberFormat {
        private static final long serialVersionUID = 1L;

        @Override
        public StringBuffer format(final double ns, final StringBuffer to, final FieldPosition pos) {
            final double us = ns / 1e3;
            if (us >= 1) {
                return to.append(String.format(Locale.ROOT, "%,.0f", us));
            }
            return to.append(String.format(Locale.ROOT, "%.3f", us).replaceAll("0+$", "").replaceAll("\\.$", ""));
        }

        @Override
        public StringBuffer format(final long ns, final StringBuffer to, final FieldPosition pos) {
            return format((double)ns, to, pos);
        }

        @Override
        public Number parse(final String source, final ParsePosition pos) {
            return null;
        }
    }
}
