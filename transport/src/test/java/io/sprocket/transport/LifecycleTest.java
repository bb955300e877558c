package io.sprocket.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import io.sprocket.message.Addr;
import io.sprocket.message.InfraConfig;
import io.sprocket.message.Message;
import io.sprocket.message.Waits;
import io.sprocket.registry.ConnEntry;
import io.sprocket.registry.ConnRegistry;
import io.sprocket.registry.Connection;
import io.sprocket.registry.SpSocket;
import io.sprocket.engine.RegistryStats;

class LifecycleTest {
    private static int controlErrors(final Node n) {
        return (int)n.engine.registries().stats(new RegistryStats()).controlErrors();
    }

    @Test
    void shouldCloseEverythingThroughControlEventsAndStopItsThreads() throws Exception {
        try (Node a = new Node("a"); Node b = new Node("b")) {
            final SpSocket pull = a.socket(SpProtocol.PULL);
            final SpSocket push = b.socket(SpProtocol.PUSH);
            final Listener l = a.transport.listen(pull, Addr.parse("tcp://127.0.0.1:0"));
            final Dialer d1 = b.transport.dial(push, l.boundAddr());
            final Listener l2 = a.transport.listen(pull, Addr.parse("tcp://[::1]:0"));
            final Dialer d2 = b.transport.dial(push, l2.boundAddr());
            assertThat(a.transport.awaitReady(pull, 2, Node.WAIT_NS)).isTrue();
            assertThat(b.transport.awaitReady(push, 2, Node.WAIT_NS)).isTrue();
            Waits.await("two connections registered", Node.WAIT_MS,
                () -> a.engine.registries().snapshot().connectionCount() == 2);

            assertThat(a.transport.close(Node.WAIT_NS)).isTrue();
            // Applied by the engine before close returned: nothing of the transport is left.
            assertThat(a.engine.registries().snapshot().connectionCount()).isZero();
            assertThat(a.engine.registries().snapshot().peerCount()).isZero();
            assertThat(controlErrors(a)).isZero();
            for (final Thread t : a.transport.ioThreads()) {
                assertThat(t.isAlive()).isFalse();
            }
            assertThat(l.isClosed()).isTrue();
            assertThat(l2.isClosed()).isTrue();
            Waits.await("the far side to see both connections go", Node.WAIT_MS, () -> !d1.isConnected() && !d2.isConnected());
            assertThat(a.transport.close(0)).isTrue();
        }
    }

    @Test
    void shouldPublishPeerDisconnectedWhenTheEngineClosesOneConnection() throws Exception {
        try (Node a = new Node("a"); Node b = new Node("b", Node.config(),
            t -> t.reconnectMinNs(TimeUnit.MILLISECONDS.toNanos(10)))) {
            final SpSocket pull = a.socket(SpProtocol.PULL);
            final SpSocket push = b.socket(SpProtocol.PUSH);
            final AtomicLong closedConn = new AtomicLong();
            // The application closes the connection its first message came on, from the handler.
            a.collector.also = (m, seq, eob) -> {
                if (closedConn.get() == 0) {
                    final ConnRegistry conns = a.engine.registries().connections();
                    final long peer = m.peerId();
                    final long[] found = new long[1];
                    conns.connectionsOf(pull, (entry, into) -> {
                        if (entry.peerId() == peer) {
                            into[0] = entry.id();
                        }
                    }, found);
                    closedConn.set(found[0]);
                    conns.close(found[0]);
                }
            };
            final Listener l = a.transport.listen(pull, Addr.parse("tcp://127.0.0.1:0"));
            final Dialer d = b.transport.dial(push, l.boundAddr());
            assertThat(b.transport.awaitReady(push, 1, Node.WAIT_NS)).isTrue();
            b.send(push, new byte[] {1});
            Waits.await("the connection closed by the engine", Node.WAIT_MS, () -> closedConn.get() > 0);
            Waits.await("the dialer to reconnect", Node.WAIT_MS,
                () -> a.transport.stats(new TransportStats()).handshakes() == 2 && d.isConnected());
            Waits.await("one peer and one connection left", Node.WAIT_MS,
                () -> a.engine.registries().snapshot().peerCount() == 1
                    && a.engine.registries().snapshot().connectionCount() == 1);
            assertThat(a.engine.registries().snapshot().connectionId(0)).isNotEqualTo(closedConn.get());
            assertThat(controlErrors(a)).isZero();
            assertThat(b.transport.awaitReady(push, 1, Node.WAIT_NS)).isTrue();
            b.send(push, new byte[] {2});
            final List<Collector.Received> got = a.collector.await(2, Node.WAIT_MS);
            assertThat(got.get(1).bytes).containsExactly(2);
        }
    }

