package io.sprocket.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.sprocket.message.Addr;
import io.sprocket.message.Checks;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class PeerTest {
    private static final long JOIN_MS = 10_000;

    @Test
    void shouldCountTrafficExactlyAndShowItToAnotherThread() throws Exception {
        final PeerRegistry registry = new PeerRegistry("counters", 8).bindOwner(Thread.currentThread());
        final Peer peer = registry.add(42, Addr.parse("tcp://10.0.0.1:5555"), 1_000);
        peer.moveTo(PeerState.CONNECTED);
        long expectedIn = 0;
        long expectedOut = 0;
        for (int i = 0; i < 1_000; i++) {
            peer.onReceived(i % 100, 2_000 + i);
            expectedIn += i % 100;
        }
        for (int i = 0; i < 300; i++) {
            peer.onSent(64, 5_000 + i);
            expectedOut += 64;
        }

        final PeerCounters seen = new PeerCounters();
        final boolean[] ok = new boolean[1];
        final long[] direct = new long[2];
        final Thread reader = new Thread(() -> {
            ok[0] = peer.readCounters(42, seen);
            direct[0] = peer.messagesReceived();
            direct[1] = peer.bytesSent();
        }, "reader");
        reader.start();
        reader.join(JOIN_MS);
        assertThat(reader.isAlive()).isFalse();

        assertThat(ok[0]).isTrue();
        assertThat(seen.id()).isEqualTo(42);
        assertThat(seen.state()).isEqualTo(PeerState.CONNECTED);
        assertThat(seen.messagesReceived()).isEqualTo(1_000);
        assertThat(seen.bytesReceived()).isEqualTo(expectedIn).isEqualTo(49_500);
        assertThat(seen.messagesSent()).isEqualTo(300);
        assertThat(seen.bytesSent()).isEqualTo(expectedOut).isEqualTo(19_200);
        assertThat(seen.connectedAtNanos()).isEqualTo(1_000);
        assertThat(seen.lastSeenNanos()).isEqualTo(5_299);
        assertThat(direct).containsExactly(1_000, 19_200);
        assertThat(peer.messagesReceived()).isEqualTo(1_000);
        assertThat(peer.bytesReceived()).isEqualTo(49_500);
        assertThat(peer.messagesSent()).isEqualTo(300);
        assertThat(peer.bytesSent()).isEqualTo(19_200);
    }

    @Test
    void shouldReportFalseWhenThePeerObjectWasRecycledForAnotherId() throws Exception {
        final PeerRegistry registry = new PeerRegistry("recycle", 1).bindOwner(Thread.currentThread());
        final Peer first = registry.add(7, null, 0);
        first.onReceived(10, 1);
        assertThat(registry.remove(7)).isTrue();
        final Peer second = registry.add(8, null, 5);
        assertThat(second).as("a one-peer pool hands the same object back").isSameAs(first);
        second.onReceived(3, 6);

        final PeerCounters seen = new PeerCounters();
        final boolean[] results = new boolean[3];
        final Thread reader = new Thread(() -> {
            results[0] = first.readCounters(7, seen);
            results[1] = first.readCounters(8, seen);
            results[2] = first.readCounters(0, seen);
        }, "reader");
        reader.start();
        reader.join(JOIN_MS);
        assertThat(reader.isAlive()).isFalse();
        assertThat(results).containsExactly(false, true, false);
        assertThat(seen.id()).isEqualTo(8);
        assertThat(seen.messagesReceived()).isEqualTo(1);
        assertThat(seen.bytesReceived()).isEqualTo(3);
        assertThat(seen.connectedAtNanos()).isEqualTo(5);
    }

    @Test
    void shouldReportFalseAfterTheSameIdIsReAddedOnTheRecycledObject() {
        final PeerRegistry registry = new PeerRegistry("same-id", 1);
        final Peer peer = registry.add(9, null, 0);
        final PeerCounters seen = new PeerCounters();
        assertThat(peer.readCounters(9, seen)).isTrue();
        registry.remove(9);
        assertThat(peer.readCounters(9, seen)).isFalse();
        assertThat(peer.id()).isZero();
        assertThat(peer.state()).isEqualTo(PeerState.DISCONNECTED);
        assertThat(registry.add(9, null, 0)).isSameAs(peer);
        assertThat(peer.readCounters(9, seen)).isTrue();
    }

    @Test
    void shouldNeverShowMoreMessagesThanBytesAllowWhileTheOwnerWrites() throws Exception {
        final PeerRegistry registry = new PeerRegistry("live", 2).bindOwner(Thread.currentThread());
        final Peer peer = registry.add(1, null, 0);
        final int size = 100;
        final int updates = 200_000;
        final CountDownLatch started = new CountDownLatch(1);
        final AtomicReference<String> problem = new AtomicReference<>();
        final long[] reads = new long[1];
        final Thread reader = new Thread(() -> {
            final PeerCounters c = new PeerCounters();
            started.countDown();
            long lastMessages = 0;
            // Bounded: stops at the final figure or after a fixed number of reads.
            for (int i = 0; i < 5_000_000; i++) {
                if (!peer.readCounters(1, c)) {
                    problem.set("readCounters failed for a live peer");
                    return;
                }
                reads[0]++;
                final long m = c.messagesReceived();
                final long b = c.bytesReceived();
                if (m < lastMessages || b < (m - 1) * size || c.lastSeenNanos() < m - 1) {
                    problem.set("inconsistent read: messages " + m + " bytes " + b + " after " + lastMessages);
                    return;
                }
                lastMessages = m;
                if (m == updates) {
                    return;
                }
            }
        }, "reader");
        reader.start();
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        for (int i = 1; i <= updates; i++) {
            peer.onReceived(size, i);
        }
        reader.join(JOIN_MS);
        assertThat(reader.isAlive()).isFalse();
        assertThat(problem.get()).isNull();
        assertThat(reads[0]).isPositive();
        assertThat(peer.bytesReceived()).isEqualTo((long)updates * size);
    }

    @Test
    void shouldRejectUseOfARemovedPeer() {
        assertThat(Checks.ENABLED).as("tests run with checks on").isTrue();
        final PeerRegistry registry = new PeerRegistry("stale", 2);
        final Peer peer = registry.add(5, null, 0);
        registry.remove(5);
        assertThatThrownBy(() -> peer.onReceived(1, 1)).isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("removed peer");
        assertThatThrownBy(() -> peer.moveTo(PeerState.CONNECTED)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> peer.protocolState("x")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void shouldRejectANegativeByteCount() {
        final Peer peer = new PeerRegistry("negative", 1).add(1, null, 0);
        assertThatThrownBy(() -> peer.onSent(-1, 0)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("byte count -1");
    }

    @Test
    void shouldKeepProtocolStateUntilRemoval() {
        final PeerRegistry registry = new PeerRegistry("proto", 1);
        final Peer peer = registry.add(1, null, 0);
        final Object state = new Object();
        assertThat(peer.protocolState(state)).isSameAs(peer);
        assertThat(peer.protocolState()).isSameAs(state);
        registry.remove(1);
        assertThat(registry.add(2, null, 0).protocolState()).isNull();
    }

    @Test
    void shouldRejectCounterUpdatesFromAnotherThreadThanTheOwner() throws Exception {
        final PeerRegistry registry = new PeerRegistry("owned", 1).bindOwner(Thread.currentThread());
        final Peer peer = registry.add(1, null, 0);
        final AtomicReference<Throwable> thrown = new AtomicReference<>();
        final Thread intruder = new Thread(() -> {
            try {
                peer.onReceived(1, 1);
            } catch (final Throwable t) {
                thrown.set(t);
            }
        }, "intruder");
        intruder.start();
        intruder.join(JOIN_MS);
        assertThat(intruder.isAlive()).isFalse();
        assertThat(thrown.get()).isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("'intruder'").hasMessageContaining("'" + Thread.currentThread().getName() + "'");
        assertThat(peer.messagesReceived()).isZero();
    }
}
