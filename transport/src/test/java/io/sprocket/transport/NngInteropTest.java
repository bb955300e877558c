package io.sprocket.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.sprocket.message.Waits;
import io.sprocket.registry.SpSocket;

/** Sprocket against NNG 1.5.2's nngcat (Debian nng-utils), over loopback TCP and IPC. */
class NngInteropTest {
    @TempDir
    Path dir;

    @BeforeAll
    static void requireNngcat() {
        Peers.require("nngcat", "nng-utils");
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp", "tcp6", "ipc"})
    void shouldReceiveFromNngcatPushInOrderByteExact(final String kind) throws Exception {
        try (Node n = new Node("pull")) {
            final SpSocket pull = n.socket(SpProtocol.PULL);
            final Listener l = n.transport.listen(pull, Peers.listenAddr(dir, kind));
            final List<byte[]> payloads = Payloads.standard();
            // A one-shot nngcat exits 200 ms after its last send, with whatever of a large message it has not
            // written yet: on a loaded machine that can be most of 512 KiB. So each one sends again only after
            // the wait (an interval longer than it), and is stopped once its first copy is here.
            for (int i = 0; i < payloads.size(); i++) {
                final Path f = Files.write(dir.resolve("p" + i), payloads.get(i));
                final Peers.Proc nngcat = Peers.start(dir, 90, "nngcat", "--push0", "--dial", l.boundAddr().toString(),
                    "--file", f.toString(), "--interval", "60");
                n.collector.await(i + 1, Node.WAIT_MS);
                nngcat.kill();
                nngcat.await();
            }
            // Several messages over one connection, in order: one a second until five are here.
            final Path f = Files.write(dir.resolve("many"), Payloads.random(70_000, 9));
            final Peers.Proc many = Peers.start(dir, 90, "nngcat", "--push0", "--dial", l.boundAddr().toString(),
                "--file", f.toString(), "--interval", "1");
            n.collector.await(payloads.size() + 5, Node.WAIT_MS);
            many.kill();
            many.await();
            final List<Collector.Received> got = n.collector.all();
            for (int i = 0; i < payloads.size(); i++) {
                assertThat(got.get(i).bytes).as("message %d", i).isEqualTo(payloads.get(i));
                assertThat(got.get(i).peerId).isPositive();
            }
            for (int i = payloads.size(); i < got.size(); i++) {
                assertThat(got.get(i).bytes).isEqualTo(Payloads.random(70_000, 9));
            }
            assertThat(n.transport.stats(new TransportStats()).handshakes()).isEqualTo(payloads.size() + 1);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp", "tcp6", "ipc"})
    void shouldSendToNngcatPullInOrderByteExact(final String kind) throws Exception {
        try (Node n = new Node("push")) {
            final SpSocket push = n.socket(SpProtocol.PUSH);
            final Listener l = n.transport.listen(push, Peers.listenAddr(dir, kind));
            final List<byte[]> payloads = Payloads.standard();
            final Peers.Proc nngcat = Peers.start(dir, 60, "nngcat", "--pull0", "--dial", l.boundAddr().toString(),
                "--hex", "--count", Integer.toString(payloads.size()), "--recv-timeout", "30");
            assertThat(n.transport.awaitReady(push, 1, Node.WAIT_NS)).isTrue();
            for (final byte[] p : payloads) {
                n.send(push, p);
            }
            nngcat.awaitSuccess();
            assertThat(nngcat.stdout()).isEqualTo(Payloads.hexLines(payloads));
        }
    }

    @Test
    void shouldCloseAndCountNngcatSpeakingTheWrongProtocol() throws Exception {
        try (Node n = new Node("pull")) {
            final SpSocket pull = n.socket(SpProtocol.PULL);
            final Listener l = n.transport.listen(pull, Peers.listenAddr(dir, "tcp"));
            // nngcat waits its receive timeout for a message that never comes (its handshake is refused).
            final Peers.Proc nngcat = Peers.start(dir, 60, "nngcat", "--pull0", "--dial", l.boundAddr().toString(),
                "--hex", "--recv-timeout", "3");
            Waits.await("the wrong protocol counted", Node.WAIT_MS,
                () -> n.transport.stats(new TransportStats()).wrongProtocol() >= 1);
            nngcat.awaitSuccess();
            assertThat(nngcat.stdout()).isEmpty();
            assertThat(n.transport.stats(new TransportStats()).handshakes()).isZero();
        }
    }

    @Test
    void shouldDropAnNngcatConnectionThatSendsOverTheLimitAndServeTheNext() throws Exception {
        try (Node n = new Node("pull", Node.config(), b -> b.recvMaxSizeBytes(1024))) {
            final SpSocket pull = n.socket(SpProtocol.PULL);
            final Listener l = n.transport.listen(pull, Peers.listenAddr(dir, "ipc"));
            final Path tooBig = Files.write(dir.resolve("big"), Payloads.random(1025, 5));
            final Path fits = Files.write(dir.resolve("fits"), Payloads.random(1024, 6));
            Peers.start(dir, 60, "nngcat", "--push0", "--dial", l.boundAddr().toString(), "--file", tooBig.toString())
                .await();
            Waits.await("the oversized frame counted", Node.WAIT_MS,
                () -> n.transport.stats(new TransportStats()).oversizedFrames() == 1);
            Peers.start(dir, 60, "nngcat", "--push0", "--dial", l.boundAddr().toString(), "--file", fits.toString())
                .awaitSuccess();
            final List<Collector.Received> got = n.collector.await(1, Node.WAIT_MS);
            assertThat(got).hasSize(1);
            assertThat(got.get(0).bytes).isEqualTo(Payloads.random(1024, 6));
        }
    }
}
