package io.sprocket.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.sprocket.message.Addr;
import io.sprocket.message.AllocationMeter;
import io.sprocket.registry.PeerSnapshot;
import io.sprocket.registry.SpSocket;
import io.sprocket.ring.MessageRing;
import io.sprocket.ring.Rings;

/** Other threads find a socket, a peer's socket and a peer by address in O(1) through the snapshot, allocating nothing. */
@Tag("alloc")
class RegistrySnapshotLookupTest {
    private static final long WAIT_NS = TimeUnit.SECONDS.toNanos(30);

    /** 6 peers: small snapshots scan their arrays; 200: they look up through hash indexes. */
    @ParameterizedTest
    @ValueSource(ints = {6, 200})
    void shouldFindSocketsAndPeersByIdAndByAddressWithoutAllocating(final int peerCount) throws Exception {
        final Engine engine = Engine.builder().name("lookups-" + peerCount).config(Rings.small(64))
            .ring(MessageRing.builder().ringSize(64)).handler((m, s, e) -> { })
            .build().start();
        try {
            final Control control = engine.control();
            final SpSocket a = control.newSocket("a", 0x10);
            final SpSocket b = control.newSocket("b", 0x11);
            control.openSocket(a, WAIT_NS);
            control.openSocket(b, WAIT_NS);
            final long[] peers = new long[peerCount];
            final Addr[] addrs = new Addr[peers.length];
            for (int i = 0; i < peers.length; i++) {
                peers[i] = control.newPeerId();
                addrs[i] = Addr.parse("tcp://10.0.0." + (i % 250 + 1) + ":" + (5000 + i));
                control.peerConnecting(i % 2 == 0 ? a : b, peers[i], addrs[i], WAIT_NS);
            }
            Rings.await("a snapshot with every peer", 10_000,
                () -> engine.registries().snapshot().peerCount() == peerCount);
            final RegistrySnapshot snap = engine.registries().snapshot();
            final int ia = snap.indexOfSocket(a.id());
            final int ib = snap.indexOfSocket(b.id());
            assertThat(snap.socketId(ia)).isEqualTo(a.id());
            assertThat(snap.socketId(ib)).isEqualTo(b.id());
            assertThat(snap.indexOfSocket(12345)).isEqualTo(-1);
            for (int i = 0; i < peers.length; i++) {
                final int socket = snap.socketIndexOfPeer(peers[i]);
                assertThat(socket).as("peer %d", i).isEqualTo(i % 2 == 0 ? ia : ib);
                final PeerSnapshot p = snap.peers(socket);
                assertThat(p.id(p.indexOf(peers[i]))).isEqualTo(peers[i]);
                assertThat(p.indexOf(addrs[i])).isEqualTo(p.indexOf(peers[i]));
                assertThat(snap.peerIdAt(socket, addrs[i])).isEqualTo(peers[i]);
                assertThat(snap.peerIdAt(socket == ia ? ib : ia, addrs[i])).as("not on the other socket").isZero();
            }
            assertThat(snap.socketIndexOfPeer(987_654)).isEqualTo(-1);
            assertThat(snap.peers(ia).indexOf(Addr.parse("tcp://10.9.9.9:1"))).isEqualTo(-1);
            assertThat(snap.peers(ia).indexOf((Addr)null)).isEqualTo(-1);
            assertThatThrownBy(() -> snap.peerIdAt(2, addrs[0])).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("socketCount() - 1 = 1");

            final long[] sink = new long[1];
            final Runnable lookups = () -> {
                for (int round = 0; round < 1_000; round++) {
                    for (int i = 0; i < peers.length; i++) {
                        final int socket = snap.socketIndexOfPeer(peers[i]);
                        sink[0] += snap.peerIdAt(socket, addrs[i]) + snap.peers(socket).indexOf(peers[i])
                            + snap.indexOfSocket(a.id());
                    }
                }
            };
            lookups.run();
            final long[] bytes = AllocationMeter.steadyState(lookups, 10);
            assertThat(bytes[0]).as("bytes allocated by 1 000 lookups of each kind per peer").isZero();
            assertThat(sink[0]).isNotZero();
        } finally {
            assertThat(engine.close(WAIT_NS)).isZero();
        }
    }
}
