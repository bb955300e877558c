package io.sprocket.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.sprocket.message.Addr;
import io.sprocket.message.Waits;
import io.sprocket.registry.SpSocket;
import io.sprocket.transport.cat.SpCat;

/** Sprocket against NNG 1.5.2's nngcat (Debian nng-utils), over loopback TCP and IPC. */
class NngInteropTest {
    @TempDir
    Path dir;

    @BeforeAll
    static void requireNngcat() {
        Peers.require("nngcat", "nng-utils");
    }

    private Addr listenAddr(final String kind) {
        if ("ipc".equals(kind)) {
            return Addr.ipc(dir.resolve("nng.sock").toString());
        }
        return "tcp6".equals(kind) ? Addr.parse("tcp://[::1]:0") : Addr.parse("tcp://127.0.0.1:0");
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp", "tcp6", "ipc"})
    void shouldReceiveFromNngcatPushInOrderByteExact(final String kind) throws Exception {
        try (Node n = new Node("pull")) {
            final SpSocket pull = n.socket(SpProtocol.PULL);
            final Listener l = n.transport.listen(pull, listenAddr(kind));
            final List<byte[]> payloads = Payloads.standard();
            for (int i = 0; i < payloads.size(); i++) {
                final Path f = Files.write(dir.resolve("p" + i), payloads.get(i));
                Peers.start(dir, 10, "nngcat", "--push0", "--dial", l.boundAddr().toString(), "--file", f.toString())
                    .awaitSuccess();
                n.collector.await(i + 1, 10_000);
            }
            // Several messages over one connection, in order.
            final Path f = Files.write(dir.resolve("many"), Payloads.random(70_000, 9));
            Peers.start(dir, 10, "nngcat", "--push0", "--dial", l.boundAddr().toString(), "--file", f.toString(),
                "--count", "5").awaitSuccess();
            final List<Collector.Received> got = n.collector.await(payloads.size() + 5, 10_000);
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
            final Listener l = n.transport.listen(push, listenAddr(kind));
            final List<byte[]> payloads = Payloads.standard();
            final Peers.Proc nngcat = Peers.start(dir, 15, "nngcat", "--pull0", "--dial", l.boundAddr().toString(),
                "--hex", "--count", Integer.toString(payloads.size()), "--recv-timeout", "10");
            assertThat(n.transport.awaitReady(push, 1, TimeUnit.SECONDS.toNanos(10))).isTrue();
            for (final byte[] p : payloads) {
                n.send(push, p);
            }
            nngcat.awaitSuccess();
            final StringBuilder expected = new StringBuilder();
            for (final byte[] p : payloads) {
                expected.append(SpCat.format(SpCat.Format.HEX, p));
            }
            assertThat(nngcat.stdout()).isEqualTo(expected.toString());
        }
    }

    @Test
    void shouldCloseAndCountNngcatSpeakingTheWrongProtocol() throws Exception {
        try (Node n = new Node("pull")) {
            final SpSocket pull = n.socket(SpProtocol.PULL);
            final Listener l = n.transport.listen(pull, listenAddr("tcp"));
            final Peers.Proc nngcat = Peers.start(dir, 5, "nngcat", "--pull0", "--dial", l.boundAddr().toString(),
                "--hex", "--recv-timeout", "1");
            Waits.await("the wrong protocol counted", 5_000,
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
            final Listener l = n.transport.listen(pull, listenAddr("ipc"));
            final Path tooBig = Files.write(dir.resolve("big"), Payloads.random(1025, 5));
            final Path fits = Files.write(dir.resolve("fits"), Payloads.random(1024, 6));
            Peers.start(dir, 10, "nngcat", "--push0", "--dial", l.boundAddr().toString(), "--file", tooBig.toString())
                .await();
            Waits.await("the oversized frame counted", 5_000,
                () -> n.transport.stats(new TransportStats()).oversizedFrames() == 1);
            Peers.start(dir, 10, "nngcat", "--push0", "--dial", l.boundAddr().toString(), "--file", fits.toString())
                .awaitSuccess();
            final List<Collector.Received> got = n.collector.await(1, 10_000);
            assertThat(got).hasSize(1);
            assertThat(got.get(0).bytes).isEqualTo(Payloads.random(1024, 6));
        }
    }
}
