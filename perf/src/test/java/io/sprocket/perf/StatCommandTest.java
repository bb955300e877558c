package io.sprocket.perf;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.agrona.concurrent.status.CountersReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.sprocket.counters.CountersFile;
import io.sprocket.counters.CountersFileReader;
import io.sprocket.engine.Engine;
import io.sprocket.engine.RegistryStats;
import io.sprocket.message.Addr;
import io.sprocket.message.InfraConfig;
import io.sprocket.message.Waits;
import io.sprocket.registry.SpSocket;
import io.sprocket.ring.MessageRing;
import io.sprocket.ring.RingStats;
import io.sprocket.transport.ChildJvm;

/**
 * {@code stat} reads another process's counters: a child JVM runs {@code cat --pull0 --listen}, this
 * test sends it messages with its own {@code cat --push0}, and the child's counters file shows
 * exactly how many it received and handled, read from this process.
 */
@Timeout(120)
class StatCommandTest {
    private static final int MESSAGES = 250;

    @TempDir
    Path dir;

    /** The value of the one counter whose label ends with {@code suffix}, or -1 when there is none. */
    private static long counter(final CountersReader counters, final String suffix) {
        final long[] found = {-1};
        counters.forEach((id, type, key, label) -> {
            if (label.endsWith(suffix)) {
                found[0] = counters.getCounterValue(id);
            }
        });
        return found[0];
    }

    @Test
    void shouldShowTheExactCountsOfAnotherRunningProcess() throws Exception {
        final Path counters = dir.resolve("counters");
        try (ChildJvm child = new ChildJvm(dir, 0, List.of("-D" + CountersFile.DIRECTORY_PROPERTY + "=" + counters),
            Main.class, "cat", "--pull0", "--listen", "tcp://127.0.0.1:0", "-v")) {
            final String url = child.await("Listening", 60_000).substring("Listening at: ".length());
            final Path file = counters.resolve(CountersFile.fileName(child.pid()));
            Waits.await("the child's counters file", 30_000, () -> file.toFile().exists());

            final Run push = Run.of("cat", "--push0", "--dial", url, "--data", "hello", "--count",
                String.valueOf(MESSAGES));
            assertThat(push.exitCode).as(push.toString()).isZero();

            try (CountersFileReader reader = CountersFileReader.open(file)) {
                assertThat(reader.pid()).isEqualTo(child.pid());
                assertThat(reader.isWriterAlive()).isTrue();
                final CountersReader values = reader.counters();
                // The I/O thread counts a message just after publishing it, so the engine may handle
                // the last one before its receive is counted: wait for both.
                Waits.await("the child to receive and handle every message", 30_000,
                    () -> counter(values, ": messages handled by engine") == MESSAGES
                        && counter(values, "-io-0: messages received") == MESSAGES
                        && counter(values, "-io-0: payload bytes received") == MESSAGES * 5L);
                assertThat(counter(values, "-io-0: connections accepted")).isEqualTo(1);
                assertThat(counter(values, ": claims refused, ring full")).as("present (the ring has 64 slots: it may fill)")
                    .isNotNegative();
            }

            final Run stat = Run.of("stat", counters.toString(), "--once", "--pid", String.valueOf(child.pid()));
            assertThat(stat.exitCode).as(stat.toString()).isZero();
            assertThat(stat.out).contains("process " + child.pid())
                .containsPattern("ring +" + MESSAGES + "  ring sprocket-cat: messages handled by engine")
                .containsPattern("transport +" + MESSAGES + "  transport sprocket-cat-io-0: messages received");
        }
    }

    @Test
    void shouldShowEachPeersSetWhileThePeerIsRegistered() {
        final long pid = ProcessHandle.current().pid();
        final long waitNs = TimeUnit.SECONDS.toNanos(30);
        try (CountersFile file = CountersFile.create(dir.resolve(CountersFile.fileName(pid)), 256)) {
            final Engine engine = Engine.builder().name("stat-peers")
                .ring(io.sprocket.ring.MessageRing.builder().ringSize(64)).jmx(false).counters(file).handler((m, s, e) -> { }).build().start();
            try {
                final SpSocket socket = engine.control().newSocket("pull", 0x51);
                assertThat(engine.control().openSocket(socket, waitNs)).isNotNegative();
                final long peer = engine.control().newPeerId();
                assertThat(engine.control().peerConnecting(socket, peer, Addr.tcp("10.0.0.9", 7000), waitNs)).isNotNegative();
                final MessageRing ring = engine.ring();
                for (int i = 0; i < 3; i++) {
                    final long seq = ring.claim(6, waitNs);
                    assertThat(seq).isNotNegative();
                    ring.message(seq).peerId(peer);
                    ring.publish(seq);
                }
                Waits.await("three messages handled", 30_000, () -> ring.stats(new RingStats()).handled() >= 3);

                final String who = "peer " + peer + " of socket " + socket.id() + " 'pull' in stat-peers \\(tcp://10.0.0.9:7000\\): ";
                final Run stat = Run.of("stat", dir.toString(), "--once", "--pid", String.valueOf(pid));
                assertThat(stat.exitCode).as(stat.toString()).isZero();
                assertThat(stat.out).containsPattern("peer +3  " + who + "messages received")
                    .containsPattern("peer +18  " + who + "payload bytes received")
                    .containsPattern("peer +0  " + who + "messages sent");

                assertThat(engine.control().peerDisconnected(socket, peer, waitNs)).isNotNegative();
                Waits.await("the peer gone", 30_000, () -> engine.registries().stats(new RegistryStats()).peers() == 0);
                final Run after = Run.of("stat", dir.toString(), "--once", "--pid", String.valueOf(pid));
                assertThat(after.out).as("a peer that went is no longer shown").doesNotContain("peer " + peer + " of");
            } finally {
                engine.close(waitNs);
            }
        }
    }

    @Test
    void shouldSayWhenNoProcessIsThere() {
        final Run stat = Run.of("stat", dir.toString(), "--once");
        assertThat(stat.exitCode).isZero();
        assertThat(stat.out).contains("no running Sprocket process has a counters file here");
        assertThat(Run.of("stat", dir.toString(), "--interval", "0").exitCode).isEqualTo(Session.EXIT_USAGE);
    }
}
