package io.sprocket.perf.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
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

import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Draws latency percentile distributions as HdrHistogram's plotter does: the horizontal axis is
 * {@code 1 / (1 - percentile)} on a log scale, labelled 90%, 99%, 99.9%…, so the tail gets as much
 * room as the median; the vertical axis is the latency, also on a log scale, so a 200 ns series and a
 * 45 us series read on one chart. One panel per benchmark (ping-pong, one-way), Sprocket drawn thick,
 * the baselines thin, each system in the same colour on every panel.
 *
 * <p><b>Note:</b> call from one thread at a time, with {@code java.awt.headless=true}; it allocates
 * freely (it never runs during a measurement).
 */
public final class PercentilePlot {
    private static final int WIDTH = 1200;
    private static final int PANEL_HEIGHT = 420;
    /** The last percentile plotted: 99.9999%, where x = 1,000,000. */
    private static final double MAX_PERCENTILE = 99.9999;

    private PercentilePlot() {
    }

    /**
     * Writes the plot as a PNG.
     *
     * @param series   the series; panels follow the order in which benchmarks first appear.
     * @param file     the PNG to write.
     * @param title    the chart's title.
     * @param subtitle a line under it (machine, JVM, settings).
     * @throws IOException when the file cannot be written.
     */
    public static void write(final List<LatencySeries> series, final Path file, final String title, final String subtitle)
        throws IOException {
        final Map<String, List<LatencySeries>> byBenchmark = new LinkedHashMap<>();
        for (final LatencySeries s : series) {
            byBenchmark.computeIfAbsent(s.benchmark(), k -> new ArrayList<>()).add(s);
        }
        double widest = 10;
        for (final LatencySeries s : series) {
            widest = Math.max(widest, 1 / (1 - resolvablePercentile(s.histogram()) / 100));
        }
        final LogAxis percentileAxis =
            decades(new LogAxis("percentile (both axes log scale; x = 1 / (1 - p); latency: lower is better)"));
        percentileAxis.setNumberFormatOverride(new PercentileFormat());
        percentileAxis.setRange(1, Math.pow(10, Math.ceil(Math.log10(widest) - 1e-9)));

        final CombinedDomainXYPlot combined = new CombinedDomainXYPlot(percentileAxis);
        combined.setGap(24);
        XYPlot first = null;
        for (final Map.Entry<String, List<LatencySeries>> panel : byBenchmark.entrySet()) {
            final XYPlot plot = panel(panel.getValue());
            combined.add(plot, 1);
            if (first == null) {
                first = plot;
            }
        }
        if (first != null) {
            // Each system has one colour on every panel: one legend entry per system is enough.
            combined.setFixedLegendItems(first.getLegendItems());
        }
        final JFreeChart chart = new JFreeChart(title, new Font(Font.SANS_SERIF, Font.BOLD, 18), combined, true);
        chart.addSubtitle(new TextTitle(subtitle, new Font(Font.SANS_SERIF, Font.PLAIN, 12)));
        chart.getLegend().setPosition(RectangleEdge.TOP);
        chart.setBackgroundPaint(Color.WHITE);
        chart.setPadding(new RectangleInsets(4, 8, 4, 32));
        ChartUtils.saveChartAsPNG(file.toFile(), chart, WIDTH, Math.max(1, byBenchmark.size()) * PANEL_HEIGHT + 120);
    }

    private static XYPlot panel(final List<LatencySeries> series) {
        final XYSeriesCollection data = new XYSeriesCollection();
        final XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
        for (int i = 0; i < series.size(); i++) {
            final LatencySeries s = series.get(i);
            data.addSeries(points(s.system(), s.histogram()));
            final boolean ours = "sprocket".equals(s.system());
            renderer.setSeriesPaint(i, colour(s.system()));
            renderer.setSeriesStroke(i, new BasicStroke(ours ? 3.5f : 2f));
        }
        long lowest = Long.MAX_VALUE;
        long highest = 1;
        for (final LatencySeries s : series) {
            if (s.histogram().getTotalCount() > 0) {
                lowest = Math.min(lowest, Math.max(1, s.histogram().getMinValue()));
                highest = Math.max(highest, s.histogram().getMaxValue());
            }
        }
        final LogAxis latencyAxis = decades(new LogAxis(series.get(0).title()));
        latencyAxis.setNumberFormatOverride(new NanosFormat());
        if (lowest != Long.MAX_VALUE) {
            // Whole decades, so at least two labelled ticks show however narrow the data is.
            latencyAxis.setRange(Math.pow(10, Math.floor(Math.log10(lowest))),
                Math.pow(10, Math.ceil(Math.log10(Math.max(highest, lowest + 1)) + 1e-9)));
        }
        final XYPlot plot = new XYPlot(data, null, latencyAxis, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        return plot;
    }

    private static XYSeries points(final String key, final Histogram histogram) {
        final XYSeries points = new XYSeries(key, false, true);
        if (histogram.getTotalCount() == 0) {
            return points;
        }
        for (final HistogramIterationValue v : histogram.percentiles(5)) {
            final double p = v.getPercentileLevelIteratedTo();
            if (p > MAX_PERCENTILE) {
                break;
            }
            points.add(1 / (1 - p / 100), Math.max(1, v.getValueIteratedTo()));
        }
        // The maximum, drawn at the last percentile the sample count can resolve.
        points.add(1 / (1 - resolvablePercentile(histogram) / 100), Math.max(1, histogram.getMaxValue()));
        return points;
    }

    /** The highest percentile a series of this many samples can tell apart from its maximum. */
    private static double resolvablePercentile(final Histogram histogram) {
        return Math.min(MAX_PERCENTILE, 100.0 * (1 - 1.0 / Math.max(2, histogram.getTotalCount())));
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

    /** Labels nanoseconds as ns, us or ms. */
    private static final class NanosFormat extends NumberFormat {
        private static final long serialVersionUID = 1L;

        @Override
        public StringBuffer format(final double ns, final StringBuffer to, final FieldPosition pos) {
            if (ns >= 1e6) {
                return to.append(trim(ns / 1e6)).append(" ms");
            }
            if (ns >= 1e3) {
                return to.append(trim(ns / 1e3)).append(" \u00b5s");
            }
            return to.append(trim(ns)).append(" ns");
        }

        private static String trim(final double v) {
            return String.format(Locale.ROOT, "%.3f", v).replaceAll("0+$", "").replaceAll("\\.$", "");
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
