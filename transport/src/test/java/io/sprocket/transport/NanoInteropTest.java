package io.sprocket.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.sprocket.registry.SpSocket;

/** Sprocket against nanomsg 1.1.5's nanocat (Debian nanomsg-utils), over loopback TCP and IPC. */
class NanoInteropTest {
    @TempDir
    Path dir;

    @BeforeAll
    static void requireNanocat() {
        Peers.require("nanocat", "nanomsg-utils");
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp", "ipc"})
    void shouldReceiveFromNanocatPushInOrderByteExact(final String kind) throws Exception {
        try (Node n = new Node("pull")) {
            final SpSocket pull = n.socket(SpProtocol.PULL);
            final Listener l = n.transport.listen(pull, Peers.listenAddr(dir, kind));
            final List<byte[]> payloads = Payloads.standard();
            for (int i = 0; i < payloads.size(); i++) {
                final Path f = Files.write(dir.resolve("p" + i), payloads.get(i));
                // nanocat 1.1.5 asserts on an empty --file ("Assertion `data' failed"): send "" as --data.
                final String[] source = payloads.get(i).length == 0 ? new String[] {"--data", ""}
                    : new String[] {"--file", f.toString()};
                // A one-shot nanocat exits before nanomsg has written a large message (nanomsg has no
                // linger: 512 KiB is lost even to nngcat), so keep it alive with an interval longer than
                // the wait (a second copy would be sent only after it) and stop it once the first copy is
                // here.
                final Peers.Proc nanocat = Peers.start(dir, 90, "nanocat", "--push", "--connect",
                    l.boundAddr().toString(), source[0], source[1], "--interval", "60");
                n.collector.await(i + 1, Node.WAIT_MS);
                nanocat.kill();
                nanocat.await();
            }
            final List<Collector.Received> got = n.collector.all();
            assertThat(got).hasSize(payloads.size());
            for (int i = 0; i < payloads.size(); i++) {
                assertThat(got.get(i).bytes).as("message %d", i).isEqualTo(payloads.get(i));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp", "ipc"})
    void shouldSendToNanocatPullInOrderByteExact(final String kind) throws Exception {
        try (Node n = new Node("push")) {
            final SpSocket push = n.socket(SpProtocol.PUSH);
            final Listener l = n.transport.listen(push, Peers.listenAddr(dir, kind));
            final List<byte[]> payloads = Payloads.standard();
            // nanocat has no --count: it stops when no message comes for its receive timeout, which must
            // outlast any pause of a loaded machine between its connect and the last message. It flushes
            // each message it prints, so the test stops it once everything is there instead.
            final Peers.Proc nanocat = Peers.start(dir, 60, "nanocat", "--pull", "--connect",
                l.boundAddr().toString(), "--hex", "--recv-timeout", "30");
            assertThat(n.transport.awaitReady(push, 1, Node.WAIT_NS)).isTrue();
            for (final byte[] p : payloads) {
                n.send(push, p);
            }
            nanocat.stopOncePrinted(Payloads.hexLines(payloads));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp", "ipc"})
    void shouldTalkPair0BothWaysWithNanocat(final String kind) throws Exception {
        try (Node n = new Node("pair")) {
            final SpSocket pair = n.socket(SpProtocol.PAIR0);
            final Listener l = n.transport.listen(pair, Peers.listenAddr(dir, kind));
            // As above: nanocat would stop when nothing comes for its receive timeout; the test stops it.
            final Peers.Proc nanocat = Peers.start(dir, 60, "nanocat", "--pair", "--connect",
                l.boundAddr().toString(), "--hex", "--data", "from nanocat", "--recv-timeout", "30");
            final List<Collector.Received> got = n.collector.await(1, Node.WAIT_MS);
            assertThat(new String(got.get(0).bytes, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("from nanocat");
            final List<byte[]> payloads = Payloads.standard();
            for (final byte[] p : payloads) {
                assertThat(n.transport.sendToPeer(got.get(0).peerId, copy(n, p))).isTrue();
            }
            nanocat.stopOncePrinted(Payloads.hexLines(payloads));
        }
    }

    private static io.sprocket.message.Message copy(final Node n, final byte[] p) {
        return n.ring.clonePool().acquire(p.length).putPayload(p, 0, p.length);
    }

}
