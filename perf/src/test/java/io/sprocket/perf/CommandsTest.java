package io.sprocket.perf;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.sprocket.perf.report.Goal;

/**
 * Smoke tests of each subcommand on tiny counts: the exit status, the results file's rows and fields,
 * plausible values and the files written. No timing is asserted: timings are what the harness reports.
 * The timeout is a safety bound only (the slowest, all, takes some 7 s on an idle 2-core machine).
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class CommandsTest {
    private static final String[] PERCENTILES = {"p50Ns", "p90Ns", "p99Ns", "p999Ns", "p9999Ns", "maxNs"};
    private static final Pattern TOTAL_COUNT = Pattern.compile("Total count\\s*=\\s*(\\d+)");

    @TempDir
    Path dir;

    @Test
    void shouldMeasureLatencyAndWriteJsonHgrmAndPlot() throws IOException {
        // One-way at two rates: 1,000 messages a round at 20,000/s, as long (2,000) at 40,000/s.
        final Run run = Run.of("latency", "--wait", "yield", "--count", "2000", "--warmup", "500", "--rounds", "2",
            "--oneway-count", "1000", "--oneway-warmup", "200", "--rate", "20000,40000", "--timeout", "60", "-q",
            "--out", dir.toString());
        assertThat(run.exitCode).as(run.toString()).isZero();
        assertThat(run.out).contains("LATENCY  ping-pong", "LATENCY  one-way at a fixed 20,000 msgs/s",
            "LATENCY  one-way at a fixed 40,000 msgs/s", "2 rounds x 2,000 messages after 400 warm-up", "canary",
            "p99 sprocket/disruptor", "latency-oneway-40000-abq.hlog");

        final List<Map<String, String>> rows = Results.read(dir.resolve("results.json"));
        assertThat(rows).hasSize(9);
        for (final String[] benchmark : new String[][] {{"latency", "", "4000"}, {"latency-oneway", "20000", "2000"},
            {"latency-oneway", "40000", "4000"}}) {
            for (final String system : new String[] {"sprocket", "disruptor", "abq"}) {
                final String what = benchmark[0] + " " + benchmark[1] + " " + system;
                final Map<String, String> row = rows.stream().filter(r -> benchmark[0].equals(r.get("benchmark"))
                    && system.equals(r.get("system")) && benchmark[1].equals(r.getOrDefault("offeredMsgsPerSec", "")))
                    .findFirst().orElseThrow(() -> new AssertionError("no row for " + what + " in " + rows));
                assertThat(row).containsKeys(PERCENTILES).doesNotContainKeys("nsPerOp", "bytesPerOp");
                assertThat(Results.longOf(row, "p50Ns")).isPositive();
                for (int i = 1; i < PERCENTILES.length; i++) {
                    assertThat(Results.longOf(row, PERCENTILES[i])).as(what + " " + PERCENTILES[i])
                        .isGreaterThanOrEqualTo(Results.longOf(row, PERCENTILES[i - 1]));
                }
                // Every recorded sample is in the distribution file: 2 rounds of the recorded count.
                final long recorded = Long.parseLong(benchmark[2]);
                final String stem = benchmark[0] + (benchmark[1].isEmpty() ? "" : "-" + benchmark[1]) + "-" + system;
                assertThat(totalCount(dir.resolve(stem + ".hgrm"))).as(what).isEqualTo(recorded);
                // And in the interval log, one interval per round.
                assertThat(intervalCounts(dir.resolve(stem + ".hlog"))).as(what)
                    .containsExactly(recorded / 2, recorded / 2);
            }
        }
        final byte[] png = Files.readAllBytes(dir.resolve("latency-percentiles.png"));
        assertThat(png.length).isGreaterThan(10_000);
        assertThat(new String(png, 1, 3, StandardCharsets.US_ASCII)).isEqualTo("PNG");
    }

    @Test
    void shouldMeasureThroughputOfOneAndOfSeveralProducers() throws IOException {
        final Path json = dir.resolve("elsewhere").resolve("tp.json");
        final Run run = Run.of("throughput", "--wait", "yield", "--messages", "20000", "--producers", "2", "--rounds", "2",
            "--ring-size", "1024", "--batch", "4", "--timeout", "60", "-q", "--out", dir.toString(), "--json",
            json.toString());
        assertThat(run.exitCode).as(run.toString()).isZero();
        assertThat(run.out).contains("every round checked: handled = sent", "THROUGHPUT  1 producer",
            "THROUGHPUT  2 producers", "CPU time per message by thread, last round");
        for (final String system : new String[] {"sprocket", "disruptor", "abq"}) {
            assertThat(run.out).as("the CPU time of " + system + "'s producers").containsPattern(
                "\\n    " + system + ": [^\\n]*producer \\d+ ns").containsPattern(
                "\\n    " + system + ": [^\\n]*producer-1 \\d+ ns");
        }
        final List<Map<String, String>> rows = Results.read(json);
        assertThat(rows).hasSize(6);
        for (final String benchmark : new String[] {"throughput", "throughput-2p"}) {
            for (final String system : new String[] {"sprocket", "disruptor", "abq"}) {
                final Map<String, String> row = Results.row(rows, benchmark, system);
                assertThat(row).containsOnlyKeys("benchmark", "system", "msgsPerSec");
                assertThat(Results.doubleOf(row, "msgsPerSec")).isPositive();
            }
        }
    }

    @Test
    void shouldMeasureRegistryLookupsAndChanges() throws IOException {
        final Run run = Run.of("registry", "--peers", "100", "--ops", "20000", "--rounds", "2", "-q", "--out",
            dir.toString());
        assertThat(run.exitCode).as(run.toString()).isZero();
        final List<Map<String, String>> rows = Results.read(dir.resolve("results.json"));
        final String[][] expected = {
            {"registry-get-id", "sprocket"}, {"registry-get-id", "agrona-map"}, {"registry-get-id", "chm"},
            {"registry-get-addr", "sprocket"}, {"registry-get-addr", "hash-map"},
            {"registry-get-addr", "agrona-addr-index"},
            {"registry-add-remove", "sprocket"}, {"registry-add-remove", "agrona-map"}, {"registry-add-remove", "chm"}};
        assertThat(rows).hasSize(expected.length);
        for (final String[] e : expected) {
            final Map<String, String> row = Results.row(rows, e[0], e[1]);
            assertThat(row).containsOnlyKeys("benchmark", "system", "nsPerOp", "bytesPerOp");
            assertThat(Results.doubleOf(row, "nsPerOp")).isPositive();
            assertThat(Results.doubleOf(row, "bytesPerOp")).isGreaterThanOrEqualTo(0);
        }
        assertThat(run.out).contains("peer lookup by id, Sprocket / Agrona Long2ObjectHashMap.get");
        final List<JsonNode> goals = Results.goals(dir.resolve("results.json"));
        assertThat(goals).extracting(g -> g.get("name").asText()).containsExactly(
            "peer lookup by id, Sprocket / Agrona Long2ObjectHashMap.get", "peer lookup by id", "peer lookup by address",
            "peer add (measured as add + remove)");
        assertThat(Results.goal(goals, "peer lookup by id").get("rounds")).hasSize(2);
    }

    @Test
    void shouldMeasureClaimAcquireCloneAndAPoolSharedByThreads() throws IOException {
        final Run run = Run.of("pool", "--wait", "yield", "--rounds", "2", "--claim-ops", "20000", "--acquire-ops", "2000",
            "--acquire-size", "4096", "--clone-ops", "20000", "--threads", "1,2,4", "--concurrent-ops", "2000", "-q",
            "--out", dir.toString());
        assertThat(run.exitCode).as(run.toString()).isZero();
        final List<Map<String, String>> rows = Results.read(dir.resolve("results.json"));
        assertThat(rows).hasSize(14);
        for (final String[] e : new String[][] {{"claim-publish", "sprocket"}, {"claim-publish", "disruptor"},
            {"claim-publish", "disruptor-reading"}, {"pool-acquire", "sprocket"}, {"pool-acquire", "heap-alloc"},
            {"clone-1k", "sprocket"}, {"clone-1k", "unsafe-copy"}, {"clone-1k", "heap-copy"}}) {
            final Map<String, String> row = Results.row(rows, e[0], e[1]);
            assertThat(Results.doubleOf(row, "nsPerOp")).isPositive();
        }
        // A heap copy of 1 KiB allocates at least its 1,024 bytes: the byte counter works.
        assertThat(Results.doubleOf(Results.row(rows, "clone-1k", "heap-copy"), "bytesPerOp")).isGreaterThan(1024);
        for (final int threads : new int[] {1, 2, 4}) {
            final Map<String, String> pool = Results.row(rows, "pool-concurrent-" + threads + "t", "sprocket");
            assertThat(pool).containsOnlyKeys("benchmark", "system", "nsPerOp", "bytesPerOp", "poolBuffersAllocated");
            assertThat(Results.doubleOf(pool, "nsPerOp")).isPositive();
            // Prefilled with a buffer per thread during the warm-up: the measured rounds create none.
            assertThat(Results.longOf(pool, "poolBuffersAllocated")).as(threads + " threads").isZero();
            // Every thread's allocation is counted: each new byte[1024] is at least 1,024 bytes.
            assertThat(Results.doubleOf(Results.row(rows, "pool-concurrent-" + threads + "t", "heap-alloc"),
                "bytesPerOp")).isGreaterThanOrEqualTo(1024);
        }
        assertThat(run.out).contains("claim+publish cost, Sprocket / raw Disruptor",
            "1 KiB clone, Sprocket / UnsafeBuffer.putBytes", "POOL SHARED BY N THREADS",
            "BufferPool shared by 4 threads: bytes per acquire + release");

        final List<JsonNode> goals = Results.goals(dir.resolve("results.json"));
        assertThat(goals).extracting(g -> g.get("name").asText()).containsExactly(
            "claim+publish cost, Sprocket / raw Disruptor", "1 KiB clone, Sprocket / UnsafeBuffer.putBytes",
            "getting a ring slot (claim + publish), one producer", "getting a BufferPool buffer (acquire + write + release)",
            "1 KiB clone (clone + release)", "BufferPool shared by 1 thread: bytes per acquire + release",
            "BufferPool shared by 2 threads: bytes per acquire + release",
            "BufferPool shared by 4 threads: bytes per acquire + release");
        for (final JsonNode g : goals) {
            assertGoalShape(g, 2);
        }
        final JsonNode shared = Results.goal(goals, "BufferPool shared by 2 threads: bytes per acquire + release");
        assertThat(shared.get("kind").asText()).isEqualTo("zero-bytes-per-op");
        assertThat(shared.get("gating").asBoolean()).isFalse();
        assertThat(shared.has("bytesPerOp")).isTrue();
        assertThat(shared.has("poolBuffersAllocated")).isTrue();
        assertThat(shared.get("roundModes")).as("a two-thread series carries the canary's modes").hasSize(2);
    }

    /** The fields every goal carries, whatever its figures. */
    static void assertGoalShape(final JsonNode goal, final int rounds) {
        assertThat(goal.get("name").asText()).isNotBlank().doesNotContainIgnoringCase("issue")
            .doesNotContain("PRD");
        assertThat(goal.get("kind").asText()).isIn("at-most", "at-least", "zero-bytes", "under-ns", "zero-bytes-per-op",
            "reported");
        assertThat(goal.get("unit").asText()).isIn("ratio", "bytes", "ns/op");
        assertThat(goal.get("rounds").isArray()).isTrue();
        if (!"zero-bytes".equals(goal.get("kind").asText())) {
            assertThat(goal.get("rounds")).hasSize(rounds);
        }
        assertThat(goal.get("median").isNumber()).isTrue();
        assertThat(goal.get("verdict").asText()).isIn("PASS", "MISS", "REPORTED", "INCONCLUSIVE");
        assertThat(goal.get("gating").isBoolean()).isTrue();
        if ("reported".equals(goal.get("kind").asText())) {
            assertThat(goal.has("target")).isFalse();
            assertThat(goal.get("verdict").asText()).isEqualTo("REPORTED");
        } else {
            assertThat(goal.get("target").asText()).isNotBlank();
            assertThat(goal.get("targetValue").isNumber()).isTrue();
            assertThat(goal.get("verdict").asText()).isIn("zero-bytes".equals(goal.get("kind").asText())
                ? new String[] {"PASS", "MISS", "INCONCLUSIVE"} : new String[] {"PASS", "MISS"});
        }
        if (goal.has("mode")) {
            assertThat(goal.get("mode").asText()).isIn("near", "far", "mixed", "busy");
        }
    }

    @Test
    void shouldFindNoAllocationOnAnyThreadOnceWarm() throws IOException {
        // Up to 10 windows: on a loaded machine the JIT settles later, and a window it deoptimizes in allocates
        // once (the verdict takes the first clean window; an allocation in the code shows in every one).
        final Run run = Run.of("alloc", "--windows", "10", "--timeout", "60", "-q", "--out", dir.toString());
        assertThat(run.exitCode).as(run.toString()).isZero();
        assertThat(run.out).contains("VERDICT: PASS", "alloc-engine", "alloc-journal", "alloc-producer-0",
            "alloc-producer-1", "0 peer mismatches");
        final Map<String, String> row = Results.row(Results.read(dir.resolve("results.json")), "alloc", "sprocket");
        assertThat(Results.doubleOf(row, "bytesPerOp")).isZero();
        assertThat(Results.doubleOf(row, "msgsPerSec")).isPositive();
    }

    @Test
    void shouldWarmUpUntilEveryPeerHasReconnectedOnce() throws IOException {
        final Run run = Run.of("alloc", "--messages", "10", "--warmup", "1000", "--peers", "20", "--churn", "512",
            "--windows", "1", "--timeout", "60", "-q", "--out", dir.toString());
        assertThat(run.out).as(run.toString()).contains("after 10,240 warm-up");
        final Run churnless = Run.of("alloc", "--messages", "10", "--warmup", "1000", "--peers", "20", "--churn", "0",
            "--windows", "1", "--timeout", "60", "-q", "--out", dir.toString());
        assertThat(churnless.out).as(churnless.toString()).contains("after 1,000 warm-up");
    }

    @Test
    void shouldCallTheAllocationVerdictInconclusiveBelowItsMinimumMessages() throws IOException {
        // 10 messages a window: too few to PASS. Up to 10 windows, after a long warm-up, so one is clean; with
        // --fail-on-miss a verdict that could not be judged gives status 4.
        final Run run = Run.of("alloc", "--messages", "10", "--warmup", "300000", "--peers", "100", "--windows", "10",
            "--fail-on-miss", "--timeout", "60", "-q", "--out", dir.toString());
        assertThat(run.exitCode).as(run.toString()).isEqualTo(Session.EXIT_GOAL_MISSED);
        assertThat(run.out).contains("VERDICT: INCONCLUSIVE (10 messages < minimum 1,000,000)")
            .doesNotContain("VERDICT: PASS");
        final JsonNode goal = Results.goal(Results.goals(dir.resolve("results.json")),
            "bytes allocated in steady state, every thread");
        assertThat(goal.get("verdict").asText()).isEqualTo("INCONCLUSIVE");
        assertThat(goal.get("median").asLong()).isZero();
        assertThat(goal.get("note").asText()).startsWith("10 messages < minimum 1,000,000");
    }

    @Test
    void shouldFailTheAllocationVerdictWhenTheEngineAllocates() throws IOException {
        final Run run = Run.of("alloc", "--inject-allocation", "--messages", "20000", "--warmup", "5000", "--peers", "100",
            "--windows", "2", "--timeout", "60", "-q", "--out", dir.toString());
        assertThat(run.exitCode).as(run.toString()).isEqualTo(Session.EXIT_ALLOCATION);
        assertThat(run.out).contains("VERDICT: FAIL", "INJECTED ALLOCATION");
        final Map<String, String> row = Results.row(Results.read(dir.resolve("results.json")), "alloc", "sprocket");
        assertThat(Results.doubleOf(row, "bytesPerOp")).isPositive();
    }

    @Test
    void shouldRunEverySuiteWithTheGoals() throws IOException {
        final Run run = Run.of("all", "--scale", "0.01", "--rounds", "1", "--wait", "yield", "--timeout", "60", "-q",
            "--out", dir.toString());
        // The allocation verdict is asserted on its own above; here only the shape of the whole run.
        assertThat(run.exitCode).as(run.toString()).isIn(0, Session.EXIT_ALLOCATION);
        final List<Map<String, String>> rows = Results.read(dir.resolve("results.json"));
        assertThat(rows).extracting(r -> r.get("benchmark")).contains("latency", "latency-oneway", "throughput",
            "throughput-2p", "claim-publish", "pool-acquire", "clone-1k", "registry-get-id", "registry-get-addr",
            "registry-add-remove", "alloc");
        assertThat(run.out).contains("GOALS", "ping-pong p99, Sprocket / raw Disruptor",
            "1-producer throughput, Sprocket / raw Disruptor", "bytes allocated in steady state",
            "BufferPool shared by 8 threads", "times of this one machine").doesNotContain("issue", "PRD");
        assertThat(dir.resolve("latency-percentiles.png")).exists();
        assertThat(dir.resolve("latency-sprocket.hgrm")).exists();
        assertThat(rows).extracting(r -> r.get("benchmark")).contains("pool-concurrent-1t", "pool-concurrent-2t",
            "pool-concurrent-4t", "pool-concurrent-8t");

        // Every goal is measured by 'all', in the order of the GOALS table, but the soak's drift ('soak') and the
        // transport's round trips and throughput ('latency --transport', 'throughput --transport', see
        // TransportCommandsTest).
        final List<JsonNode> goals = Results.goals(dir.resolve("results.json"));
        final List<String> expected = new java.util.ArrayList<>();
        for (final Goal goal : Goal.defaults()) {
            if (!"soak".equals(goal.benchmark()) && !TransportLatencySuite.BENCHMARK.equals(goal.benchmark())
                && !TransportThroughputSuite.BENCHMARK.equals(goal.benchmark())) {
                expected.add(goal.label());
            }
        }
        assertThat(goals).extracting(g -> g.get("name").asText()).containsExactlyElementsOf(expected);
        for (final JsonNode g : goals) {
            assertGoalShape(g, 1);
        }
        assertThat(goals).filteredOn(g -> g.get("gating").asBoolean()).extracting(g -> g.get("kind").asText())
            .containsOnly("at-most", "at-least", "zero-bytes");
        assertThat(goals).filteredOn(g -> "under-ns".equals(g.get("kind").asText())).allSatisfy(
            g -> assertThat(g.get("note").asText()).contains("this one machine"));
    }

    @Test
    void shouldRunAJmhBenchmarkAndReportItsBytesPerOp() throws IOException {
        // JMH's own options, passed through: no fork, no warm-up, one 200 ms iteration.
        final Run run = Run.of("jmh", "MessageClone.clone_unsafeCopy", "-f", "0", "-wi", "0", "-i", "1", "-r", "200ms",
            "-q", "--out", dir.toString());
        assertThat(run.exitCode).as(run.toString()).isZero();
        final Map<String, String> row =
            Results.row(Results.read(dir.resolve("results.json")), "MessageClone.clone[size=1024]", "unsafe-copy");
        assertThat(Results.doubleOf(row, "nsPerOp")).isPositive();
        assertThat(row).containsKey("bytesPerOp");
        assertThat(dir.resolve("jmh-result.json")).exists();
    }

    @Test
    void shouldRunTheRingFootprintBenchmarkForBothRings() throws IOException {
        // Both rings on the test's thread (no fork), drained after every burst: a row for each ring and heap, with its time.
        final Run run = Run.of("jmh", "RingFootprint", "-p", "ringSize=1024", "-f", "0", "-wi", "0", "-i", "1", "-r",
            "200ms", "-q", "--out", dir.toString());
        assertThat(run.exitCode).as(run.toString()).isZero();
        final List<Map<String, String>> rows = Results.read(dir.resolve("results.json"));
        for (final String heap : new String[] {"as-built", "after-gc"}) {
            for (final String system : new String[] {"sprocket", "disruptor"}) {
                final Map<String, String> row =
                    Results.row(rows, "RingFootprint.claimDrain[heap=" + heap + ",ringSize=1024]", system);
                assertThat(Results.doubleOf(row, "nsPerOp")).as(heap + " " + system).isPositive();
            }
        }
    }

    @Test
    void shouldRunTheClaimPublishBenchmarkForBothRings() throws IOException {
        // The producer alone on the test's thread (no fork), the ring drained between invocations: a row for each.
        final Run run = Run.of("jmh", "ClaimPublish", "-f", "0", "-wi", "0", "-i", "1", "-r", "200ms", "-q", "--out",
            dir.toString());
        assertThat(run.exitCode).as(run.toString()).isZero();
        final List<Map<String, String>> rows = Results.read(dir.resolve("results.json"));
        for (final String system : new String[] {"sprocket", "disruptor"}) {
            final Map<String, String> row = Results.row(rows, "ClaimPublish.produce", system);
            assertThat(Results.doubleOf(row, "nsPerOp")).as(system).isPositive();
        }
    }

    /** The total count of each interval of an HdrHistogram interval log, read back with HdrHistogram's reader. */
    static List<Long> intervalCounts(final Path hlog) throws IOException {
        final List<Long> counts = new java.util.ArrayList<>();
        final HistogramLogReader reader = new HistogramLogReader(hlog.toFile());
        try {
            EncodableHistogram h;
            while ((h = reader.nextIntervalHistogram()) != null) {
                counts.add(((Histogram)h).getTotalCount());
                assertThat(h.getEndTimeStamp()).isGreaterThanOrEqualTo(h.getStartTimeStamp());
            }
        } finally {
            reader.close();
        }
        return counts;
    }

    private static long totalCount(final Path hgrm) throws IOException {
        final Matcher m = TOTAL_COUNT.matcher(Files.readString(hgrm, StandardCharsets.UTF_8));
        assertThat(m.find()).as("total count in " + hgrm).isTrue();
        return Long.parseLong(m.group(1));
    }
}
