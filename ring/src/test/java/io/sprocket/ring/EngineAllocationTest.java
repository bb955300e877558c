package io.sprocket.ring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.sprocket.message.Addr;
import io.sprocket.message.AllocationMeter;
import io.sprocket.message.InfraConfig;
import io.sprocket.message.Message;
import io.sprocket.registry.Peer;
import io.sprocket.registry.SpSocket;

@Timeout(120)
@Tag("alloc")
class EngineAllocationTest {
    private static final long WAIT_NS = TimeUnit.SECONDS.toNanos(30);
    private static final int PEERS = 100;

    /** Looks up the sender, counts a reply to it, and reads the payload: what a protocol engine does. */
    private static final class LookupHandler implements MessageHandler {
        MessageRing ring;
        long sum;
        long missing;

        @Override
        public void onMessage(final Message message, final long sequence, final boolean endOfBatch) {
            final Peer peer = ring.registries().peer(message.peerId());
            if (peer == null || !ring.registries().recordSent(peer.id(), message.length())) {
                missing++;
                return;
            }
            sum += message.buffer().getLong(0) + peer.messagesReceived();
        }
    }

    private static MessageRing ring(final String name, final MessageHandler handler, final boolean snapshots) {
        return MessageRing.builder().name(name)
            .config(InfraConfig.builder().ringSize(1024).bufferSizeBytes(256).initialPeerCapacity(2 * PEERS).build())
            .engineWait(EngineWait.YIELDING).registrySnapshots(snapshots).handler(handler).build().start();
    }

    private static final RingStats IDLE = new RingStats();

    /** Waits without allocating until the engine has passed every claimed slot (test thread only). */
    private static void awaitIdle(final MessageRing ring) {
        Rings.awaitDrained(ring, IDLE);
    }

    @Test
    void shouldAllocateNothingForLookupsCounterUpdatesAndDispatchOverAMillionMessages() {
        final LookupHandler lookups = new LookupHandler();
        final WarmUp.Stallable handler = new WarmUp.Stallable(lookups);
        final MessageRing ring = ring("engine-alloc", handler, true);
        lookups.ring = ring;
        try {
            final SpSocket socket = ring.control().newSocket("pull", 0x51);
            assertThat(ring.control().openSocket(socket, WAIT_NS)).isNotNegative();
            final long[] ids = new long[PEERS];
            for (int i = 0; i < PEERS; i++) {
                ids[i] = ring.control().newPeerId();
                assertThat(ring.control().peerConnecting(socket, ids[i], Addr.tcp("10.1.0." + i, 5555), WAIT_NS)).isNotNegative();
                assertThat(ring.control().peerConnected(socket, ids[i], WAIT_NS)).isNotNegative();
            }
            WarmUp.run(ring, handler, (r, i) -> sendOne(r, ids, i));
            awaitIdle(ring);
            final long[] bytes = AllocationMeter.steadyState(() -> {
                send(ring, ids, 1_000_000);
                awaitIdle(ring);
            }, 10, ring.engineThread());

            assertThat(bytes[0]).as("producer bytes over 1 000 000 tagged messages").isZero();
            assertThat(bytes[1]).as("engine bytes over 1 000 000 lookups, counter updates and dispatches").isZero();
            assertThat(lookups.missing).isZero();
            assertThat(ring.registries().stats(new RegistryStats()).unknownPeerMessages()).isZero();
        } finally {
            assertThat(ring.close(WAIT_NS)).isZero();
        }
    }

    private static void send(final MessageRing ring, final long[] ids, final int count) {
        for (int i = 0; i < count; i++) {
            sendOne(ring, ids, i);
        }
    }

    private static void sendOne(final MessageRing ring, final long[] ids, final int i) {
        final long seq = ring.claim(32, WAIT_NS);
        if (seq < 0) {
            throw new AssertionError("claim failed: " + seq);
        }
        final Message m = ring.message(seq);
        m.peerId(ids[i % ids.length]);
        m.buffer().putLong(0, i);
        ring.publish(seq);
    }