    @Test
    void shouldLetEngineCodeSendThroughTheConnEntry() throws Exception {
        try (Node server = new Node("server"); Node client = new Node("client")) {
            final SpSocket ps = server.socket(SpProtocol.PAIR0);
            final SpSocket pc = client.socket(SpProtocol.PAIR0);
            server.collector.also = (m, seq, eob) -> {
                final Message reply = m.clone();
                server.engine.registries().connections().connectionsOf(ps, (entry, msg) -> {
                    if (entry.peerId() == msg.peerId() && !entry.offerOutboundAndNotify(msg)) {
                        msg.release();
                    }
                }, reply);
            };
            final Listener l = server.transport.listen(ps, Addr.parse("tcp://127.0.0.1:0"));
            client.transport.dial(pc, l.boundAddr());
            assertThat(client.transport.awaitReady(pc, 1, Node.WAIT_NS)).isTrue();
            client.send(pc, new byte[] {4, 2});
            assertThat(client.collector.await(1, Node.WAIT_MS).get(0).bytes).containsExactly(4, 2);
        }
    }

    @Test
    void shouldCloseTheSocketsConnectionsWhenTheTransportClosesASocket() throws Exception {
        try (Node a = new Node("a"); Node b = new Node("b")) {
            final SpSocket pull = a.socket(SpProtocol.PULL);
            final SpSocket other = a.socket(SpProtocol.PULL);
            final SpSocket push = b.socket(SpProtocol.PUSH);
            final Listener l = a.transport.listen(pull, Addr.parse("tcp://127.0.0.1:0"));
            final Listener lo = a.transport.listen(other, Addr.parse("tcp://127.0.0.1:0"));
            final Dialer d = b.transport.dial(push, l.boundAddr());
            final Dialer dOther = b.transport.dial(push, lo.boundAddr());
            assertThat(b.transport.awaitReady(push, 2, Node.WAIT_NS)).isTrue();

            assertThat(a.transport.closeSocket(pull, Node.WAIT_NS)).isNotNegative();
            assertThat(l.isClosed()).isTrue();
            Waits.await("the dialer to lose it", Node.WAIT_MS, () -> !d.isConnected());
            Waits.await("only the other socket's connection left", Node.WAIT_MS,
                () -> a.engine.registries().snapshot().connectionCount() == 1
                    && a.transport.stats(new TransportStats()).connections() == 1);
            assertThat(dOther.isConnected()).isTrue();
            assertThat(lo.isClosed()).isFalse();
            assertThat(controlErrors(a)).isZero();
        }
    }

    @Test
    void shouldReleaseEverythingWhenTheRingClosesFirst() throws Exception {
        try (Node a = new Node("a"); Node b = new Node("b")) {
            final SpSocket pull = a.socket(SpProtocol.PULL);
            final SpSocket push = b.socket(SpProtocol.PUSH);
            final Listener l = a.transport.listen(pull, Addr.parse("tcp://127.0.0.1:0"));
            final Dialer d = b.transport.dial(push, l.boundAddr());
            assertThat(d.awaitConnected(Node.WAIT_NS)).isTrue();

            a.ring.close(Node.WAIT_NS);
            // The engine's shutdown closed the registered connection, which closes the socket's endpoints.
            Waits.await("the listener to stop", Node.WAIT_MS, l::isClosed);
            Waits.await("the dialer to lose its connection", Node.WAIT_MS, () -> !d.isConnected());
            assertThat(a.transport.close(Node.WAIT_NS)).isTrue();
            assertThat(a.transport.stats(new TransportStats()).connections()).isZero();
        }
    }

