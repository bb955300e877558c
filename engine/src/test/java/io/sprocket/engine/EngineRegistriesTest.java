package io.sprocket.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.sprocket.message.Addr;
import io.sprocket.message.InfraConfig;
import io.sprocket.message.Message;
import io.sprocket.registry.ConnEntry;
import io.sprocket.registry.Connection;
import io.sprocket.registry.Peer;
import io.sprocket.registry.PeerCounters;
import io.sprocket.registry.PeerSnapshot;
import io.sprocket.registry.PeerState;
import io.sprocket.registry.SpSocket;
import io.sprocket.ring.MessageRing;
import io.sprocket.ring.MessageHandler;
import io.sprocket.ring.EngineWait;
import io.sprocket.ring.Rings;

@Timeout(120)
class EngineRegistriesTest {
    private static final long WAIT_NS = TimeUnit.SECONDS.toNanos(30);
    /** A data message with this payload makes the probe handler check the indexes on the engine thread. */
    private static final long PROBE = 0x5052_4f42_4500_0000L;

    /**
     * Checks, on the engine thread, that every socket's peers agree with the engine's id index and
     * with the socket's address index, and that the counts match.
     */
    private static final class ProbeHandler implements MessageHandler {
        private final Engine[] ring = new Engine[1];
        private final List<SpSocket> sockets = new ArrayList<>();
        final AtomicReference<String> verdict = new AtomicReference<>();
        final AtomicLong dataMessages = new AtomicLong();
        final AtomicLong unknownAtHandler = new AtomicLong();

        @Override
        public void onMessage(final Message message, final long sequence, final boolean endOfBatch) {
            if (message.length() >= 8 && message.buffer().getLong(0) == PROBE) {
                verdict.set(check());
                return;
            }
            dataMessages.incrementAndGet();
            if (message.peerId() != 0 && ring[0].registries().peer(message.peerId()) == null) {
                unknownAtHandler.incrementAndGet();
            }
        }

        private String check() {
            final Registries r = ring[0].registries();
            int total = 0;
            for (final SpSocket s : sockets) {
                if (r.socket(s.id()) == null) {
                    continue;
                }
                for (int i = 0; i < s.peers().count(); i++) {
                    final Peer p = s.peers().peerAt(i);
                    if (r.peer(p.id()) != p) {
                        return "peer " + p.id() + " missing from the engine's id index";
                    }
                    if (s.peers().get(p.id()) != p) {
                        return "peer " + p.id() + " missing from its socket's id index";
                    }
                    if (p.addr() != null && s.peers().getByAddr(p.addr()) != p) {
                        return "peer " + p.id() + " missing from its socket's address index";
                    }
                    total++;
                }
            }
            final long engineCount = r.stats(new RegistryStats()).peers();
            return total == engineCount ? "ok " + total : "counts disagree: sockets " + total + ", engine " + engineCount;
        }
    }

    private static Engine start(final ProbeHandler probe, final String name) {
        final Engine ring = Engine.builder().name(name)
            .config(InfraConfig.builder().bufferSizeBytes(256).build()).initialPeerCapacity(64)
            .ring(MessageRing.builder().ringSize(1024).engineWait(EngineWait.YIELDING)).handler(probe).build();
        probe.ring[0] = ring;
        return ring.start();
    }

    private static String probe(final Engine ring, final ProbeHandler probe) {
        probe.verdict.set(null);
        final long seq = Rings.claim(ring.ring(), 8);
        ring.ring().message(seq).buffer().putLong(0, PROBE);
        ring.ring().publish(seq);
        Rings.await("probe verdict", 30_000, () -> probe.verdict.get() != null);
        return probe.verdict.get();
    }

    private static void ok(final long result) {
        assertThat(result).as("control event published").isGreaterThanOrEqualTo(0);
    }