    @Test
    void shouldAllocateNothingToAddAndRemovePeersThroughTheEngineWithSnapshotsOff() {
        final MessageRing ring = ring("churn-alloc", (m, s, e) -> { }, false);
        try {
            final SpSocket socket = ring.control().newSocket("pull", 0x51);
            assertThat(ring.control().openSocket(socket, WAIT_NS)).isNotNegative();
            final Addr[] addrs = new Addr[PEERS];
            for (int i = 0; i < PEERS; i++) {
                addrs[i] = Addr.tcp("10.2.0." + i, 7000);
            }
            final long[] live = new long[PEERS];
            WarmUp.producerWaits();        // claim() may wait when the ring is full
            for (int warm = 0; warm < 5; warm++) {
                churn(ring, socket, addrs, live, 20_000);
            }
            final long[] bytes = AllocationMeter.steadyState(() -> {
                churn(ring, socket, addrs, live, 100_000);
                awaitIdle(ring);
            }, 10, ring.engineThread());

            assertThat(bytes[0]).as("producer bytes for 100 000 peer add/remove events").isZero();
            assertThat(bytes[1]).as("engine bytes for 100 000 peer add/remove events").isZero();
            final RegistryStats stats = ring.registries().stats(new RegistryStats());
            assertThat(stats.controlErrors()).isZero();
            assertThat(stats.rehashes()).isZero();
            assertThat(stats.peers()).isZero();
            assertThat(ring.registries().snapshot().version()).isZero();
        } finally {
            assertThat(ring.close(WAIT_NS)).isZero();
        }
    }

    /** Connects, confirms and disconnects peers, keeping at most PEERS of them registered at once. */
    private static void churn(
        final MessageRing ring, final SpSocket socket, final Addr[] addrs, final long[] live, final int events) {
        for (int i = 0; i < events; i++) {
            final int slot = i % addrs.length;
            if (live[slot] != 0) {
                check(ring.control().peerDisconnected(socket, live[slot], WAIT_NS));
                live[slot] = 0;
            } else {
                live[slot] = ring.control().newPeerId();
                check(ring.control().peerConnecting(socket, live[slot], addrs[slot], WAIT_NS));
                check(ring.control().peerConnected(socket, live[slot], WAIT_NS));
            }
        }
        for (int slot = 0; slot < live.length; slot++) {
            if (live[slot] != 0) {
                check(ring.control().peerDisconnected(socket, live[slot], WAIT_NS));
            }
        }
    }

    private static void check(final long result) {
        if (result < 0) {
            throw new AssertionError("control event refused: " + result);
        }
    }

    @Test
    void shouldAllocateOnlyTheSnapshotForABatchThatChangesMembership() {
        final MessageRing ring = ring("snapshot-alloc", (m, s, e) -> { }, true);
        try {
            final SpSocket socket = ring.control().newSocket("pull", 0x51);
            assertThat(ring.control().openSocket(socket, WAIT_NS)).isNotNegative();
            final Addr addr = Addr.tcp("10.3.0.1", 7000);
            for (int i = 0; i < 2_000; i++) {
                oneBatchAddRemove(ring, socket, addr);
            }
            final Thread engine = ring.engineThread();
            final RegistryStats stats = new RegistryStats();
            final long snapshotsBefore = ring.registries().stats(stats).snapshots();
            final long engineBefore = AllocationMeter.of(engine);
            for (int i = 0; i < 1_000; i++) {
                oneBatchAddRemove(ring, socket, addr);
            }
            final long engineBytes = AllocationMeter.of(engine) - engineBefore;
            final long snapshots = ring.registries().stats(stats).snapshots() - snapshotsBefore;
            final long perSnapshot = engineBytes / snapshots;
            System.out.printf("registry snapshot of 1 socket with 0-1 peers: %d bytes (%d snapshots, %d bytes)%n",
                perSnapshot, snapshots, engineBytes);
            assertThat(snapshots).isBetween(1_000L, 2_000L);
            // With snapshots off the same events allocate nothing (the test above), so this is their cost.
            assertThat(perSnapshot).as("bytes per snapshot of 1 socket and at most 1 peer").isBetween(1L, 1024L);
        } finally {
            assertThat(ring.close(WAIT_NS)).isZero();
        }
    }

    /** Adds a peer and removes it in one control event each, waiting for both to be applied. */
    private static void oneBatchAddRemove(final MessageRing ring, final SpSocket socket, final Addr addr) {
        final long id = ring.control().newPeerId();
        check(ring.control().peerConnecting(socket, id, addr, WAIT_NS));
        awaitIdle(ring);
        check(ring.control().peerDisconnected(socket, id, WAIT_NS));
        awaitIdle(ring);
    }
}
