package io.sprocket.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.sprocket.counters.CounterTypes;
import io.sprocket.counters.CountersFile;
import io.sprocket.counters.CountersFileReader;
import io.sprocket.message.Addr;
import io.sprocket.message.AllocationMeter;
import io.sprocket.message.InfraConfig;
import io.sprocket.message.Message;
import io.sprocket.registry.Peer;
import io.sprocket.registry.SpSocket;
import io.sprocket.ring.MessageRing;
import io.sprocket.ring.MessageHandler;
import io.sprocket.ring.EngineWait;
import io.sprocket.ring.RingStats;
import io.sprocket.ring.Rings;
import io.sprocket.ring.WarmUp;

@Timeout(120)
@Tag("alloc")
class EngineAllocationTest {
    private static final long WAIT_NS = TimeUnit.SECONDS.toNanos(30);
    private static final int PEERS = 100;

    /** Looks up the sender, counts a reply to it, and reads the payload: what a protocol engine does. */
    private static final class LookupHandler implements MessageHandler {
        Engine engine;
        long sum;
        long missing;

        @Override
        public void onMessage(final Message message, final long sequence, final boolean endOfBatch) {
            final Peer peer = engine.registries().peer(message.peerId());
            if (peer == null || !engine.registries().recordSent(peer.id(), message.length())) {
                missing++;
                return;
            }
            sum += message.buffer().getLong(0) + peer.messagesReceived();
        }
    }

    private static Engine engine(final String name, final MessageHandler handler, final boolean snapshots) {
        return engine(name, handler, snapshots, null);
    }

    /** An engine counting in {@code file}, or in the process's shared counters file when it is null. */
    private static Engine engine(final String name, final MessageHandler handler, final boolean snapshots,
        final CountersFile file) {
        final Engine.Builder b = Engine.builder().name(name)
            .config(InfraConfig.builder().bufferSizeBytes(256).build()).initialPeerCapacity(2 * PEERS)
            .ring(MessageRing.builder().ringSize(1024).engineWait(EngineWait.YIELDING)).registrySnapshots(snapshots)
            .handler(handler);
        return (file != null ? b.counters(file) : b).build().start();
    }

    private static final RingStats IDLE = new RingStats();

    /** Waits without allocating until the engine has passed every claimed slot (test thread only). */
    private static void awaitIdle(final MessageRing ring) {
        Rings.awaitDrained(ring, IDLE);
    }

