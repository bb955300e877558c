package io.sprocket.perf.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    Path dir;

    private static List<String> names(final JsonNode node) {
        final List<String> names = new ArrayList<>();
        for (final Map.Entry<String, JsonNode> field : node.properties()) {
            names.add(field.getKey());
        }
        return names;
    }

    @Test
    void shouldWriteOnlyTheFieldsThatApply() throws IOException {
        final Histogram h = new Histogram(1_000_000, 3);
        for (int i = 1; i <= 100; i++) {
            h.recordValue(i * 10L);
        }
        final String json = Json.document(List.of(
            new Result("latency", "sprocket").latency(h),
            new Result("registry-get-id", "chm").nsPerOp(12.3456).bytesPerOp(24),
            new Result("throughput", "abq").msgsPerSec(1.5e7),
            new Result("pool-concurrent-2t", "sprocket").nsPerOp(30).bytesPerOp(0).poolBuffersAllocated(0)), List.of());
        assertThat(json).endsWith("}\n").containsPattern("\"msgsPerSec\"\\s*:\\s*15000000\\s")
            .containsPattern("\"nsPerOp\"\\s*:\\s*12\\.346,").doesNotContain("E+", "null", "NaN");
        final JsonNode doc = MAPPER.readTree(json);
        assertThat(names(doc)).containsExactly("results", "goals");
        assertThat(doc.get("goals")).isEmpty();
        final JsonNode rows = doc.get("results");
        assertThat(rows).hasSize(4);
        assertThat(names(rows.get(0))).containsExactly("benchmark", "system", "p50Ns", "p90Ns", "p99Ns", "p999Ns",
            "p9999Ns", "maxNs");
        assertThat(rows.get(0).get("p50Ns").asLong()).isEqualTo(500);
        assertThat(rows.get(0).get("p99Ns").asLong()).isEqualTo(990);
        assertThat(rows.get(0).get("maxNs").asLong()).isEqualTo(1000);
        assertThat(names(rows.get(1))).containsExactly("benchmark", "system", "nsPerOp", "bytesPerOp");
        assertThat(rows.get(1).get("nsPerOp").asText()).isEqualTo("12.346");
        assertThat(rows.get(1).get("bytesPerOp").asText()).isEqualTo("24");
        assertThat(names(rows.get(2))).containsExactly("benchmark", "system", "msgsPerSec");
        assertThat(names(rows.get(3))).containsExactly("benchmark", "system", "nsPerOp", "bytesPerOp", "poolBuffersAllocated");

        final JsonNode empty = MAPPER.readTree(Json.document(List.of(), List.of()));
        assertThat(names(empty)).containsExactly("results", "goals");
        assertThat(empty.get("results")).isEmpty();
    }

    @Test
    void shouldTakeTheMedianOfThePerRoundRatios() {
        final Comparison c = new Comparison("latency", "p99", "sprocket", "disruptor", false)
            .addRound(110, 100, "near").addRound(300, 100, "far").addRound(90, 100, "near");
        assertThat(c.medianRatio()).isEqualTo(1.1, Offset.offset(1e-9));
        assertThat(c.medianSystemValue()).isEqualTo(110);
        assertThat(c.modeSummary()).isEqualTo("mixed");
        assertThat(c.describe()).contains("1.10 (near)", "3.00 (far)", "median 1.10x");
        c.addRound(120, 100, "near");
        assertThat(c.medianRatio()).isEqualTo(1.15, Offset.offset(1e-9));
    }

    private Report report(final ByteArrayOutputStream bytes) {
        return new Report(new PrintStream(bytes, true, StandardCharsets.UTF_8), dir, dir.resolve("results.json"));
    }

    @Test
    void shouldJudgeEachMeasuredGoalAndSkipTheOthers() {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final Report report = report(bytes);
        report.add(new Comparison("latency", "p99", "sprocket", "disruptor", false).addRound(130, 100, "near"));
        report.add(new Comparison("throughput", "msgs/s", "sprocket", "disruptor", true).addRound(95, 100, "far"));
        report.add(new Comparison("registry-get-addr", "ns/op", "sprocket", "hash-map", false).addRound(140, 20, "-"));
        report.allocation(0, 1_000_000, 1_000_000);
        assertThat(report.printGoals()).as("the ping-pong ratio missed").isFalse();
        final String out = bytes.toString(StandardCharsets.UTF_8);
        assertThat(out).containsPattern("ping-pong p99, Sprocket / raw Disruptor\\s+<= 1.20\\s+1.30\\s+near\\s+MISS")
            .containsPattern("1-producer throughput, Sprocket / raw Disruptor\\s+>= 0.90\\s+0.95\\s+far\\s+PASS")
            .containsPattern("bytes allocated in steady state, every thread\\s+0 B\\s+0 B\\s+-\\s+PASS")
            .containsPattern("peer lookup by address\\s+< 100 ns\\s+140 ns\\s+-\\s+MISS")
            .contains("times of this one machine")
            .doesNotContain("clone", "issue", "PRD");
    }

    @Test
    void shouldNotFailARunOnAMissedAbsoluteTime() {
        final Report report = report(new ByteArrayOutputStream());
        report.add(new Comparison("clone-1k", "ns/op", "sprocket", "unsafe-copy", false).addRound(1500, 400, "-"));
        final List<Verdict> verdicts = report.verdicts();
        assertThat(verdicts).extracting(v -> v.goal().label() + " " + v.status())
            .containsExactly("1 KiB clone, Sprocket / UnsafeBuffer.putBytes MISS", "1 KiB clone (clone + release) MISS");
        assertThat(report.printGoals()).as("the ratio missed: a miss that --fail-on-miss acts on").isFalse();

        final Report absoluteOnly = report(new ByteArrayOutputStream());
        absoluteOnly.add(new Comparison("registry-add-remove", "ns/op", "sprocket", "agrona-map", false)
            .addRound(900, 20, "-"));
        assertThat(absoluteOnly.verdicts()).singleElement().extracting(Verdict::status).isEqualTo(Verdict.Status.MISS);
        assertThat(absoluteOnly.printGoals()).as("a missed absolute time alone does not fail the run").isTrue();
    }

    @Test
    void shouldWriteEveryMeasuredGoalWithItsRoundsMedianModeAndVerdict() throws IOException {
        final Report report = report(new ByteArrayOutputStream());
        report.add(new Comparison("claim-publish", "ns/op", "sprocket", "disruptor", false)
            .addRound(12, 8, "near").addRound(40, 10, "far").addRound(11, 10, "near"));
        report.add(new Result(Goal.concurrentPoolBenchmark(4), "sprocket").nsPerOp(80).bytesPerOp(0).poolBuffersAllocated(0));
        report.add(new Comparison(Goal.concurrentPoolBenchmark(4), "ns/op", "sprocket", "heap-alloc", false)
            .addRound(70, 300, "near").addRound(90, 280, "near"));
        report.add(new Comparison("soak", "p99.9", "last-window", "first-window", false).addRound(50, 200, "far"));
        report.allocation(48, 20_000, 1_000_000);
        report.writeFiles("t", "s");

        final JsonNode goals = MAPPER.readTree(Files.readString(dir.resolve("results.json"))).get("goals");
        assertThat(goals).hasSize(5);
        final JsonNode ratio = goals.get(0);
        assertThat(ratio.get("name").asText()).isEqualTo("claim+publish cost, Sprocket / raw Disruptor");
        assertThat(ratio.get("kind").asText()).isEqualTo("at-most");
        assertThat(ratio.get("target").asText()).isEqualTo("<= 1.50");
        assertThat(ratio.get("targetValue").asDouble()).isEqualTo(1.5);
        assertThat(ratio.get("unit").asText()).isEqualTo("ratio");
        assertThat(ratio.get("rounds")).extracting(JsonNode::asDouble).containsExactly(1.5, 4.0, 1.1);
        assertThat(ratio.get("roundModes")).extracting(JsonNode::asText).containsExactly("near", "far", "near");
        assertThat(ratio.get("median").asDouble()).isEqualTo(1.5);
        assertThat(ratio.get("mode").asText()).isEqualTo("mixed");
        assertThat(ratio.get("verdict").asText()).isEqualTo("PASS");
        assertThat(ratio.get("gating").asBoolean()).isTrue();
        assertThat(ratio.has("note")).isFalse();

        final JsonNode alloc = goals.get(1);
        assertThat(alloc.get("kind").asText()).isEqualTo("zero-bytes");
        assertThat(alloc.get("median").asLong()).isEqualTo(48);
        assertThat(alloc.get("verdict").asText()).isEqualTo("MISS");
        assertThat(alloc.has("mode")).as("a single-thread figure has no mode").isFalse();

        final JsonNode absolute = goals.get(2);
        assertThat(absolute.get("name").asText()).isEqualTo("getting a ring slot (claim + publish), one producer");
        assertThat(absolute.get("kind").asText()).isEqualTo("under-ns");
        assertThat(absolute.get("target").asText()).isEqualTo("< 50 ns");
        assertThat(absolute.get("unit").asText()).isEqualTo("ns/op");
        assertThat(absolute.get("rounds")).extracting(JsonNode::asDouble).containsExactly(12.0, 40.0, 11.0);
        assertThat(absolute.get("median").asDouble()).isEqualTo(12);
        assertThat(absolute.get("verdict").asText()).isEqualTo("PASS");
        assertThat(absolute.get("gating").asBoolean()).isFalse();
        assertThat(absolute.get("note").asText()).contains("this one machine");

        final JsonNode pool = goals.get(3);
        assertThat(pool.get("name").asText()).isEqualTo("BufferPool shared by 4 threads: bytes per acquire + release");
        assertThat(pool.get("kind").asText()).isEqualTo("zero-bytes-per-op");
        assertThat(pool.get("median").asDouble()).isEqualTo(80);
        assertThat(pool.get("bytesPerOp").asDouble()).isZero();
        assertThat(pool.get("poolBuffersAllocated").asLong()).isZero();
        assertThat(pool.get("verdict").asText()).isEqualTo("PASS");
        assertThat(pool.get("gating").asBoolean()).isFalse();

        final JsonNode drift = goals.get(4);
        assertThat(drift.get("kind").asText()).isEqualTo("reported");
        assertThat(drift.has("target")).isFalse();
        assertThat(drift.get("median").asDouble()).isEqualTo(0.25);
        assertThat(drift.get("verdict").asText()).isEqualTo("REPORTED");
        assertThat(drift.get("gating").asBoolean()).isFalse();
    }

    @Test
    void shouldCallACleanAllocationWindowShorterThanTheMinimumInconclusive() throws IOException {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final Report shortClean = report(bytes);
        shortClean.allocation(0, 10, 1_000_000);
        final Verdict inconclusive = shortClean.verdicts().get(0);
        assertThat(inconclusive.status()).isEqualTo(Verdict.Status.INCONCLUSIVE);
        assertThat(inconclusive.pass()).as("not shown: --fail-on-miss acts on it").isFalse();
        assertThat(inconclusive.note()).startsWith("10 messages < minimum 1,000,000");
        assertThat(shortClean.printGoals()).isFalse();
        assertThat(bytes.toString(StandardCharsets.UTF_8))
            .containsPattern("bytes allocated in steady state, every thread\\s+0 B\\s+0 B\\s+-\\s+INCONCLUSIVE")
            .contains("INCONCLUSIVE (bytes allocated in steady state, every thread): 10 messages < minimum 1,000,000");
        shortClean.writeFiles("t", "s");
        final JsonNode goal = MAPPER.readTree(Files.readString(dir.resolve("results.json"))).get("goals").get(0);
        assertThat(goal.get("verdict").asText()).isEqualTo("INCONCLUSIVE");
        assertThat(goal.get("note").asText()).startsWith("10 messages < minimum 1,000,000");

        final Report shortDirty = report(new ByteArrayOutputStream());
        shortDirty.allocation(48, 10, 1_000_000);
        assertThat(shortDirty.verdicts().get(0).status()).as("an allocation seen is a miss however short the window")
            .isEqualTo(Verdict.Status.MISS);
        final Report longClean = report(new ByteArrayOutputStream());
        longClean.allocation(0, 1_000_000, 1_000_000);
        assertThat(longClean.verdicts().get(0).status()).isEqualTo(Verdict.Status.PASS);
        assertThat(longClean.verdicts().get(0).note()).isNull();
    }

    @Test
    void shouldWriteAnIntervalLogThatReadsBackWithEveryRecordedValue() throws IOException {
        final Histogram merged = new Histogram(1_000_000_000L, 3);
        final Histogram first = new Histogram(1_000_000_000L, 3);
        final Histogram second = new Histogram(1_000_000_000L, 3);
        for (int i = 1; i <= 300; i++) {
            first.recordValue(100L * i);
        }
        for (int i = 1; i <= 200; i++) {
            second.recordValue(5_000L * i);
        }
        first.setStartTimeStamp(1_700_000_000_000L);
        first.setEndTimeStamp(1_700_000_001_500L);
        second.setStartTimeStamp(1_700_000_004_000L);
        second.setEndTimeStamp(1_700_000_005_000L);
        merged.add(first);
        merged.add(second);
        final Report report = report(new ByteArrayOutputStream());
        report.add(new LatencySeries("latency", "sprocket", "ping-pong", merged).addInterval(first).addInterval(second));
        final Histogram noIntervals = new Histogram(1_000_000_000L, 3);
        noIntervals.recordValue(1000);
        report.add(new LatencySeries("latency", "abq", "ping-pong", noIntervals));
        final List<Path> written = report.writeFiles("t", "s");

        final Path hlog = dir.resolve("latency-sprocket.hlog");
        assertThat(written).contains(hlog, dir.resolve("latency-sprocket.hgrm"));
        assertThat(dir.resolve("latency-abq.hlog")).as("a series without intervals has no log").doesNotExist();
        final HistogramLogReader reader = new HistogramLogReader(hlog.toFile());
        final Histogram readBack = new Histogram(1_000_000_000L, 3);
        final List<Long> starts = new ArrayList<>();
        final List<Long> counts = new ArrayList<>();
        EncodableHistogram interval;
        while ((interval = reader.nextIntervalHistogram()) != null) {
            final Histogram h = (Histogram)interval;
            starts.add(h.getStartTimeStamp());
            counts.add(h.getTotalCount());
            readBack.add(h);
        }
        reader.close();
        assertThat(reader.getStartTimeSec()).isEqualTo(1_700_000_000.0);
        assertThat(counts).containsExactly(300L, 200L);
        assertThat(starts).containsExactly(1_700_000_000_000L, 1_700_000_004_000L);
        assertThat(readBack.getTotalCount()).isEqualTo(merged.getTotalCount()).isEqualTo(500);
        assertThat(readBack.getMaxValue()).isEqualTo(merged.getMaxValue());
        assertThat(readBack.getValueAtPercentile(50)).isEqualTo(merged.getValueAtPercentile(50));
    }

    @Test
    void shouldRefuseAnIntervalWithoutItsTimeStamps() {
        final LatencySeries series = new LatencySeries("latency", "sprocket", "t", new Histogram(1000, 3));
        org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
            .isThrownBy(() -> series.addInterval(new Histogram(1000, 3))).withMessageContaining("time stamps");
        assertThat(series.intervals()).isEmpty();
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
