package io.sprocket.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.sprocket.message.Addr;
import io.sprocket.message.Message;
import io.sprocket.message.Waits;
import io.sprocket.registry.PeerState;
import io.sprocket.registry.SpSocket;
import io.sprocket.engine.RegistrySnapshot;

class LoopbackTest {
    @TempDir
    Path dir;

    private Addr listenAddr(final String kind) {
        switch (kind) {
            case "tcp4":
                return Addr.parse("tcp://127.0.0.1:0");
            case "tcp6":
                return Addr.parse("tcp://[::1]:0");
            default:
                return Addr.ipc(dir.resolve("sp.sock").toString());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp4", "tcp6", "ipc"})
    void shouldCarryMessagesFromPushToPullInOrderByteExact(final String kind) throws Exception {
        try (Node a = new Node("pull"); Node b = new Node("push")) {
            final SpSocket pull = a.socket(SpProtocol.PULL);
            final SpSocket push = b.socket(SpProtocol.PUSH);
            final Listener l = a.transport.listen(pull, listenAddr(kind));
            final Dialer d = b.transport.dial(push, l.boundAddr());
            assertThat(d.awaitConnected(Node.WAIT_NS)).isTrue();
            assertThat(b.transport.awaitReady(push, 1, Node.WAIT_NS)).isTrue();

            final List<byte[]> sent = new ArrayList<>(Payloads.standard());
            for (int i = 0; i < 200; i++) {
                sent.add(Payloads.random(i * 37 % 3000, i));
            }
            for (final byte[] p : sent) {
                b.send(push, p);
            }
            final List<Collector.Received> got = a.collector.await(sent.size(), Node.WAIT_MS);
            assertThat(got).hasSize(sent.size());
            final long peer = got.get(0).peerId;
            assertThat(peer).isPositive();
            for (int i = 0; i < sent.size(); i++) {
                assertThat(got.get(i).bytes).as("message %d", i).isEqualTo(sent.get(i));
                assertThat(got.get(i).peerId).isEqualTo(peer);
            }
            if (!"ipc".equals(kind)) {
                assertThat(got.get(0).addr).isNotNull();
                assertThat(got.get(0).addr.scheme()).isEqualTo(Addr.Scheme.TCP);
            }
            // A worker counts a frame just after it publishes it (in) or writes it (out): a handler can see
            // the last message before its counts move, so wait for them (they must reach the total, no more).
            Waits.await("every frame counted in and out", Node.WAIT_MS,
                () -> a.transport.stats(new TransportStats()).framesIn() >= sent.size()
                    && b.transport.stats(new TransportStats()).framesOut() >= sent.size());
            final TransportStats stats = a.transport.stats(new TransportStats());
            assertThat(stats.framesIn()).isEqualTo(sent.size());
            assertThat(stats.handshakes()).isEqualTo(1);
            assertThat(b.transport.stats(new TransportStats()).framesOut()).isEqualTo(sent.size());
        }
    }

    @Test
    void shouldRegisterPeersAndConnectionsThroughControlEventsAndReleaseThemOnClose() throws Exception {
        try (Node a = new Node("pull"); Node b = new Node("push")) {
            final SpSocket pull = a.socket(SpProtocol.PULL);
            final SpSocket push = b.socket(SpProtocol.PUSH);
            final Listener l = a.transport.listen(pull, Addr.parse("tcp://127.0.0.1:0"));
            final Dialer d = b.transport.dial(push, l.boundAddr());
            assertThat(a.transport.awaitReady(pull, 1, Node.WAIT_NS)).isTrue();
            Waits.await("a connected peer in the snapshot", Node.WAIT_MS, () -> connectedPeers(a, pull) == 1);
            Waits.await("the dialer's peer in its snapshot", Node.WAIT_MS, () -> connectedPeers(b, push) == 1);
            assertThat(a.engine.registries().snapshot().connectionCount()).isEqualTo(1);

            d.close();
            Waits.await("the listener side to see the connection go", Node.WAIT_MS,
                () -> a.engine.registries().snapshot().connectionCount() == 0 && connectedPeers(a, pull) == 0);
            Waits.await("the dialer side to drop it", Node.WAIT_MS,
                () -> b.engine.registries().snapshot().connectionCount() == 0);
            assertThat(a.engine.registries().stats(new io.sprocket.engine.RegistryStats()).controlErrors()).isZero();
            assertThat(b.engine.registries().stats(new io.sprocket.engine.RegistryStats()).controlErrors()).isZero();
        }
    }

    private static int connectedPeers(final Node n, final SpSocket s) {
        final RegistrySnapshot snap = n.engine.registries().snapshot();
        final int i = snap.indexOfSocket(s.id());
        if (i < 0) {
            return 0;
        }
        int c = 0;
        for (int p = 0; p < snap.peers(i).size(); p++) {
            if (snap.peers(i).state(p) == PeerState.CONNECTED) {
                c++;
            }
        }
        return c;
    }

    @Test
    void shouldCloseTheRealConnectionsWhenTheSocketIsClosed() throws Exception {
        try (Node a = new Node("pull"); Node b = new Node("push")) {
            final SpSocket pull = a.socket(SpProtocol.PULL);
            final SpSocket push = b.socket(SpProtocol.PUSH);
            final Listener l = a.transport.listen(pull, Addr.parse("tcp://127.0.0.1:0"));
            final Dialer d = b.transport.dial(push, l.boundAddr());
            assertThat(d.awaitConnected(Node.WAIT_NS)).isTrue();
            assertThat(a.transport.awaitReady(pull, 1, Node.WAIT_NS)).isTrue();

            // The application closes the socket with a control event of its own, not through the transport.
            assertThat(a.engine.control().closeSocket(pull, Node.WAIT_NS)).isNotNegative();
            Waits.await("the dialer to lose its connection", Node.WAIT_MS, () -> !d.isConnected());
            Waits.await("the listener to stop", Node.WAIT_MS, l::isClosed);
            // The transport's count and the engine's snapshot each drop to 0 in their own time: the worker
            // may close the channels before the engine ends the batch that republishes the snapshot.
            Waits.await("no connection left in the transport or in the engine's snapshot", Node.WAIT_MS,
                () -> a.transport.stats(new TransportStats()).connections() == 0
                    && a.engine.registries().snapshot().connectionCount() == 0);
            assertThat(a.engine.registries().stats(new io.sprocket.engine.RegistryStats()).controlErrors()).isZero();
        }
    }

    @Test
    void shouldReconnectWhenTheListenerComesBack() throws Exception {
        final Addr addr = Addr.ipc(dir.resolve("again.sock").toString());
        try (Node a = new Node("pull"); Node b = new Node("push", Node.config(),
            t -> t.reconnectMinNs(TimeUnit.MILLISECONDS.toNanos(20)).reconnectMaxNs(TimeUnit.MILLISECONDS.toNanos(80)))) {
            final SpSocket pull = a.socket(SpProtocol.PULL);
            final SpSocket push = b.socket(SpProtocol.PUSH);
            final Dialer d = b.transport.dial(push, addr);
            Waits.await("a few failed attempts", Node.WAIT_MS, () -> d.failures() >= 3);
            assertThat(d.isConnected()).isFalse();

            Listener l = a.transport.listen(pull, addr);
            assertThat(d.awaitConnected(Node.WAIT_NS)).isTrue();
            b.send(push, new byte[] {1});
            a.collector.await(1, Node.WAIT_MS);

            l.close();
            Waits.await("the dialer to notice", Node.WAIT_MS, () -> !d.isConnected());
            assertThat(Files.exists(dir.resolve("again.sock"))).isFalse();
            l = a.transport.listen(pull, addr);
            assertThat(d.awaitConnected(Node.WAIT_NS)).isTrue();
            b.send(push, new byte[] {2});
            final List<Collector.Received> got = a.collector.await(2, Node.WAIT_MS);
            assertThat(got.get(1).bytes).containsExactly(2);
            assertThat(got.get(1).peerId).isNotEqualTo(got.get(0).peerId);
        }
    }

    @Test
    void shouldReplyToTheSenderByPeerId() throws Exception {
        try (Node server = new Node("pair-server"); Node client = new Node("pair-client")) {
            final SpSocket ps = server.socket(SpProtocol.PAIR0);
            final SpSocket pc = client.socket(SpProtocol.PAIR0);
            server.collector.also = (m, seq, eob) -> {
                final Message copy = m.clone();
                if (!server.transport.sendToPeer(copy.peerId(), copy)) {
                    copy.release();
                }
            };
            final Listener l = server.transport.listen(ps, Addr.parse("tcp://127.0.0.1:0"));
            client.transport.dial(pc, l.boundAddr());
            assertThat(client.transport.awaitReady(pc, 1, Node.WAIT_NS)).isTrue();
            for (int i = 0; i < 50; i++) {
                client.send(pc, new byte[] {(byte)i, 7});
            }
            final List<Collector.Received> echoes = client.collector.await(50, Node.WAIT_MS);
            for (int i = 0; i < 50; i++) {
                assertThat(echoes.get(i).bytes).containsExactly((byte)i, 7);
            }
        }
    }

    @Test
    void shouldSpreadPushMessagesOverItsConnectionsRoundRobin() throws Exception {
        try (Node pusher = new Node("push"); Node p1 = new Node("pull1"); Node p2 = new Node("pull2")) {
            final SpSocket push = pusher.socket(SpProtocol.PUSH);
            final Listener l = pusher.transport.listen(push, Addr.parse("tcp://127.0.0.1:0"));
            p1.transport.dial(p1.socket(SpProtocol.PULL), l.boundAddr());
            p2.transport.dial(p2.socket(SpProtocol.PULL), l.boundAddr());
            assertThat(pusher.transport.awaitReady(push, 2, Node.WAIT_NS)).isTrue();
            for (int i = 0; i < 100; i++) {
                pusher.send(push, new byte[] {(byte)i});
            }
            Waits.await("all 100", Node.WAIT_MS, () -> p1.collector.count() + p2.collector.count() == 100);
            assertThat(p1.collector.count()).isEqualTo(50);
            assertThat(p2.collector.count()).isEqualTo(50);
        }
    }
}