    @Test
    void shouldAllocateNothingForLookupsCounterUpdatesAndDispatchOverAMillionMessages(@TempDir final Path dir) {
        final LookupHandler lookups = new LookupHandler();
        final WarmUp.Stallable handler = new WarmUp.Stallable(lookups);
        // A file of its own: the peers' sets must not find the shared one filled by an earlier test.
        final CountersFile file = CountersFile.create(dir.resolve("alloc.counters"), 1024);
        final Engine engine = engine("engine-alloc", handler, true, file);
        final MessageRing ring = engine.ring();
        lookups.engine = engine;
        try {
            final SpSocket socket = engine.control().newSocket("pull", 0x51);
            assertThat(engine.control().openSocket(socket, WAIT_NS)).isNotNegative();
            final long[] ids = new long[PEERS];
            for (int i = 0; i < PEERS; i++) {
                ids[i] = engine.control().newPeerId();
                assertThat(engine.control().peerConnecting(socket, ids[i], Addr.tcp("10.1.0." + i, 5555), WAIT_NS)).isNotNegative();
                assertThat(engine.control().peerConnected(socket, ids[i], WAIT_NS)).isNotNegative();
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
            assertThat(engine.registries().stats(new RegistryStats()).unknownPeerMessages()).isZero();
            assertThat(peerCountersInTheFile(file)).as("each peer counted in a set of the counters file")
                .isEqualTo(4 * PEERS);
        } finally {
            assertThat(engine.close(WAIT_NS)).isZero();
            file.close();
        }
    }

    /** Peer counters that a reader of the file sees. */
    private static int peerCountersInTheFile(final CountersFile file) {
        final int[] found = new int[1];
        try (CountersFileReader reader = CountersFileReader.open(file.path())) {
            reader.counters().forEach((id, type, key, label) -> {
                if (type == CounterTypes.PEER) {
                    found[0]++;
                }
            });
        }
        return found[0];
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
        final Engine engine = engine("churn-alloc", (m, s, e) -> { }, false);
        final MessageRing ring = engine.ring();
        try {
            final SpSocket socket = engine.control().newSocket("pull", 0x51);
            assertThat(engine.control().openSocket(socket, WAIT_NS)).isNotNegative();
            final Addr[] addrs = new Addr[PEERS];
            for (int i = 0; i < PEERS; i++) {
                addrs[i] = Addr.tcp("10.2.0." + i, 7000);
            }
            final long[] live = new long[PEERS];
            WarmUp.producerWaits();        // claim() may wait when the ring is full
            for (int warm = 0; warm < 5; warm++) {
                churn(engine, socket, addrs, live, 20_000);
            }
            final long[] bytes = AllocationMeter.steadyState(() -> {
                churn(engine, socket, addrs, live, 100_000);
                awaitIdle(ring);
            }, 10, ring.engineThread());

            assertThat(bytes[0]).as("producer bytes for 100 000 peer add/remove events").isZero();
            assertThat(bytes[1]).as("engine bytes for 100 000 peer add/remove events").isZero();
            final RegistryStats stats = engine.registries().stats(new RegistryStats());
            assertThat(stats.controlErrors()).isZero();
            assertThat(stats.rehashes()).isZero();
            assertThat(stats.peers()).isZero();
            assertThat(engine.registries().snapshot().version()).isZero();
        } finally {
            assertThat(engine.close(WAIT_NS)).isZero();
        }
    }

    /** Connects, confirms and disconnects peers, keeping at most PEERS of them registered at once. */
    private static void churn(
        final Engine engine, final SpSocket socket, final Addr[] addrs, final long[] live, final int events) {
        for (int i = 0; i < events; i++) {
            final int slot = i % addrs.length;
            if (live[slot] != 0) {
                check(engine.control().peerDisconnected(socket, live[slot], WAIT_NS));
                live[slot] = 0;
            } else {
                live[slot] = engine.control().newPeerId();
                check(engine.control().peerConnecting(socket, live[slot], addrs[slot], WAIT_NS));
                check(engine.control().peerConnected(socket, live[slot], WAIT_NS));
            }
        }
        for (int slot = 0; slot < live.length; slot++) {
            if (live[slot] != 0) {
                check(engine.control().peerDisconnected(socket, live[slot], WAIT_NS));
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
        final Engine engine = engine("snapshot-alloc", (m, s, e) -> { }, true);
        final MessageRing ring = engine.ring();
        try {
            final SpSocket socket = engine.control().newSocket("pull", 0x51);
            assertThat(engine.control().openSocket(socket, WAIT_NS)).isNotNegative();
            final Addr addr = Addr.tcp("10.3.0.1", 7000);
            for (int i = 0; i < 2_000; i++) {
                oneBatchAddRemove(engine, socket, addr);
            }
            final Thread engineThread = ring.engineThread();
            final RegistryStats stats = new RegistryStats();
            final long snapshotsBefore = engine.registries().stats(stats).snapshots();
            final long engineBefore = AllocationMeter.of(engineThread);
            for (int i = 0; i < 1_000; i++) {
                oneBatchAddRemove(engine, socket, addr);
            }
            final long engineBytes = AllocationMeter.of(engineThread) - engineBefore;
            final long snapshots = engine.registries().stats(stats).snapshots() - snapshotsBefore;
            final long perSnapshot = engineBytes / snapshots;
            System.out.printf("registry snapshot of 1 socket with 0-1 peers: %d bytes (%d snapshots, %d bytes)%n",
                perSnapshot, snapshots, engineBytes);
            assertThat(snapshots).isBetween(1_000L, 2_000L);
            // With snapshots off the same events allocate nothing (the test above), so this is their cost.
            assertThat(perSnapshot).as("bytes per snapshot of 1 socket and at most 1 peer").isBetween(1L, 1024L);
        } finally {
            assertThat(engine.close(WAIT_NS)).isZero();
        }
    }

    /** Adds a peer and removes it in one control event each, waiting for both to be applied. */
    private static void oneBatchAddRemove(final Engine engine, final SpSocket socket, final Addr addr) {
        final MessageRing ring = engine.ring();
        final long id = engine.control().newPeerId();
        check(engine.control().peerConnecting(socket, id, addr, WAIT_NS));
        awaitIdle(ring);
        check(engine.control().peerDisconnected(socket, id, WAIT_NS));
        awaitIdle(ring);
    }
}
