package io.sprocket.perf.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.HdrHistogram.Histogram;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.data.xy.XYDataset;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The plot's axes end where the data ends and say what they measure; a rate sweep is drawn by rate. */
class PercentilePlotTest {
    @TempDir
    Path dir;

    @BeforeAll
    static void headless() {
        System.setProperty("java.awt.headless", "true");
    }

    /** {@code count} values spread from {@code lowNs} to {@code highNs}. */
    private static Histogram values(final int count, final long lowNs, final long highNs) {
        final Histogram h = new Histogram(100_000_000_000L, 3);
        for (int i = 0; i < count; i++) {
            h.recordValue(lowNs + (highNs - lowNs) * i / Math.max(1, count - 1));
        }
        return h;
    }

    private static List<XYPlot> panels(final JFreeChart chart) {
        final List<XYPlot> panels = new ArrayList<>();
        for (final Object p : ((CombinedDomainXYPlot)chart.getXYPlot()).getSubplots()) {
            panels.add((XYPlot)p);
        }
        return panels;
    }

    @Test
    void shouldEndThePercentileAxisAtTheHighestPercentileMeasured() {
        final List<LatencySeries> series = List.of(
            new LatencySeries("latency", "sprocket", "ping-pong", values(1_000, 200, 4_000)),
            new LatencySeries("latency", "disruptor", "ping-pong", values(200_000, 150, 90_000)));
        final List<JFreeChart> charts = PercentilePlot.charts(series);
        assertThat(charts).hasSize(1);
        final ValueAxis percentile = charts.get(0).getXYPlot().getDomainAxis();
        // 200,000 samples resolve 99.9995 %, where x = 1 / (1 - p) = 200,000: the axis ends there, not at 1,000,000.
        assertThat(percentile.getLowerBound()).isEqualTo(1.0);
        assertThat(percentile.getUpperBound()).isCloseTo(200_000, within(1e-3));
        final XYDataset data = panels(charts.get(0)).get(0).getDataset();
        double lastX = 0;
        for (int s = 0; s < data.getSeriesCount(); s++) {
            lastX = Math.max(lastX, data.getXValue(s, data.getItemCount(s) - 1));
        }
        assertThat(lastX).isCloseTo(percentile.getUpperBound(), within(1e-3));

        final ValueAxis latency = panels(charts.get(0)).get(0).getRangeAxis();
        assertThat(latency.getLabel()).contains("latency").contains("\u00b5s");
        assertThat(latency.getUpperBound()).as("ends just above the highest value").isBetween(90_000.0, 90_000 * 1.2);
        assertThat(latency.getLowerBound()).isBetween(150 / 1.2, 150.0);
    }

    @Test
    void shouldDrawSeveralRatesOfOneBenchmarkAsASweep() {
        final List<LatencySeries> series = new ArrayList<>();
        series.add(new LatencySeries("latency", "sprocket", "ping-pong", values(1_000, 200, 4_000)));
        final long[] rates = {1_000_000, 100_000, 10_000};
        for (final long rate : rates) {
            for (final String system : new String[] {"sprocket", "disruptor", "abq"}) {
                final long scale = "abq".equals(system) ? 50 : 1;
                series.add(new LatencySeries("latency-oneway", system, "one-way", values(5_000, 300 * scale,
                    rate / 10 * scale)).offeredRate(rate));
            }
        }
        final List<JFreeChart> charts = PercentilePlot.charts(series);
        assertThat(charts).as("percentiles, then the sweep").hasSize(2);
        assertThat(panels(charts.get(0))).as("the ping-pong only").hasSize(1);

        final List<XYPlot> sweep = panels(charts.get(1));
        assertThat(sweep).hasSize(1);
        final ValueAxis rate = charts.get(1).getXYPlot().getDomainAxis();
        assertThat(rate.getLabel()).contains("rate");
        assertThat(rate.getLowerBound()).isBetween(10_000 / 1.1, 10_000.0);
        assertThat(rate.getUpperBound()).isBetween(1_000_000.0, 1_000_000 * 1.1);
        assertThat(sweep.get(0).getRangeAxis().getLabel()).contains("latency").contains("\u00b5s");
        final XYDataset data = sweep.get(0).getDataset();
        final List<String> keys = new ArrayList<>();
        for (int s = 0; s < data.getSeriesCount(); s++) {
            keys.add(data.getSeriesKey(s).toString());
            assertThat(data.getItemCount(s)).as("a point per rate").isEqualTo(3);
        }
        assertThat(keys).containsExactly("sprocket p50", "sprocket p99", "sprocket p99.9", "disruptor p50",
            "disruptor p99", "disruptor p99.9", "abq p50", "abq p99", "abq p99.9");
        // The sprocket p99 line at 100,000 msgs/s is that series' p99.
        final Histogram at100k = series.get(4).histogram();
        assertThat(data.getXValue(1, 1)).isEqualTo(100_000.0);
        assertThat(data.getYValue(1, 1)).isEqualTo(at100k.getValueAtPercentile(99));
    }

    @Test
    void shouldDrawASingleRateAsPercentilesAndWriteAPng() throws IOException {
        final List<LatencySeries> series = List.of(
            new LatencySeries("latency-oneway", "sprocket", "one-way at 100,000/s", values(5_000, 300, 9_000))
                .offeredRate(100_000),
            new LatencySeries("latency-oneway", "abq", "one-way at 100,000/s", values(5_000, 9_000, 90_000))
                .offeredRate(100_000));
        assertThat(PercentilePlot.charts(series)).hasSize(1);
        final Path png = dir.resolve("plot.png");
        PercentilePlot.write(series, png, "title", "subtitle");
        final byte[] bytes = Files.readAllBytes(png);
        assertThat(new String(bytes, 1, 3, StandardCharsets.US_ASCII)).isEqualTo("PNG");
        assertThat(series.get(0).hgrmFileName()).isEqualTo("latency-oneway-100000-sprocket.hgrm");
        assertThat(series.get(0).hlogFileName()).isEqualTo("latency-oneway-100000-sprocket.hlog");
    }
}
