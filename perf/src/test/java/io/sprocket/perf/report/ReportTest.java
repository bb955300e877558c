package io.sprocket.perf.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class ReportTest {
    @Test
    void shouldWriteOnlyTheFieldsThatApply() {
        final Histogram h = new Histogram(1_000_000, 3);
        for (int i = 1; i <= 100; i++) {
            h.recordValue(i * 10L);
        }
        final String json = Json.document(List.of(
            new Result("latency", "sprocket").latency(h),
            new Result("registry-get-id", "chm").nsPerOp(12.3456).bytesPerOp(24),
            new Result("throughput", "abq").msgsPerSec(1.5e7)));
        assertThat(json).startsWith("{\"results\":[").endsWith("]}\n")
            .contains("{\"benchmark\":\"latency\",\"system\":\"sprocket\",\"p50Ns\":500,\"p90Ns\":900,\"p99Ns\":990,"
                + "\"p999Ns\":1000,\"p9999Ns\":1000,\"maxNs\":1000}")
            .contains("{\"benchmark\":\"registry-get-id\",\"system\":\"chm\",\"nsPerOp\":12.346,\"bytesPerOp\":24}")
            .contains("{\"benchmark\":\"throughput\",\"system\":\"abq\",\"msgsPerSec\":15000000}");
        assertThat(Json.document(List.of())).isEqualTo("{\"results\":[]}\n");
    }

    @Test
    void shouldTakeTheMedianOfThePerRoundRatios() {
        final Comparison c = new Comparison("latency", "p99", "sprocket", "disruptor", false)
            .addRound(110, 100, "near").addRound(300, 100, "far").addRound(90, 100, "near");
        assertThat(c.medianRatio()).isEqualTo(1.1, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(c.modeSummary()).isEqualTo("mixed");
        assertThat(c.describe()).contains("1.10 (near)", "3.00 (far)", "median 1.10x");
        c.addRound(120, 100, "near");
        assertThat(c.medianRatio()).isEqualTo(1.15, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void shouldJudgeEachMeasuredGoalAndSkipTheOthers() {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final Report report = new Report(new PrintStream(bytes, true, StandardCharsets.UTF_8), Path.of("."),
            Path.of("results.json"));
        report.add(new Comparison("latency", "p99", "sprocket", "disruptor", false).addRound(130, 100, "near"));
        report.add(new Comparison("throughput", "msgs/s", "sprocket", "disruptor", true).addRound(95, 100, "far"));
        report.allocation(0);
        assertThat(report.printGoals()).isFalse();
        final String out = bytes.toString(StandardCharsets.UTF_8);
        assertThat(out).containsPattern("ping-pong p99, sprocket / raw disruptor\\s+<= 1.20\\s+1.30\\s+near\\s+MISS")
            .containsPattern("1-producer throughput, sprocket / raw disruptor\\s+>= 0.90\\s+0.95\\s+far\\s+PASS")
            .containsPattern("bytes allocated in steady state, every thread\\s+0 B\\s+0 B\\s+-\\s+PASS")
            .doesNotContain("clone 1 KiB");
    }

    @Test
    void shouldAlignFiguresRightAndTextLeft() {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        new TextTable("system", "p50", "note").leftAligned(2).row("sprocket", "9", "a").row("abq", "45,000", "bb")
            .print(new PrintStream(bytes, true, StandardCharsets.UTF_8), "");
        assertThat(bytes.toString(StandardCharsets.UTF_8).split("\n")).containsExactly(
            "system       p50  note",
            "--------  ------  ----",
            "sprocket       9  a",
            "abq       45,000  bb");
    }
}
