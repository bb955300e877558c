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

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Smoke tests of each subcommand on tiny counts: the exit status, the results file's rows and fields,
 * plausible values and the files written. No timing is asserted: timings are what the harness reports.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CommandsTest {
    private static final String[] PERCENTILES = {"p50Ns", "p90Ns", "p99Ns", "p999Ns", "p9999Ns", "maxNs"};
    private static final Pattern TOTAL_COUNT = Pattern.compile("Total count\\s*=\\s*(\\d+)");

    @TempDir
    Path dir;

    @Test
    void shouldMeasureLatencyAndWriteJsonHgrmAndPlot() throws IOException {
        final Run run = Run.of("latency", "--wait", "yield", "--count", "2000", "--warmup", "500", "--rounds", "2",
            "--oneway-count", "1000", "--oneway-warmup", "200", "--rate", "20000", "--timeout", "20", "-q",
            "--out", dir.toString());
        assertThat(run.exitCode).as(run.toString()).isZero();
        assertThat(run.out).contains("LATENCY  ping-pong", "LATENCY  one-way", "canary", "p99 sprocket/disruptor");

        final List<Map<String, String>> rows = Results.read(dir.resolve("results.json"));
        assertThat(rows).hasSize(6);
        for (final String benchmark : new String[] {"latency", "latency-oneway"}) {
            for (final String system : new String[] {"sprocket", "disruptor", "abq"}) {
                final Map<String, String> row = Results.row(rows, benchmark, system);
                assertThat(row).containsKeys(PERCENTILES).doesNotContainKeys("nsPerOp", "bytesPerOp");
                assertThat(Results.longOf(row, "p50Ns")).isPositive();
                for (int i = 1; i < PERCENTILES.length; i++) {
                    assertThat(Results.longOf(row, PERCENTILES[i])).as(benchmark + " " + system + " " + PERCENTILES[i])
                        .isGreaterThanOrEqualTo(Results.longOf(row, PERCENTILES[i - 1]));
                }
                // Every recorded sample is in the distribution file: 2 rounds of the recorded count.
                final Path hgrm = dir.resolve(benchmark + "-" + system + ".hgrm");
                assertThat(totalCount(hgrm)).isEqualTo("latency".equals(benchmark) ? 4000 : 2000);
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
            "--ring-size", "1024", "--batch", "4", "--timeout", "20", "-q", "--out", dir.toString(), "--json",
            json.toString());
        assertThat(run.exitCode).as(run.toString()).isZero();
        assertThat(run.out).contains("every round checked: handled = sent", "THROUGHPUT  1 producer",
            "THROUGHPUT  2 producers");
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
        assertThat(run.out).contains("peer lookup by id, sprocket / Long2ObjectHashMap.get");
    }

    @Test
    void shouldMeasureClaimAcquireAndClone() throws IOException {
        final Run run = Run.of("pool", "--wait", "yield", "--rounds", "2", "--claim-ops", "20000", "--acquire-ops", "2000",
            "--acquire-size", "4096", "--clone-ops", "20000", "-q", "--out", dir.toString());
        assertThat(run.exitCode).as(run.toString()).isZero();
        final List<Map<String, String>> rows = Results.read(dir.resolve("results.json"));
        assertThat(rows).hasSize(7);
        for (final String[] e : new String[][] {{"claim-publish", "sprocket"}, {"claim-publish", "disruptor"},
            {"pool-acquire", "sprocket"}, {"pool-acquire", "heap-alloc"}, {"clone-1k", "sprocket"},
            {"clone-1k", "unsafe-copy"}, {"clone-1k", "heap-copy"}}) {
            final Map<String, String> row = Results.row(rows, e[0], e[1]);
            assertThat(Results.doubleOf(row, "nsPerOp")).isPositive();
        }
        // A heap copy of 1 KiB allocates at least its 1,024 bytes: the byte counter works.
        assertThat(Results.doubleOf(Results.row(rows, "clone-1k", "heap-copy"), "bytesPerOp")).isGreaterThan(1024);
        assertThat(run.out).contains("claim+publish, sprocket / raw disruptor", "clone 1 KiB, sprocket / UnsafeBuffer");
    }

    @Test
    void shouldFindNoAllocationOnAnyThreadOnceWarm() throws IOException {
        final Run run = Run.of("alloc", "--windows", "5", "--timeout", "30", "-q", "--out", dir.toString());
        assertThat(run.exitCode).as(run.toString()).isZero();
        assertThat(run.out).contains("VERDICT: PASS", "alloc-engine", "alloc-journal", "alloc-producer-0",
            "alloc-producer-1", "0 peer mismatches");
        final Map<String, String> row = Results.row(Results.read(dir.resolve("results.json")), "alloc", "sprocket");
        assertThat(Results.doubleOf(row, "bytesPerOp")).isZero();
        assertThat(Results.doubleOf(row, "msgsPerSec")).isPositive();
    }

    @Test
    void shouldFailTheAllocationVerdictWhenTheEngineAllocates() throws IOException {
        final Run run = Run.of("alloc", "--inject-allocation", "--messages", "20000", "--warmup", "5000", "--windows", "2",
            "--timeout", "20", "-q", "--out", dir.toString());
        assertThat(run.exitCode).as(run.toString()).isEqualTo(Session.EXIT_ALLOCATION);
        assertThat(run.out).contains("VERDICT: FAIL", "INJECTED ALLOCATION");
        final Map<String, String> row = Results.row(Results.read(dir.resolve("results.json")), "alloc", "sprocket");
        assertThat(Results.doubleOf(row, "bytesPerOp")).isPositive();
    }

    @Test
    void shouldRunEverySuiteWithTheGoals() throws IOException {
        final Run run = Run.of("all", "--scale", "0.01", "--rounds", "1", "--wait", "yield", "--timeout", "30", "-q",
            "--out", dir.toString());
        // The allocation verdict is asserted on its own above; here only the shape of the whole run.
        assertThat(run.exitCode).as(run.toString()).isIn(0, Session.EXIT_ALLOCATION);
        final List<Map<String, String>> rows = Results.read(dir.resolve("results.json"));
        assertThat(rows).extracting(r -> r.get("benchmark")).contains("latency", "latency-oneway", "throughput",
            "throughput-2p", "claim-publish", "pool-acquire", "clone-1k", "registry-get-id", "registry-get-addr",
            "registry-add-remove", "alloc");
        assertThat(run.out).contains("GOALS", "ping-pong p99, sprocket / raw disruptor",
            "1-producer throughput, sprocket / raw disruptor", "bytes allocated in steady state");
        assertThat(dir.resolve("latency-percentiles.png")).exists();
        assertThat(dir.resolve("latency-sprocket.hgrm")).exists();
    }

    @Test
    void shouldRunAJmhBenchmarkAndReportItsBytesPerOp() throws IOException {
        final Run run = Run.of("jmh", "MessageClone.clone_unsafeCopy", "--forks", "0", "--warmup-iterations", "0",
            "--iterations", "1", "--time", "200", "-q", "--out", dir.toString());
        assertThat(run.exitCode).as(run.toString()).isZero();
        final Map<String, String> row =
            Results.row(Results.read(dir.resolve("results.json")), "MessageClone.clone[size=1024]", "unsafe-copy");
        assertThat(Results.doubleOf(row, "nsPerOp")).isPositive();
        assertThat(row).containsKey("bytesPerOp");
        assertThat(dir.resolve("jmh-result.json")).exists();
    }

    private static long totalCount(final Path hgrm) throws IOException {
        final Matcher m = TOTAL_COUNT.matcher(Files.readString(hgrm, StandardCharsets.UTF_8));
        assertThat(m.find()).as("total count in " + hgrm).isTrue();
        return Long.parseLong(m.group(1));
    }
}