    @Test
    void shouldAssignUniqueIdsWhenFourThreadsAddPeersAtOnce() throws Exception {
        final ProbeHandler probe = new ProbeHandler();
        final Engine ring = start(probe, "ids");
        try {
            final SpSocket socket = ring.control().newSocket("pull", 0x51);
            probe.sockets.add(socket);
            ok(ring.control().openSocket(socket, WAIT_NS));
            final int perThread = 500;
            final long[][] ids = new long[4][perThread];
            final List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                final int thread = t;
                threads.add(new Thread(() -> {
                    for (int i = 0; i < perThread; i++) {
                        final long id = ring.control().newPeerId();
                        ids[thread][i] = id;
                        ok(ring.control().peerConnecting(socket, id, Addr.tcp("10.0." + thread + ".1", 1000 + i), WAIT_NS));
                        ok(ring.control().peerConnected(socket, id, WAIT_NS));
                    }
                }));
            }
            threads.forEach(Thread::start);
            for (final Thread t : threads) {
                t.join(60_000);
                assertThat(t.isAlive()).isFalse();
            }
            assertThat(probe(ring, probe)).isEqualTo("ok 2000");
            // An earlier snapshot can hold 2000 peers with the last connects not yet applied (they and
            // the probe can share a batch, whose end publishes the snapshot): wait for every one connected.
            Rings.await("snapshot with 2000 connected peers", 10_000, () -> {
                final RegistrySnapshot s = ring.registries().snapshot();
                if (s.peerCount() != 2000) {
                    return false;
                }
                final PeerSnapshot p = s.peers(s.indexOfSocket(socket.id()));
                for (int i = 0; i < p.size(); i++) {
                    if (p.state(i) != PeerState.CONNECTED) {
                        return false;
                    }
                }
                return true;
            });
            final Set<Long> unique = new HashSet<>();
            for (final long[] row : ids) {
                for (final long id : row) {
                    unique.add(id);
                }
            }
            assertThat(unique).hasSize(2000);
            final RegistrySnapshot snap = ring.registries().snapshot();
            final PeerSnapshot peers = snap.peers(snap.indexOfSocket(socket.id()));
            assertThat(peers.size()).isEqualTo(2000);
            for (final long id : unique) {
                final int i = peers.indexOf(id);
                assertThat(i).isNotNegative();
                assertThat(peers.state(i)).isEqualTo(PeerState.CONNECTED);
            }
            final RegistryStats stats = ring.registries().stats(new RegistryStats());
            assertThat(stats.controlErrors()).isZero();
            assertThat(stats.controlEvents()).isEqualTo(1 + 2 * 2000);
        } finally {
            assertThat(ring.close(WAIT_NS)).isZero();
        }
        assertThat(ring.registries().snapshot().socketCount()).isZero();
        assertThat(ring.registries().stats(new RegistryStats()).peers()).isZero();
    }

    @Test
    void shouldKeepIndexesAndCountersExactUnderChurnFromFourProducers() throws Exception {
        final ProbeHandler probe = new ProbeHandler();
        final Engine ring = start(probe, "churn");
        final int producers = 4;
        final int peersEach = 300;
        final int messagesEach = 10;
        final List<long[]> kept = new ArrayList<>();
        try {
            final SpSocket[] sockets = {ring.control().newSocket("a", 0x51), ring.control().newSocket("b", 0x51)};
            for (final SpSocket s : sockets) {
                probe.sockets.add(s);
                ok(ring.control().openSocket(s, WAIT_NS));
            }
            final List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < producers; t++) {
                final int thread = t;
                threads.add(new Thread(() -> {
                    final SpSocket socket = sockets[thread % 2];
                    for (int i = 0; i < peersEach; i++) {
                        final long id = ring.control().newPeerId();
                        ok(ring.control().peerConnecting(socket, id, Addr.tcp("h" + thread, i + 1), WAIT_NS));
                        ok(ring.control().peerConnected(socket, id, WAIT_NS));
                        for (int k = 1; k <= messagesEach; k++) {
                            final long seq = Rings.claim(ring.ring(), k);
                            ring.ring().message(seq).peerId(id);
                            ring.ring().publish(seq);
                        }
                        if (i % 3 != 0) {
                            ok(ring.control().peerDisconnected(socket, id, WAIT_NS));
                        } else {
                            synchronized (kept) {
                                kept.add(new long[] {id, socket.id()});
                            }
                        }
                    }
                }));
            }
            threads.forEach(Thread::start);
            for (final Thread t : threads) {
                t.join(60_000);
                assertThat(t.isAlive()).isFalse();
            }
            final int expectedKept = producers * ((peersEach + 2) / 3);
            assertThat(kept).hasSize(expectedKept);
            assertThat(probe(ring, probe)).isEqualTo("ok " + expectedKept);
            assertThat(probe.unknownAtHandler.get()).as("a peer's data is never handled before its connect").isZero();
            assertThat(probe.dataMessages.get()).isEqualTo((long)producers * peersEach * messagesEach);

            // The engine republishes the snapshot at the end of each batch that changed the membership. An
            // earlier snapshot can hold as many peers (kept ones plus some not yet disconnected), so wait for
            // one that holds every kept peer: with the count equal, that is the final membership.
            final PeerCounters present = new PeerCounters();
            Rings.await("snapshot with every kept peer", 10_000, () -> {
                final RegistrySnapshot s = ring.registries().snapshot();
                if (s.peerCount() != expectedKept) {
                    return false;
                }
                for (final long[] k : kept) {
                    if (!s.readCounters(k[0], present)) {
                        return false;
                    }
                }
                return true;
            });
            final RegistrySnapshot snap = ring.registries().snapshot();
            final PeerCounters counters = new PeerCounters();
            final long[] read = new long[1];
            final Thread reader = new Thread(() -> {
                for (final long[] k : kept) {
                    if (snap.readCounters(k[0], counters) && counters.messagesReceived() == messagesEach
                        && counters.bytesReceived() == messagesEach * (messagesEach + 1) / 2) {
                        read[0]++;
                    }
                }
            });
            reader.start();
            reader.join(30_000);
            assertThat(reader.isAlive()).isFalse();
            assertThat(read[0]).as("peers whose counters another thread read exactly").isEqualTo(expectedKept);

            final RegistryStats stats = ring.registries().stats(new RegistryStats());
            assertThat(stats.controlErrors()).isZero();
            assertThat(stats.unknownPeerMessages()).isZero();
            assertThat(stats.peers()).isEqualTo(expectedKept);
            assertThat(stats.sockets()).isEqualTo(2);

            for (final long[] k : kept) {
                ok(ring.control().peerDisconnected(sockets[(int)(k[1] - sockets[0].id())], k[0], WAIT_NS));
            }
            assertThat(probe(ring, probe)).isEqualTo("ok 0");
            Rings.await("empty snapshot", 10_000, () -> ring.registries().snapshot().peerCount() == 0);
        } finally {
            assertThat(ring.close(WAIT_NS)).isZero();
        }
    }

    @Test
    @org.junit.jupiter.api.Tag("slow")
    void shouldStayExactThroughAHundredThousandChurnEventsInterleavedWithData() throws Exception {
        final ProbeHandler probe = new ProbeHandler();
        final Engine ring = start(probe, "churn-100k");
        final int producers = 4;
        final int peersEach = 8_500;   // 3 control events each: 4 x 8 500 x 3 = 102 000
        try {
            final SpSocket socket = ring.control().newSocket("pull", 0x51);
            probe.sockets.add(socket);
            ok(ring.control().openSocket(socket, WAIT_NS));
            final long[] sentBytes = new long[producers];
            final List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < producers; t++) {
                final int thread = t;
                threads.add(new Thread(() -> {
                    final Addr[] addrs = new Addr[16];
                    for (int a = 0; a < addrs.length; a++) {
                        addrs[a] = Addr.tcp("10.9." + thread + "." + a, 9000);
                    }
                    final long[] live = new long[addrs.length];
                    for (int i = 0; i < peersEach; i++) {
                        final int slot = i % addrs.length;
                        if (live[slot] != 0) {
                            ok(ring.control().peerDisconnected(socket, live[slot], WAIT_NS));
                        }
                        live[slot] = ring.control().newPeerId();
                        ok(ring.control().peerConnecting(socket, live[slot], addrs[slot], WAIT_NS));
                        ok(ring.control().peerConnected(socket, live[slot], WAIT_NS));
                        final long seq = Rings.claim(ring.ring(), 1 + i % 64);
                        ring.ring().message(seq).peerId(live[slot]);
                        ring.ring().publish(seq);
                        sentBytes[thread] += 1 + i % 64;
                    }
                    for (final long id : live) {
                        if (id != 0) {
                            ok(ring.control().peerDisconnected(socket, id, WAIT_NS));
                        }
                    }
                }));
            }
            threads.forEach(Thread::start);
            for (final Thread t : threads) {
                t.join(120_000);
                assertThat(t.isAlive()).isFalse();
            }
            assertThat(probe(ring, probe)).isEqualTo("ok 0");
            Rings.await("empty snapshot", 10_000, () -> ring.registries().snapshot().peerCount() == 0);
            final RegistryStats stats = ring.registries().stats(new RegistryStats());
            assertThat(stats.controlEvents()).isEqualTo(1 + 3L * producers * peersEach);
            assertThat(stats.controlErrors()).isZero();
            assertThat(stats.unknownPeerMessages()).isZero();
            assertThat(stats.peers()).as("no peer left over").isZero();
            assertThat(probe.unknownAtHandler.get()).isZero();
            assertThat(probe.dataMessages.get()).isEqualTo((long)producers * peersEach);
            System.out.printf("churn: %d control events, %d data messages, 0 errors, 0 peers left%n",
                stats.controlEvents(), probe.dataMessages.get());
        } finally {
            assertThat(ring.close(WAIT_NS)).isZero();
        }
    }

    /** A Connection over a real loopback TCP connection; the far end is a plain blocking socket. */
    private static final class LoopbackConnection implements Connection {
        final SocketChannel near;
        final Socket far;
        final AtomicLong closes = new AtomicLong();

        LoopbackConnection(final ServerSocketChannel server) throws IOException {
            far = new Socket();
            far.connect(server.getLocalAddress(), 30_000);
            near = server.accept();
            far.setSoTimeout(30_000);
        }

        @Override
        public void close() {
            closes.incrementAndGet();
            try {
                near.close();
            } catch (final IOException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public Addr localAddr() {
            return Addr.tcp("127.0.0.1", ((InetSocketAddress)near.socket().getLocalSocketAddress()).getPort());
        }

        @Override
        public Addr remoteAddr() {
            return Addr.tcp("127.0.0.1", far.getLocalPort());
        }

        /** True when the far end reads end-of-stream; false when it is still open after the timeout. */
        boolean farSeesEof() throws IOException {
            try {
                return far.getInputStream().read() == -1;
            } catch (final SocketTimeoutException stillOpen) {
                return false;
            }
        }
    }

    @Test
    void shouldCloseARealSocketsConnectionsAndPeersWhenItCloses() throws Exception {
        final ProbeHandler probe = new ProbeHandler();
        final Engine ring = start(probe, "conns");
        final List<LoopbackConnection> all = new ArrayList<>();
        try (ServerSocketChannel server = ServerSocketChannel.open()) {
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            final SpSocket a = ring.control().newSocket("a", 0x50);
            final SpSocket b = ring.control().newSocket("b", 0x50);
            probe.sockets.add(a);
            probe.sockets.add(b);
            ok(ring.control().openSocket(a, WAIT_NS));
            ok(ring.control().openSocket(b, WAIT_NS));
            for (int i = 0; i < 5; i++) {
                final SpSocket owner = i < 3 ? a : b;
                final LoopbackConnection c = new LoopbackConnection(server);
                all.add(c);
                final long peerId = ring.control().newPeerId();
                ok(ring.control().peerConnecting(owner, peerId, c.remoteAddr(), WAIT_NS));
                ok(ring.control().peerConnected(owner, peerId, WAIT_NS));
                ok(ring.control().connectionOpened(owner, ring.control().newConnId(), peerId, c, 16, WAIT_NS));
            }
            assertThat(probe(ring, probe)).isEqualTo("ok 5");
            Rings.await("snapshot with 5 connections", 10_000,
                () -> ring.registries().snapshot().connectionCount() == 5);

            ok(ring.control().closeSocket(a, WAIT_NS));
            assertThat(probe(ring, probe)).isEqualTo("ok 2");
            Rings.await("snapshot with 2 connections", 10_000,
                () -> ring.registries().snapshot().connectionCount() == 2);
            for (int i = 0; i < 5; i++) {
                final LoopbackConnection c = all.get(i);
                if (i < 3) {
                    assertThat(c.farSeesEof()).as("connection %d of the closed socket", i).isTrue();
                    assertThat(c.closes.get()).isEqualTo(1);
                } else {
                    assertThat(c.near.isOpen()).isTrue();
                    assertThat(c.closes.get()).isZero();
                }
            }
            final RegistrySnapshot snap = ring.registries().snapshot();
            assertThat(snap.indexOfSocket(a.id())).isNegative();
            assertThat(snap.connectionCount()).isEqualTo(2);
            for (int i = 0; i < snap.connectionCount(); i++) {
                assertThat(snap.connectionSocketId(i)).isEqualTo(b.id());
            }
        } finally {
            assertThat(ring.close(WAIT_NS)).isZero();
        }
        // Closing the ring released socket b the same way.
        for (final LoopbackConnection c : all) {
            assertThat(c.farSeesEof()).isTrue();
            assertThat(c.closes.get()).isEqualTo(1);
            c.far.close();
        }
        final RegistryStats stats = ring.registries().stats(new RegistryStats());
        assertThat(stats.sockets()).isZero();
        assertThat(stats.peers()).isZero();
        assertThat(stats.connections()).isZero();
        assertThat(ring.registries().snapshot().socketCount()).isZero();
    }

    /**
     * The engine hands its progress on every 32 slots as well as at the last one available; each of
     * those points ends a batch, so a registration in the middle of a long run of slots is in the
     * snapshot before the ring counts it recycled (which is how a transport learns it was applied).
     * The application's thread drives the engine (INVOKER), so every slot below is available in
     * one poll: without that rule the snapshot would wait for the last of them.
     */
    @Test
    void shouldPublishTheSnapshotWhereTheEngineHandsItsProgressOnInsideALongBatch() {
        final long[] peersSeenAt = new long[64];
        final boolean[] endOfBatchAt = new boolean[64];
        final Engine[] engine = new Engine[1];
        final Engine e = Engine.builder().name("mid-batch").config(Rings.small(64)).jmx(false)
            .ring(MessageRing.builder().ringSize(128).threading(io.sprocket.ring.ThreadingMode.INVOKER))
            .handler((m, sequence, endOfBatch) -> {
                if (sequence < 64) {
                    peersSeenAt[(int)sequence] = engine[0].registries().snapshot().peerCount();
                    endOfBatchAt[(int)sequence] = endOfBatch;
                }
            }).build();
        engine[0] = e;
        e.start();
        try {
            final SpSocket socket = e.control().newSocket("s", 0x51);
            assertThat(e.control().openSocket(socket, WAIT_NS)).isZero();
            for (int i = 1; i < 30; i++) {
                publishData(e);
            }
            final long id = e.control().newPeerId();
            assertThat(e.control().peerConnecting(socket, id, Addr.tcp("10.1.1.1", 1), WAIT_NS)).isEqualTo(30);
            assertThat(e.control().peerConnected(socket, id, WAIT_NS)).isEqualTo(31);
            for (int i = 32; i < 70; i++) {
                publishData(e);
            }
            int work = 0;
            for (int i = 0; i < 100 && e.ring().stats(new io.sprocket.ring.RingStats()).recycled() < 70; i++) {
                work += e.ring().invoker().invoke();
            }
            assertThat(work).as("slots handled by the invoker").isEqualTo(70);
            assertThat(peersSeenAt[29]).as("before the registration").isZero();
            assertThat(peersSeenAt[32]).as("right after the slot that ends the block of 32").isEqualTo(1);
            assertThat(endOfBatchAt[29]).isFalse();
            assertThat(endOfBatchAt[62]).isFalse();
            assertThat(endOfBatchAt[63]).as("the data slot ending the second block of 32").isTrue();
            assertThat(e.registries().snapshot().peerCount()).isEqualTo(1);
        } finally {
            assertThat(e.close(WAIT_NS)).isZero();
        }
    }

    private static void publishData(final Engine e) {
        final long seq = e.ring().tryClaim(8);
        assertThat(seq).as("a free slot").isGreaterThanOrEqualTo(0);
        e.ring().publish(seq);
    }

    @Test
    void shouldRefuseRegistryUseFromAnotherThread() throws Exception {
        final ProbeHandler probe = new ProbeHandler();
        final Engine ring = start(probe, "wrong-thread");
        try {
            final SpSocket socket = ring.control().newSocket("s", 0x10);
            probe.sockets.add(socket);
            ok(ring.control().openSocket(socket, WAIT_NS));
            assertThat(probe(ring, probe)).isEqualTo("ok 0");
            assertThatThrownBy(() -> socket.peers().add(99, null, 0)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("wrong-thread-engine");
            assertThatThrownBy(() -> ring.registries().peer(1)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("only the engine thread");
            assertThatThrownBy(() -> ring.registries().connections()).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> ring.registries().recordSent(1, 1)).isInstanceOf(IllegalStateException.class);
            assertThat(probe(ring, probe)).isEqualTo("ok 0");
        } finally {
            assertThat(ring.close(WAIT_NS)).isZero();
        }
    }

    @Test
    void shouldRefuseABadControlEventWithoutChangingAnything() throws Exception {
        final ProbeHandler probe = new ProbeHandler();
        final List<String> errors = new ArrayList<>();
        final Engine ring = Engine.builder().name("bad-control").config(Rings.small(64))
            .ring(MessageRing.builder().ringSize(64).errorListener((c, e, s, m, n) -> {
                synchronized (errors) {
                    errors.add(e.getMessage());
                }
            }))
            .handler(probe).build();
        probe.ring[0] = ring;
        ring.start();
        try {
            final SpSocket socket = ring.control().newSocket("s", 0x10);
            final SpSocket notOpen = ring.control().newSocket("t", 0x10);
            probe.sockets.add(socket);
            ok(ring.control().openSocket(socket, WAIT_NS));
            ok(ring.control().openSocket(socket, WAIT_NS));                         // duplicate
            ok(ring.control().peerConnected(socket, 12345, WAIT_NS));              // unknown peer
            ok(ring.control().peerConnecting(notOpen, 1, null, WAIT_NS));          // socket not open
            ok(ring.control().connectionClosed(777, WAIT_NS));                     // unknown connection
            final long id = ring.control().newPeerId();
            ok(ring.control().peerConnecting(socket, id, Addr.parse("ipc:///x"), WAIT_NS));
            ok(ring.control().peerConnecting(socket, ring.control().newPeerId(), Addr.parse("ipc:///x"), WAIT_NS));
            assertThat(probe(ring, probe)).isEqualTo("ok 1");
            final RegistryStats stats = ring.registries().stats(new RegistryStats());
            assertThat(stats.controlErrors()).isEqualTo(5);
            assertThat(stats.controlEvents()).isEqualTo(2);
            synchronized (errors) {
                assertThat(errors).hasSize(5);
                assertThat(errors.get(0)).contains("already open");
                assertThat(errors.get(1)).contains("peer 12345 is not registered");
                assertThat(errors.get(2)).contains("is not open in ring 'bad-control'");
                assertThat(errors.get(3)).contains("connection 777 is not registered");
            }
        } finally {
            assertThat(ring.close(WAIT_NS)).isZero();
        }
        assertThatThrownBy(() -> ring.control().peerConnecting(null, 1, null, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ring.control().peerConnected(ring.control().newSocket("x", 1), 0, 0))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("peerId must be 1 or more");
        assertThat(ring.control().closeSocket(ring.control().newSocket("y", 1), 0)).isEqualTo(MessageRing.CLOSED);
    }

    @Test
    void shouldAnswerEachConnectionOpenedWithRegisteredOrRefused() throws Exception {
        final List<String> answers = new java.util.concurrent.CopyOnWriteArrayList<>();
        final Engine engine = Engine.builder().name("answers").config(Rings.small(64))
            .ring(MessageRing.builder().ringSize(64).errorListener((c, e, s, m, n) -> { }))
            .handler((m, s, e) -> { }).build().start();
        try {
            final SpSocket open = engine.control().newSocket("open", 0x10);
            final SpSocket notOpen = engine.control().newSocket("not-open", 0x10);
            ok(engine.control().openSocket(open, WAIT_NS));
            final long peer = engine.control().newPeerId();
            ok(engine.control().peerConnecting(open, peer, Addr.parse("ipc:///a"), WAIT_NS));
            ok(engine.control().connectionOpened(notOpen, 1, peer, answering("refused-socket", answers), 4, WAIT_NS));
            ok(engine.control().connectionOpened(open, 2, peer, answering("good", answers), 4, WAIT_NS));
            ok(engine.control().connectionOpened(open, 2, peer, answering("duplicate-id", answers), 4, WAIT_NS));
            io.sprocket.message.Waits.await("three answers", TimeUnit.NANOSECONDS.toMillis(WAIT_NS), () -> answers.size() == 3);
            assertThat(answers).containsExactly("refused-socket: refused", "good: registered", "duplicate-id: refused");
        } finally {
            assertThat(engine.close(WAIT_NS)).isZero();
        }
    }

    /** A connection that records the engine's answer to its registration. */
    private static Connection answering(final String name, final List<String> answers) {
        return new Connection() {
            @Override
            public void close() {
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
                answers.add(name + ": registered");
            }

            @Override
            public void onRefused() {
                answers.add(name + ": refused");
            }
        };
    }

    @Test
    void shouldReleaseTheRegistriesOfARingThatNeverStarted() {
        final Engine ring = Engine.builder().name("never").config(Rings.small(64))
            .ring(MessageRing.builder().ringSize(16))
            .handler((m, s, e) -> { }).build();
        final SpSocket socket = ring.control().newSocket("s", 0x10);
        ok(ring.control().openSocket(socket, 0));
        ok(ring.control().peerConnecting(socket, ring.control().newPeerId(), null, 0));
        assertThat(ring.close(0)).as("two control events never applied").isEqualTo(2);
        assertThat(ring.registries().snapshot().socketCount()).isZero();
    }
}
