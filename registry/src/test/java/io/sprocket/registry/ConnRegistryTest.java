package io.sprocket.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.sprocket.message.Addr;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ConnRegistryTest {
    /** Safety bound for a far end to see data or end of stream (loopback: microseconds), under the class's 30 s. */
    private static final long WAIT_MS = 10_000;
    private static final long JOIN_MS = 10_000;

    private ServerSocketChannel server;
    private final List<Loopback> opened = new ArrayList<>();

    /** A real TCP connection on 127.0.0.1: the registry holds the accepted end, the test reads the far end. */
    static final class Loopback implements Connection {
        final SocketChannel near;
        final SocketChannel far;
        final AtomicInteger closeCalls = new AtomicInteger();

        Loopback(final ServerSocketChannel server) throws IOException {
            this.far = SocketChannel.open(server.getLocalAddress());
            this.near = server.accept();
        }

        @Override
        public void close() {
            closeCalls.incrementAndGet();
            try {
                near.close();
            } catch (final IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public Addr localAddr() {
            return Addr.tcp("127.0.0.1", near.socket().getLocalPort());
        }

        @Override
        public Addr remoteAddr() {
            return Addr.tcp("127.0.0.1", near.socket().getPort());
        }

        /** What a read at the far end returns within the wait: -1 at end of stream, else bytes (0 for none yet). */
        int readFarEnd(final long waitMs, final ByteBuffer into) throws IOException {
            far.configureBlocking(false);
            try (Selector selector = Selector.open()) {
                far.register(selector, SelectionKey.OP_READ);
                final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMs);
                long left = waitMs;
                while (left > 0) {
                    if (selector.select(left) > 0) {
                        final int n = far.read(into);
                        if (n != 0) {
                            return n;
                        }
                        selector.selectedKeys().clear();
                    }
                    left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                }
                return far.read(into);
            }
        }

        boolean farEndSeesEof() throws IOException {
            return readFarEnd(WAIT_MS, ByteBuffer.allocate(64)) == -1;
        }

        void closeAll() throws IOException {
            near.close();
            far.close();
        }
    }

    /** A connection whose close fails. */
    static final class Failing implements Connection {
        final AtomicInteger closeCalls = new AtomicInteger();

        @Override
        public void close() {
            closeCalls.incrementAndGet();
            throw new IllegalStateException("close failed on purpose");
        }

        @Override
        public Addr localAddr() {
            return null;
        }

        @Override
        public Addr remoteAddr() {
            return null;
        }
    }

    @BeforeEach
    void openServer() throws IOException {
        server = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
    }

    @AfterEach
    void closeEverything() throws IOException {
        for (final Loopback l : opened) {
            l.closeAll();
        }
        server.close();
    }

    private Loopback loopback() throws IOException {
        final Loopback l = new Loopback(server);
        opened.add(l);
        return l;
    }

    @Test
    void shouldCloseExactlyOneSocketsRealConnections() throws IOException {
        final ConnRegistry conns = new ConnRegistry("engine", 8).bindOwner(Thread.currentThread());
        final SpSocket a = new SpSocket(1, "a", 0x10, 8);
        final SpSocket b = new SpSocket(2, "b", 0x51, 8);
        a.peers().bindOwner(Thread.currentThread());
        b.peers().bindOwner(Thread.currentThread());

        final Loopback[] ofA = {loopback(), loopback(), loopback()};
        final Loopback[] ofB = {loopback(), loopback()};
        for (int i = 0; i < ofA.length; i++) {
            a.peers().add(100 + i, ofA[i].remoteAddr(), 0);
            conns.register(10 + i, a, 100 + i, ofA[i], 16, 0);
        }
        for (int i = 0; i < ofB.length; i++) {
            b.peers().add(200 + i, ofB[i].remoteAddr(), 0);
            conns.register(20 + i, b, 200 + i, ofB[i], 16, 0);
        }
        assertThat(conns.count()).isEqualTo(5);
        assertThat(conns.countOf(a)).isEqualTo(3);
        assertThat(conns.countOf(b)).isEqualTo(2);
        final List<Long> idsOfA = new ArrayList<>();
        assertThat(conns.connectionsOf(a, (e, list) -> list.add(e.id()), idsOfA)).isEqualTo(3);
        assertThat(idsOfA).containsExactly(12L, 11L, 10L);
        final ConnEntry[] entriesOfA = {conns.get(10), conns.get(11), conns.get(12)};

        assertThat(conns.closeAll(a)).isEqualTo(3);

        for (int i = 0; i < ofA.length; i++) {
            assertThat(ofA[i].closeCalls.get()).isEqualTo(1);
            assertThat(ofA[i].near.isOpen()).isFalse();
            assertThat(ofA[i].farEndSeesEof()).as("far end of a%d reads end of stream", i).isTrue();
            assertThat(entriesOfA[i].isClosed()).isTrue();
            assertThat(conns.get(10 + i)).isNull();
        }
        assertThat(conns.countOf(a)).isZero();
        assertThat(conns.connectionsOf(a, (e, c) -> { }, null)).isZero();
        assertThat(conns.count()).isEqualTo(2);
        assertThat(a.peers().count()).as("closeAll leaves the peers to the protocol").isEqualTo(3);

        for (int i = 0; i < ofB.length; i++) {
            assertThat(ofB[i].closeCalls.get()).isZero();
            assertThat(ofB[i].near.isOpen()).isTrue();
            assertThat(ofB[i].readFarEnd(50, ByteBuffer.allocate(8))).as("b%d has nothing to read and is open", i)
                .isZero();
            ofB[i].near.write(ByteBuffer.wrap("ping".getBytes(StandardCharsets.US_ASCII)));
            final ByteBuffer got = ByteBuffer.allocate(8);
            assertThat(ofB[i].readFarEnd(WAIT_MS, got)).isEqualTo(4);
            assertThat(conns.get(20 + i).isClosed()).isFalse();
        }

        assertThat(conns.closeSocket(a, 50)).as("nothing left to close").isZero();
        assertThat(a.peers().count()).isZero();
        assertThat(conns.closeSocket(b, 60)).isEqualTo(2);
        for (final Loopback l : ofB) {
            assertThat(l.closeCalls.get()).isEqualTo(1);
            assertThat(l.farEndSeesEof()).isTrue();
        }
        assertThat(b.peers().count()).isZero();
        assertThat(b.peers().getByAddr(ofB[0].remoteAddr())).isNull();
        assertThat(conns.count()).isZero();

        final ConnRegistryStats s = conns.stats(new ConnRegistryStats());
        assertThat(s.count()).isZero();
        assertThat(s.registered()).isEqualTo(5);
        assertThat(s.closed()).isEqualTo(5);
        assertThat(s.closeFailures()).isZero();
        assertThat(s.rehashes()).isZero();
    }

    @Test
    void shouldCloseASocketDeterministically() throws IOException {
        final ConnRegistry conns = new ConnRegistry("release", 4);
        final SpSocket socket = new SpSocket(3, "rep", 0x31, 4);
        final Loopback one = loopback();
        final Loopback two = loopback();
        final Peer p1 = socket.peers().add(1, one.remoteAddr(), 0);
        p1.moveTo(PeerState.CONNECTED);
        socket.peers().add(2, two.remoteAddr(), 0);
        conns.register(1, socket, 1, one, 4, 0);
        conns.register(2, socket, 2, two, 4, 0);

        assertThat(conns.closeSocket(socket, 99)).isEqualTo(2);
        assertThat(one.farEndSeesEof()).isTrue();
        assertThat(two.farEndSeesEof()).isTrue();
        assertThat(conns.count()).isZero();
        assertThat(conns.countOf(socket)).isZero();
        assertThat(socket.peers().count()).isZero();
        assertThat(socket.peers().get(1)).isNull();
        assertThat(p1.state()).isEqualTo(PeerState.DISCONNECTED);
        assertThat(p1.id()).isZero();

        // With nothing left, the socket may be registered with another registry.
        final ConnRegistry other = new ConnRegistry("other", 4);
        other.register(1, socket, 0, loopback(), 4, 0);
        assertThat(other.countOf(socket)).isEqualTo(1);
        assertThatThrownBy(() -> conns.countOf(socket)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("socket 'rep' has its connections in ConnRegistry 'other'");
        assertThatThrownBy(() -> conns.register(5, socket, 0, new Failing(), 4, 0))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ConnRegistry 'other'");
        assertThat(other.closeAll()).isEqualTo(1);
    }

    @Test
    void shouldCountACloseThatThrowsAndKeepClosingTheOthers() throws IOException {
        final ConnRegistry conns = new ConnRegistry("failures", 8);
        final SpSocket socket = new SpSocket(1, "bus", 0x70, 4);
        final Loopback first = loopback();
        final Failing failing = new Failing();
        final Loopback last = loopback();
        conns.register(1, socket, 0, first, 4, 0);
        conns.register(2, socket, 0, failing, 4, 0);
        conns.register(3, socket, 0, last, 4, 0);
        final ConnEntry failingEntry = conns.get(2);

        assertThat(conns.closeAll(socket)).isEqualTo(3);

        assertThat(failing.closeCalls.get()).isEqualTo(1);
        assertThat(failingEntry.isClosed()).isTrue();
        assertThat(conns.get(2)).isNull();
        assertThat(first.farEndSeesEof()).isTrue();
        assertThat(last.farEndSeesEof()).isTrue();
        assertThat(conns.count()).isZero();
        assertThat(conns.closeFailures()).isEqualTo(1);
        assertThat(conns.lastCloseFailure()).isInstanceOf(IllegalStateException.class)
            .hasMessage("close failed on purpose");

        final Failing single = new Failing();
        conns.register(4, socket, 0, single, 4, 0);
        assertThat(conns.close(4)).as("closed and removed despite the failure").isTrue();
        assertThat(conns.close(4)).as("unknown now").isFalse();
        assertThat(single.closeCalls.get()).isEqualTo(1);
        final ConnRegistryStats s = conns.stats(new ConnRegistryStats());
        assertThat(s.closeFailures()).isEqualTo(2);
        assertThat(s.closed()).isEqualTo(4);
        assertThat(s.registered()).isEqualTo(4);
    }

    @Test
    void shouldRejectBadAndDuplicateRegistrations() throws IOException {
        final ConnRegistry conns = new ConnRegistry("dups", 4);
        final SpSocket socket = new SpSocket(1, "pair", 0x10, 4);
        final Loopback l = loopback();
        conns.register(1, socket, 5, l, 4, 0);
        assertThatThrownBy(() -> conns.register(1, socket, 6, new Failing(), 4, 0))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("connection id 1 is already registered (socket 'pair', peer 5)");
        assertThatThrownBy(() -> conns.register(0, socket, 0, new Failing(), 4, 0))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("greater than 0, got 0");
        assertThatThrownBy(() -> conns.register(2, null, 0, new Failing(), 4, 0))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("null socket");
        assertThatThrownBy(() -> conns.register(2, socket, 0, null, 4, 0))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("null Connection");
        assertThatThrownBy(() -> conns.register(2, socket, -1, new Failing(), 4, 0))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("peer id");
        assertThat(conns.count()).isEqualTo(1);
        assertThat(conns.close(99)).isFalse();
        assertThat(l.closeCalls.get()).isZero();

        assertThatThrownBy(() -> new SpSocket(0, "s", 0x10, 4)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SpSocket(1, "s", 0x10000, 4)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("protocolId must be from 0 to 0xffff, got 0x10000");
        assertThatThrownBy(() -> new SpSocket(1, "s", -1, 4)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SpSocket(1, "", 0, 4)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new SpSocket(1, "cap", 0, 33).peers().initialCapacity()).isEqualTo(33);
        assertThatThrownBy(() -> new SpSocket(1, "s", 0x10, 0)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("initialCapacity must be from 1 to 16777216, got 0");
        assertThat(new ConnRegistry("cap", 17).initialCapacity()).isEqualTo(17);
        assertThatThrownBy(() -> new ConnRegistry("cap", ConnRegistry.MAX_INITIAL_CAPACITY + 1))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("ConnRegistry 'cap': initialCapacity must be from 1 to 16777216, got 16777217");
    }

    @Test
    void shouldRejectUseFromAnotherThreadThanTheBoundOwner() throws Exception {
        final ConnRegistry conns = new ConnRegistry("owned", 4);
        final SpSocket socket = new SpSocket(1, "pair", 0x10, 4);
        conns.register(1, socket, 0, new Failing(), 4, 0);
        final Thread engine = new Thread(() -> { }, "engine-thread");
        conns.bindOwner(engine);
        final String me = Thread.currentThread().getName();
        assertThatThrownBy(() -> conns.register(2, socket, 0, new Failing(), 4, 0))
            .isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("ConnRegistry 'owned': register(")
            .hasMessageContaining("called on thread '" + me + "'")
            .hasMessageContaining("owned by thread 'engine-thread'");
        assertThatThrownBy(() -> conns.close(1)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> conns.closeAll(socket)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(conns::closeAll).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> conns.closeSocket(socket, 0)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> conns.get(1)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(conns::count).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> conns.countOf(socket)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> conns.forEach((e, c) -> { }, null)).isInstanceOf(IllegalStateException.class);
        assertThat(conns.stats(new ConnRegistryStats()).count()).isEqualTo(1);

        conns.bindOwner(Thread.currentThread());
        final AtomicReference<Throwable> thrown = new AtomicReference<>();
        final Thread intruder = new Thread(() -> {
            try {
                conns.close(1);
            } catch (final Throwable t) {
                thrown.set(t);
            }
        }, "intruder");
        intruder.start();
        intruder.join(JOIN_MS);
        assertThat(intruder.isAlive()).isFalse();
        assertThat(thrown.get()).isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("close(long) called on thread 'intruder'")
            .hasMessageContaining("owned by thread '" + me + "'");
        assertThat(conns.get(1)).isNotNull();
    }

    @Test
    void shouldVisitReentrantlyAndRejectChangesWhileVisiting() {
        final ConnRegistry conns = new ConnRegistry("visit", 8);
        final SpSocket a = new SpSocket(1, "a", 0x10, 4);
        final SpSocket b = new SpSocket(2, "b", 0x10, 4);
        for (int i = 1; i <= 3; i++) {
            conns.register(i, a, 0, new Failing(), 2, 0);
            conns.register(10 + i, b, 0, new Failing(), 2, 0);
        }
        final List<String> pairs = new ArrayList<>();
        conns.connectionsOf(a, (outer, list) -> conns.connectionsOf(b,
            (inner, l) -> l.add(outer.id() + ":" + inner.id()), list), pairs);
        assertThat(pairs).hasSize(9).contains("1:11", "3:13");
        final List<Long> all = new ArrayList<>();
        assertThat(conns.forEach((e, list) -> list.add(e.id()), all)).isEqualTo(6);
        assertThat(all).containsExactlyInAnyOrder(1L, 2L, 3L, 11L, 12L, 13L);

        assertThatThrownBy(() -> conns.connectionsOf(a, (e, r) -> r.close(e.id()), conns))
            .isInstanceOf(IllegalStateException.class).hasMessageContaining("close(long) called by a visitor");
        assertThatThrownBy(() -> conns.forEach((e, r) -> r.register(99, a, 0, new Failing(), 2, 0), conns))
            .isInstanceOf(IllegalStateException.class);
        assertThat(conns.count()).isEqualTo(6);
        assertThat(conns.closeAll()).isEqualTo(6);
        assertThat(conns.count()).isZero();
        assertThat(conns.closeFailures()).isEqualTo(6);
    }

    @Test
    void shouldCountGrowthBeyondTheInitialCapacity() {
        final ConnRegistry conns = new ConnRegistry("grow", 16);
        final SpSocket socket = new SpSocket(1, "s", 0x10, 4);
        for (int i = 1; i <= 16; i++) {
            conns.register(i, socket, 0, new Failing(), 1, 0);
        }
        assertThat(conns.rehashes()).isZero();
        for (int i = 17; i <= 200; i++) {
            conns.register(i, socket, 0, new Failing(), 1, 0);
        }
        assertThat(conns.rehashes()).isPositive();
        assertThat(conns.countOf(socket)).isEqualTo(200);
        assertThat(conns.closeAll(socket)).isEqualTo(200);
    }
}