    @Test
    void shouldCloseAConnectionTheEngineRefusesAndDeliverNothingFromIt() throws Exception {
        // The engine refuses each registration by throwing; those failures are expected, so they are
        // recorded here (and asserted on below) instead of logged.
        final List<String> refusals = new CopyOnWriteArrayList<>();
        try (Node a = new Node("a", (consumer, error, sequence, message, count) ->
            refusals.add(error.getClass().getSimpleName() + ": " + error.getMessage()))) {
            // Created but never opened in the engine: every registration of it is refused.
            final SpSocket unopened = a.engine.control().newSocket("unopened", SpProtocol.PULL);
            final Listener l = a.transport.listen(unopened, Addr.parse("tcp://127.0.0.1:0"));
            try (RawPeer p = new RawPeer(l.boundAddr())) {
                try {
                    p.write(RawPeer.header(SpProtocol.PUSH)).frame(new byte[] {1, 2, 3});
                } catch (final java.io.IOException closedWhileWriting) {
                    // possible if the refusal is quicker than this write
                }
                assertThat(p.awaitClosedByPeer(Node.WAIT_MS)).isTrue();
            }
            Waits.await("the listener to stop", Node.WAIT_MS, l::isClosed);
            assertThat(a.transport.stats(new TransportStats()).refusedByEngine()).isEqualTo(1);
            assertThat(a.transport.stats(new TransportStats()).framesIn()).isZero();
            assertThat(a.collector.count()).isZero();
            Waits.await("no connection left", Node.WAIT_MS, () -> a.transport.stats(new TransportStats()).connections() == 0);
        }
        assertThat(refusals).isNotEmpty()
            .allSatisfy(r -> assertThat(r).startsWith("IllegalArgumentException: ").contains("('unopened') is not open"));
    }

    @Test
    void shouldRefuseAClosedSocket() throws Exception {
        try (Node a = new Node("a")) {
            final SpSocket pull = a.socket(SpProtocol.PULL);
            a.transport.listen(pull, Addr.parse("tcp://127.0.0.1:0"));
            a.transport.closeSocket(pull, Node.WAIT_NS);
            org.assertj.core.api.Assertions.assertThatThrownBy(
                () -> a.transport.listen(pull, Addr.parse("tcp://127.0.0.1:0")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("socket is closed");
        }
    }

    @Test
    void shouldUndoARegistrationWhoseHookThrows() {
        final ConnRegistry registry = new ConnRegistry("hooks", 4);
        final SpSocket socket = new SpSocket(1, "s", SpProtocol.PUSH, 4);
        final int[] closes = new int[1];
        final Connection throwing = new Connection() {
            @Override
            public void close() {
                closes[0]++;
            }

            @Override
            public Addr localAddr() {
                return null;
            }

            @Override
            public Addr remoteAddr() {
                return null;
            }

            @Override
            public void onRegistered(final ConnEntry entry) {
                throw new IllegalStateException("no");
            }
        };
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> registry.register(1, socket, 0, throwing, 4, 0))
            .isInstanceOf(IllegalStateException.class);
        assertThat(registry.get(1)).isNull();
        assertThat(registry.countOf(socket)).isZero();
        assertThat(closes[0]).isEqualTo(1);
        // The same id registers fine afterwards, with the default (no-op) hooks.
        final ConnEntry e = registry.register(1, socket, 0, io.sprocket.registry.TestConnections.noOp(), 4, 0);
        final Message m = new io.sprocket.message.BufferPool("p", InfraConfig.defaults()).acquire(1);
        assertThat(e.offerOutboundAndNotify(m)).isTrue();
        assertThat(e.pollOutbound()).isSameAs(m);
        m.release();
    }
}
