package io.sprocket.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.sprocket.message.Addr;
import io.sprocket.message.Checks;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class PeerRegistryTest {
    private static final long JOIN_MS = 10_000;

    private static Addr addr(final int i) {
        return Addr.tcp("10.0." + (i >> 8) + "." + (i & 0xff), 5555);
    }

    @Test
    void shouldAddAndLookUpByIdAndByAddr() {
        final PeerRegistry registry = new PeerRegistry("lookups", 8);
        final Peer a = registry.add(1, Addr.parse("tcp://10.0.0.1:5555"), 100);
        final Peer b = registry.add(2, Addr.parse("ipc:///tmp/b.sock"), 200);
        final Peer c = registry.add(3, null, 300);

        assertThat(registry.count()).isEqualTo(3);
        assertThat(registry.get(1)).isSameAs(a);
        assertThat(registry.get(2)).isSameAs(b);
        assertThat(registry.get(3)).isSameAs(c);
        assertThat(registry.get(4)).isNull();
        assertThat(registry.getByAddr(Addr.parse("tcp://10.0.0.1:5555"))).as("an equal, not identical, Addr").isSameAs(a);
        assertThat(registry.getByAddr(Addr.ipc("/tmp/b.sock"))).isSameAs(b);
        assertThat(registry.getByAddr(Addr.parse("tcp://10.0.0.1:5556"))).isNull();
        assertThat(registry.getByAddr(null)).isNull();
        assertThat(a.id()).isEqualTo(1);
        assertThat(a.state()).isEqualTo(PeerState.CONNECTING);
        assertThat(a.connectedAtNanos()).isEqualTo(100);
        assertThat(a.lastSeenNanos()).isEqualTo(100);
        assertThat(c.addr()).isNull();
        assertThat(a.toString()).contains("id=1").contains("tcp://10.0.0.1:5555").contains("CONNECTING");
    }

    @Test
    void shouldRejectDuplicateIdsAndAddressesWithClearMessages() {
        final PeerRegistry registry = new PeerRegistry("dups", 4);
        registry.add(10, Addr.parse("tcp://h:1"), 0);
        assertThatThrownBy(() -> registry.add(10, Addr.parse("tcp://h:2"), 0))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("'dups'").hasMessageContaining("peer id 10 is already registered");
        assertThatThrownBy(() -> registry.add(11, Addr.parse("tcp://h:1"), 0))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("address tcp://h:1 is already registered to peer id 10")
            .hasMessageContaining("cannot add peer id 11");
        assertThatThrownBy(() -> registry.add(0, null, 0)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("greater than 0, got 0");
        assertThatThrownBy(() -> registry.add(-5, null, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThat(registry.count()).isEqualTo(1);
        assertThat(registry.get(11)).isNull();
        registry.add(11, null, 0);
        registry.add(12, null, 0);
        assertThat(registry.count()).as("several peers without an address").isEqualTo(3);
    }

    @Test
    void shouldRemoveFromBothIndexesAndFreeTheAddress() {
        final PeerRegistry registry = new PeerRegistry("remove", 4);
        final Addr x = Addr.parse("tcp://x:1");
        registry.add(1, x, 0);
        registry.add(2, Addr.parse("tcp://y:1"), 0);
        assertThat(registry.remove(1)).isTrue();
        assertThat(registry.get(1)).isNull();
        assertThat(registry.getByAddr(x)).isNull();
        assertThat(registry.count()).isEqualTo(1);
        assertThat(registry.remove(1)).as("unknown id").isFalse();
        assertThat(registry.remove(99)).isFalse();
        final Peer again = registry.add(3, Addr.parse("tcp://x:1"), 0);
        assertThat(registry.getByAddr(x)).isSameAs(again);
        assertThat(registry.get(2).addr()).isEqualTo(Addr.parse("tcp://y:1"));

        final PeerRegistryStats s = registry.stats(new PeerRegistryStats());
        assertThat(s.count()).isEqualTo(2);
        assertThat(s.adds()).isEqualTo(3);
        assertThat(s.removes()).isEqualTo(1);
        assertThat(s.rehashes()).isZero();
        assertThat(s.pooled()).isEqualTo(2);
        assertThat(s.poolMisses()).isZero();
        assertThat(s.initialCapacity()).isEqualTo(4);
    }

    @Test
    void shouldIterateByIndexAndVisitEachPeerExactlyOnce() {
        final PeerRegistry registry = new PeerRegistry("iterate", 16);
        for (int i = 1; i <= 10; i++) {
            registry.add(i, addr(i), 0);
        }
        registry.remove(3);
        registry.remove(10);
        registry.remove(1);

        final Map<Peer, Integer> byIndex = new IdentityHashMap<>();
        for (int i = 0; i < registry.count(); i++) {
            byIndex.merge(registry.peerAt(i), 1, Integer::sum);
        }
        assertThat(byIndex).hasSize(7).allSatisfy((p, n) -> assertThat(n).isEqualTo(1));

        final Map<Long, Integer> visits = new java.util.HashMap<>();
        final int visited = registry.forEach((p, seen) -> seen.merge(p.id(), 1, Integer::sum), visits);
        assertThat(visited).isEqualTo(7);
        assertThat(visits).containsOnlyKeys(2L, 4L, 5L, 6L, 7L, 8L, 9L).allSatisfy((id, n) -> assertThat(n).isEqualTo(1));
        assertThatThrownBy(() -> registry.peerAt(7)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("index 7 must be from 0 to count() - 1 = 6");
        assertThatThrownBy(() -> registry.peerAt(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldAllowNestedForEach() {
        final PeerRegistry registry = new PeerRegistry("nested", 8);
        for (int i = 1; i <= 5; i++) {
            registry.add(i, null, 0);
        }
        final List<String> pairs = new ArrayList<>();
        registry.forEach((outer, list) -> registry.forEach(
            (inner, l) -> l.add(outer.id() + ":" + inner.id()), list), pairs);
        assertThat(pairs).hasSize(25).doesNotHaveDuplicates();
        assertThat(pairs).contains("1:5", "5:1", "3:3");
    }

    @Test
    void shouldRejectMembershipChangesDuringForEach() {
        assertThat(Checks.ENABLED).isTrue();
        final PeerRegistry registry = new PeerRegistry("mutate", 8);
        registry.add(1, null, 0);
        registry.add(2, null, 0);
        assertThatThrownBy(() -> registry.forEach((p, r) -> r.remove(p.id()), registry))
            .isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("remove(long) called by a visitor while the registry is being visited");
        assertThatThrownBy(() -> registry.forEach((p, r) -> r.add(100 + p.id(), null, 0), registry))
            .isInstanceOf(IllegalStateException.class).hasMessageContaining("add(");
        assertThatThrownBy(() -> registry.forEach((p, r) -> registry.forEach((q, s) -> s.disconnectAll(0), r), registry))
            .as("also from a nested visit").isInstanceOf(IllegalStateException.class);
        assertThat(registry.count()).isEqualTo(2);

        // A visitor may still change states and count traffic.
        registry.forEach((p, now) -> {
            p.moveTo(PeerState.CONNECTED);
            p.onReceived(10, now);
        }, 5L);
        assertThat(registry.get(1).state()).isEqualTo(PeerState.CONNECTED);
        assertThat(registry.get(2).bytesReceived()).isEqualTo(10);
        // The visit depth went back to 0 after the exceptions: changes work again.
        assertThat(registry.remove(1)).isTrue();
        registry.add(3, null, 0);
        assertThat(registry.count()).isEqualTo(2);
    }

    @Test
    void shouldRejectUseFromAnotherThreadThanTheBoundOwner() throws Exception {
        final Thread engine = new Thread(() -> { }, "engine-thread");
        final PeerRegistry registry = new PeerRegistry("bound", 4);
        registry.add(1, null, 0);
        registry.bindOwner(engine);
        assertThat(registry.owner()).isSameAs(engine);
        final String me = Thread.currentThread().getName();
        assertThatThrownBy(() -> registry.add(2, null, 0)).isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("PeerRegistry 'bound': add(long, Addr, long) called on thread '" + me + "'")
            .hasMessageContaining("owned by thread 'engine-thread'");
        assertThatThrownBy(() -> registry.remove(1)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> registry.disconnectAll(0)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> registry.get(1)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> registry.getByAddr(Addr.parse("tcp://a:1"))).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(registry::count).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> registry.peerAt(0)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> registry.forEach((p, c) -> { }, null)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(registry::snapshot).isInstanceOf(IllegalStateException.class);
        assertThat(registry.stats(new PeerRegistryStats()).count()).as("stats work from any thread").isEqualTo(1);

        // Bound to this thread, another thread is refused.
        registry.bindOwner(Thread.currentThread());
        final Peer peer = registry.get(1);
        final AtomicReference<Throwable> thrown = new AtomicReference<>();
        final Thread intruder = new Thread(() -> {
            try {
                registry.remove(1);
            } catch (final Throwable t) {
                thrown.set(t);
            }
        }, "intruder");
        intruder.start();
        intruder.join(JOIN_MS);
        assertThat(intruder.isAlive()).isFalse();
        assertThat(thrown.get()).isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("called on thread 'intruder'").hasMessageContaining("owned by thread '" + me + "'");
        assertThat(registry.get(1)).isSameAs(peer);

        registry.bindOwner(null);
        final boolean[] removed = new boolean[1];
        final Thread other = new Thread(() -> removed[0] = registry.remove(1), "unbound");
        other.start();
        other.join(JOIN_MS);
        assertThat(removed[0]).as("an unbound registry accepts any single thread").isTrue();
    }

    @Test
    void shouldDisconnectAndRemoveEveryPeer() {
        final PeerRegistry registry = new PeerRegistry("all", 8);
        final List<Peer> peers = new ArrayList<>();
        for (int i = 1; i <= 6; i++) {
            final Peer p = registry.add(i, addr(i), 0).protocolState("state-" + i);
            peers.add(p);
        }
        peers.get(1).moveTo(PeerState.CONNECTED);
        peers.get(2).moveTo(PeerState.CONNECTED);
        peers.get(2).moveTo(PeerState.DISCONNECTING);
        peers.get(3).moveTo(PeerState.DISCONNECTED);

        final List<String> seen = new ArrayList<>();
        final int removed = registry.disconnectAll(77, (p, list) -> {
            list.add(p.id() + " " + p.state() + " " + p.protocolState() + " " + p.lastSeenNanos());
            assertThatThrownBy(() -> registry.remove(p.id())).isInstanceOf(IllegalStateException.class);
        }, seen);

        assertThat(removed).isEqualTo(6);
        assertThat(seen).containsExactlyInAnyOrder("1 DISCONNECTED state-1 77", "2 DISCONNECTED state-2 77",
            "3 DISCONNECTED state-3 77", "4 DISCONNECTED state-4 77", "5 DISCONNECTED state-5 77",
            "6 DISCONNECTED state-6 77");
        assertThat(registry.count()).isZero();
        for (int i = 1; i <= 6; i++) {
            assertThat(registry.get(i)).isNull();
            assertThat(registry.getByAddr(addr(i))).isNull();
        }
        for (final Peer p : peers) {
            assertThat(p.protocolState()).isNull();
            assertThat(p.id()).isZero();
            assertThat(p.state()).isEqualTo(PeerState.DISCONNECTED);
        }
        assertThat(registry.forEach((p, c) -> { }, null)).isZero();
        assertThat(registry.disconnectAll(78)).isZero();
        final PeerRegistryStats s = registry.stats(new PeerRegistryStats());
        assertThat(s.removes()).isEqualTo(6);
        assertThat(s.pooled()).isEqualTo(8);
    }

    @Test
    void shouldTakeAnImmutableSnapshot() {
        final PeerRegistry registry = new PeerRegistry("snap", 4);
        registry.add(1, Addr.parse("tcp://a:1"), 0);
        registry.add(2, null, 0).moveTo(PeerState.CONNECTED);
        final PeerSnapshot snap = registry.snapshot();
        registry.remove(1);
        registry.add(3, null, 0);

        assertThat(snap.registryName()).isEqualTo("snap");
        assertThat(snap.size()).isEqualTo(2);
        final int one = snap.indexOf(1);
        final int two = snap.indexOf(2);
        assertThat(snap.id(one)).isEqualTo(1);
        assertThat(snap.addr(one)).isEqualTo(Addr.parse("tcp://a:1"));
        assertThat(snap.state(one)).isEqualTo(PeerState.CONNECTING);
        assertThat(snap.addr(two)).isNull();
        assertThat(snap.state(two)).isEqualTo(PeerState.CONNECTED);
        assertThat(snap.indexOf(3)).isEqualTo(-1);
        assertThatThrownBy(() -> snap.id(2)).isInstanceOf(IllegalArgumentException.class);
        assertThat(snap.toString()).contains("1 CONNECTING tcp://a:1").contains("2 CONNECTED");
    }

    @Test
    void shouldNotGrowWithinTheInitialCapacityAndCountGrowthBeyondIt() {
        for (int capacity = 1; capacity <= 300; capacity++) {
            final PeerRegistry registry = new PeerRegistry("presized", capacity);
            for (int i = 1; i <= capacity; i++) {
                registry.add(i, addr(i), 0);
            }
            final PeerRegistryStats s = registry.stats(new PeerRegistryStats());
            assertThat(s.rehashes()).as("capacity %d", capacity).isZero();
            assertThat(s.poolMisses()).isZero();
            assertThat(s.pooled()).isZero();
        }

        final PeerRegistry small = new PeerRegistry("small", 2);
        for (int i = 1; i <= 100; i++) {
            small.add(i, addr(i), 0);
        }
        assertThat(small.rehashes()).isPositive();
        assertThat(small.stats(new PeerRegistryStats()).poolMisses()).isEqualTo(98);
        for (int i = 1; i <= 100; i++) {
            assertThat(small.get(i).id()).isEqualTo(i);
            assertThat(small.getByAddr(addr(i)).id()).isEqualTo(i);
        }
        assertThat(small.disconnectAll(0)).isEqualTo(100);
        final PeerRegistryStats after = small.stats(new PeerRegistryStats());
        assertThat(after.pooled()).as("every peer ever created is pooled again").isEqualTo(100);
        final long rehashes = after.rehashes();
        for (int i = 1; i <= 100; i++) {
            small.add(i, addr(i), 0);
        }
        assertThat(small.rehashes()).as("grown storage is kept").isEqualTo(rehashes);
    }

    @Test
    void shouldValidateConstructorArguments() {
        assertThatThrownBy(() -> new PeerRegistry("", 4)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("name");
        assertThatThrownBy(() -> new PeerRegistry(null, 4)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PeerRegistry("zero", 0)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("initialCapacity must be from 1 to " + PeerRegistry.MAX_INITIAL_CAPACITY + ", got 0");
        assertThat(PeerRegistry.MAX_INITIAL_CAPACITY).isEqualTo(1 << 24);
        assertThat(PeerRegistry.DEFAULT_INITIAL_CAPACITY).isEqualTo(16);
        assertThat(ConnRegistry.DEFAULT_INITIAL_CAPACITY).isEqualTo(16);
        final PeerRegistry presized = new PeerRegistry("cap", 33);
        assertThat(presized.initialCapacity()).isEqualTo(33);
        assertThat(presized.stats(new PeerRegistryStats()).pooled()).isEqualTo(33);
        assertThat(presized.name()).isEqualTo("cap");
        assertThat(presized.toString()).contains("cap");
    }
}
