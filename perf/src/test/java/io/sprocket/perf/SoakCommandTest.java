package io.sprocket.perf;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The soak subcommand on a short run: the shape of its output and of its results file, never its
 * figures (those are what it reports). The timeout is a safety bound for a 3-second run.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SoakCommandTest {
    private static final String[] PERCENTILES = {"p50Ns", "p90Ns", "p99Ns", "p999Ns", "p9999Ns", "maxNs"};

    @TempDir
    Path dir;

    @Test
    void shouldReportEachWindowsTailAndTheDriftWithoutJudgingIt() throws IOException {
        final Run run = Run.of("soak", "--duration", "3s", "--window", "1s", "--timeout", "60", "-q", "--out",
            dir.toString());
        assertThat(run.exitCode).as(run.toString()).isZero();
        assertThat(run.out).contains("SOAK  3 s in 3 windows of 1 s", "p99.9 drift, last window / first window",
            "messages handled = sent", "bytes allocated after the first window", "canary", "GOALS",
            "publish-to-handle p99.9 drift, last window / first window").containsPattern("(?m)^\\s+3\\s+2\\s+[0-9,]+\\s");

        final List<Map<String, String>> rows = Results.read(dir.resolve("results.json"));
        assertThat(rows).extracting(r -> r.get("benchmark") + "/" + r.get("system"))
            .containsExactly("soak-window-1/sprocket", "soak-window-2/sprocket", "soak-window-3/sprocket",
                "soak/sprocket");
        for (final Map<String, String> row : rows) {
            assertThat(row).containsOnlyKeys("benchmark", "system", "p50Ns", "p90Ns", "p99Ns", "p999Ns", "p9999Ns",
                "maxNs", "msgsPerSec");
            for (int i = 1; i < PERCENTILES.length; i++) {
                assertThat(Results.longOf(row, PERCENTILES[i])).isGreaterThanOrEqualTo(Results.longOf(row, PERCENTILES[i - 1]));
            }
            assertThat(Results.doubleOf(row, "msgsPerSec")).isPositive();
        }

        final List<JsonNode> goals = Results.goals(dir.resolve("results.json"));
        assertThat(goals).hasSize(1);
        final JsonNode drift = goals.get(0);
        CommandsTest.assertGoalShape(drift, 1);
        assertThat(drift.get("name").asText()).isEqualTo("publish-to-handle p99.9 drift, last window / first window");
        assertThat(drift.get("kind").asText()).isEqualTo("reported");
        assertThat(drift.get("verdict").asText()).isEqualTo("REPORTED");
        assertThat(drift.get("gating").asBoolean()).isFalse();
        // The drift is the last window's p99.9 over the first's, as in the rows (to the file's three decimals).
        final double expected = (double)Results.longOf(Results.row(rows, "soak-window-3", "sprocket"), "p999Ns")
            / Results.longOf(Results.row(rows, "soak-window-1", "sprocket"), "p999Ns");
        assertThat(drift.get("median").asDouble()).isCloseTo(expected, org.assertj.core.data.Offset.offset(0.0006));
        assertThat(dir.resolve("soak-sprocket.hgrm")).exists();
        // One interval per window in the interval log, each with the window's count.
        final List<Long> windowCounts = new java.util.ArrayList<>();
        for (int w = 1; w <= 3; w++) {
            final Map<String, String> window = Results.row(rows, "soak-window-" + w, "sprocket");
            windowCounts.add(Math.round(Results.doubleOf(window, "msgsPerSec")));
        }
        assertThat(CommandsTest.intervalCounts(dir.resolve("soak-sprocket.hlog"))).containsExactlyElementsOf(windowCounts);
    }
}
