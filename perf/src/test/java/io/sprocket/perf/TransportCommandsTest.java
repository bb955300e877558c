package io.sprocket.perf;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Smoke tests of the transport's command-line faces: {@code cat}, {@code latency --transport} and
 * {@code throughput --transport}.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class TransportCommandsTest {
    @TempDir
    Path dir;

    @Test
    void shouldMeasureALoopbackRoundTripInEachThreadingModeBesideRawSockets() throws IOException {
        // sleep: the Sprocket threads back off instead of spinning, so the test holds no core.
        final Run run = Run.of("latency", "--transport", "tcp://127.0.0.1:0", "--count", "500", "--warmup", "200",
            "--rounds", "2", "--threading", "dedicated,shared,invoker", "--idle", "sleep", "--timeout", "60", "-q",
            "--out", dir.toString());
        assertThat(run.exitCode).as(run.toString()).isZero();
        assertThat(run.out).contains("LATENCY  ping-pong over tcp://127.0.0.1:0", "p99 sprocket-dedicated/raw-socket",
            "p50 sprocket-shared/raw-socket", "p99 sprocket-invoker/raw-socket",
            "round trip over the transport p50, SHARED / raw sockets");
        final List<Map<String, String>> rows = Results.read(dir.resolve("results.json"));
        final String[] systems = {"sprocket-dedicated", "sprocket-shared", "sprocket-invoker", "raw-socket"};
        assertThat(rows).hasSize(systems.length);
        for (final String system : systems) {
            final Map<String, String> row = Results.row(rows, "latency-transport", system);
            assertThat(Results.longOf(row, "p50Ns")).isPositive();
            assertThat(Results.longOf(row, "p99Ns")).isGreaterThanOrEqualTo(Results.longOf(row, "p50Ns"));
            assertThat(Results.longOf(row, "maxNs")).isGreaterThanOrEqualTo(Results.longOf(row, "p99Ns"));
            final String hgrm = Files.readString(dir.resolve("latency-transport-" + system + ".hgrm"), StandardCharsets.UTF_8);
            assertThat(hgrm).as("2 rounds x 500 recorded").containsPattern("Total count\\s*=\\s*1000\\b");
            assertThat(CommandsTest.intervalCounts(dir.resolve("latency-transport-" + system + ".hlog")))
                .containsExactly(500L, 500L);
        }
        assertThat(dir.resolve("latency-percentiles.png")).exists();
    }

    @Test
    void shouldMeasureARequestReplyRoundTripBesideThePairPingPong() throws IOException {
        final Run run = Run.of("latency", "--transport", "tcp://127.0.0.1:0", "--protocol", "req", "--count", "300",
            "--warmup", "100", "--rounds", "2", "--threading", "shared", "--idle", "sleep", "--timeout", "60", "-q",
            "--out", dir.toString());
        assertThat(run.exitCode).as(run.toString()).isZero();
        assertThat(run.out).contains("p50 sprocket-shared-req/raw-socket", "p99 sprocket-shared-req/sprocket-shared",
            "REQ/REP round trip p50, SHARED, / PAIR0 ping-pong");
        final List<Map<String, String>> rows = Results.read(dir.resolve("results.json"));
        for (final String system : new String[] {"sprocket-shared", "sprocket-shared-req", "raw-socket"}) {
            final Map<String, String> row = Results.row(rows, "latency-transport", system);
            assertThat(Results.longOf(row, "p50Ns")).isPositive();
            assertThat(CommandsTest.intervalCounts(dir.resolve("latency-transport-" + system + ".hlog")))
                .containsExactly(300L, 300L);
        }
        final Run bad = Run.of("latency", "--transport", "tcp://127.0.0.1:0", "--protocol", "bus", "-q", "--out",
            dir.toString());
        assertThat(bad.exitCode).isEqualTo(Session.EXIT_USAGE);
        assertThat(bad.err).contains("--protocol must be pair or req, got bus");
    }

    @Test
    void shouldMeasurePushPullThroughputInEachThreadingModeBesideRawSockets() throws IOException {
        // sleep: the Sprocket threads back off instead of spinning, so the test holds no core.
        final Run run = Run.of("throughput", "--transport", "tcp://127.0.0.1:0", "--protocol", "push", "--messages",
            "3000", "--rounds", "2", "--threading", "dedicated,shared", "--idle", "sleep", "--timeout", "60", "-q",
            "--out", dir.toString());
        assertThat(run.exitCode).as(run.toString()).isZero();
        assertThat(run.out).contains("PUSH/PULL, tcp://127.0.0.1:0, 64 B, 3,000 messages, 2 rounds",
            "THROUGHPUT  PUSH/PULL over tcp://127.0.0.1:0", "messages per second received",
            "every round checked: each message received once, in order", "msgs/s sprocket-dedicated/raw-socket",
            "msgs/s sprocket-shared/raw-socket", "PUSH/PULL loopback throughput, SHARED / raw sockets",
            "PUSH/PULL loopback throughput, DEDICATED / raw sockets");
        final List<Map<String, String>> rows = Results.read(dir.resolve("results.json"));
        final String[] systems = {"sprocket-dedicated", "sprocket-shared", "raw-socket"};
        assertThat(rows).hasSize(systems.length);
        for (final String system : systems) {
            final Map<String, String> row = Results.row(rows, "throughput-transport", system);
            assertThat(row).containsOnlyKeys("benchmark", "system", "msgsPerSec");
            assertThat(Results.doubleOf(row, "msgsPerSec")).isPositive();
        }
        final List<JsonNode> goals = Results.goals(dir.resolve("results.json"));
        assertThat(goals).extracting(g -> g.get("name").asText()).containsExactly(
            "PUSH/PULL loopback throughput, SHARED / raw sockets",
            "PUSH/PULL loopback throughput, DEDICATED / raw sockets");
        for (final JsonNode g : goals) {
            CommandsTest.assertGoalShape(g, 2);
        }
        final JsonNode shared = Results.goal(goals, "PUSH/PULL loopback throughput, SHARED / raw sockets");
        assertThat(shared.get("kind").asText()).isEqualTo("at-least");
        assertThat(shared.get("targetValue").asDouble()).isEqualTo(0.8);
        assertThat(shared.get("gating").asBoolean()).isTrue();
        assertThat(Results.goal(goals, "PUSH/PULL loopback throughput, DEDICATED / raw sockets").get("verdict").asText())
            .isEqualTo("REPORTED");
    }

    @Test
    void shouldMeasurePushPullThroughputOverIpc() throws IOException {
        final String url = "ipc://" + dir.resolve("throughput.ipc");
        final Run run = Run.of("throughput", "--transport", url, "--messages", "2000", "--rounds", "1", "--threading",
            "shared", "--idle", "sleep", "--timeout", "60", "-q", "--out", dir.toString());
        assertThat(run.exitCode).as(run.toString()).isZero();
        assertThat(run.out).contains("THROUGHPUT  PUSH/PULL over " + url, "msgs/s sprocket-shared/raw-socket");
        final List<Map<String, String>> rows = Results.read(dir.resolve("results.json"));
        assertThat(rows).extracting(r -> r.get("system")).containsExactly("sprocket-shared", "raw-socket");
    }

    @Test
    void shouldRefuseAThroughputProtocolItCannotMeasure() {
        final Run run = Run.of("throughput", "--transport", "tcp://127.0.0.1:0", "--protocol", "pub", "-q", "--out",
            dir.toString());
        assertThat(run.exitCode).isEqualTo(Session.EXIT_USAGE);
        assertThat(run.err).contains("--protocol takes push (PUSH/PULL), got 'pub'");
        final Run inproc = Run.of("throughput", "--transport", "inproc://x", "-q", "--out", dir.toString());
        assertThat(inproc.exitCode).isEqualTo(Session.EXIT_USAGE);
        assertThat(inproc.err).contains("--transport takes a tcp:// or ipc:// address");
    }

    @Test
    void shouldRefuseThreadingItCannotRun() {
        final Run blocking = Run.of("latency", "--transport", "tcp://127.0.0.1:0", "--threading", "invoker", "--idle",
            "block", "-q", "--out", dir.toString());
        assertThat(blocking.exitCode).isEqualTo(Session.EXIT_USAGE);
        assertThat(blocking.err).contains("--threading invoker with --idle block");
        final Run unknown = Run.of("latency", "--transport", "tcp://127.0.0.1:0", "--threading", "dedicated,pinned",
            "-q", "--out", dir.toString());
        assertThat(unknown.exitCode).isEqualTo(Session.EXIT_USAGE);
        assertThat(unknown.err).contains("--threading takes dedicated, shared and invoker, got 'pinned'");
        final Run twice = Run.of("latency", "--transport", "tcp://127.0.0.1:0", "--threading", "shared,SHARED",
            "-q", "--out", dir.toString());
        assertThat(twice.exitCode).isEqualTo(Session.EXIT_USAGE);
        assertThat(twice.err).contains("--threading names SHARED twice");
    }

    @Test
    void shouldRefuseAnAddressTheTransportCannotUse() {
        final Run run = Run.of("latency", "--transport", "inproc://x", "-q", "--out", dir.toString());
        assertThat(run.exitCode).isEqualTo(Session.EXIT_USAGE);
        assertThat(run.err).contains("--transport takes a tcp:// or ipc:// address");
    }

    @Test
    void shouldCarryAMessageBetweenTwoCatsOverIpc() throws Exception {
        final String url = "ipc://" + dir.resolve("cat.ipc");
        final CompletableFuture<Run> pull = CompletableFuture.supplyAsync(
            () -> Run.of("cat", "--pull0", "--listen", url, "--hex", "--count", "1", "--recv-timeout", "20"));
        final Run push = Run.of("cat", "--push0", "--dial", url, "--data", "hi\u0000", "--async", "--delay", "1");
        final Run pulled = pull.get(60, TimeUnit.SECONDS);
        assertThat(push.exitCode).as(push.toString()).isZero();
        assertThat(pulled.exitCode).as(pulled.toString()).isZero();
        assertThat(pulled.out).isEqualTo("\"\\x68\\x69\\x00\"\n");
    }
}
