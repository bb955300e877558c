package io.sprocket.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.sprocket.counters.CounterRecordsPool;
import io.sprocket.counters.CountersFile;

import io.sprocket.message.Addr;
import io.sprocket.message.AllocationMeter;
import io.sprocket.message.Checks;

/** Steady-state registry operations allocate exactly 0 bytes (checks on, owner bound), measured per thread. */
@Tag("alloc")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RegistryAllocationTest {
    private static final int PEERS = 1_000;
    private static final int OPERATIONS = 1_000_000;
    private static final int WARM_UP_ROUNDS = 5;

    private final PeerRegistry registry = new PeerRegistry("alloc", PEERS).bindOwner(Thread.currentThread());
    private final Addr[] addrs = new Addr[PEERS];
    /** Equal to addrs, but other objects: a lookup by address hashes and compares by value. */
    private final Addr[] lookupAddrs = new Addr[PEERS];
    private long sink;

    RegistryAllocationTest() {
        for (int i = 0; i < PEERS; i++) {
            addrs[i] = Addr.tcp("10.1." + (i >> 8) + "." + (i & 0xff), 7000 + i);
            lookupAddrs[i] = Addr.parse(addrs[i].toString());
        }
    }

    private void fill() {
        for (int i = 0; i < PEERS; i++) {
            registry.add(i + 1, addrs[i], i);
        }
    }

    private static long measureAfterWarmUp(final Runnable task) {
        for (int i = 0; i < WARM_UP_ROUNDS; i++) {
            task.run();
        }
        return AllocationMeter.measure(task);
    }

    @Test
    void shouldAllocateZeroBytesForAMillionLookupsById() {
        assertThat(Checks.ENABLED).isTrue();
        fill();
        final long bytes = measureAfterWarmUp(() -> {
            long sum = 0;
            for (int i = 0; i < OPERATIONS; i++) {
                sum += registry.get((i % PEERS) + 1).denseIndex;
            }
            sink += sum;
        });
        assertThat(bytes).as("bytes allocated by 1,000,000 get(id)").isZero();
        assertThat(sink).isPositive();
    }

    @Test
    void shouldAllocateZeroBytesForAMillionLookupsByAddr() {
        fill();
        final long bytes = measureAfterWarmUp(() -> {
            long sum = 0;
            for (int i = 0; i < OPERATIONS; i++) {
                sum += registry.getByAddr(lookupAddrs[i % PEERS]).denseIndex;
            }
            sink += sum;
        });
        assertThat(bytes).as("bytes allocated by 1,000,000 getByAddr(addr)").isZero();
        assertThat(sink).isPositive();
    }

    @Test
    void shouldAllocateZeroBytesForAMillionCounterUpdates() {
        fill();
        final Peer peer = registry.get(1);
        final long bytes = measureAfterWarmUp(() -> {
            for (int i = 0; i < OPERATIONS; i++) {
                peer.onReceived(64, i);
                peer.onSent(32, i);
            }
        });
        assertThat(bytes).as("bytes allocated by 1,000,000 onReceived + onSent").isZero();
        assertThat(peer.messagesReceived()).isEqualTo((WARM_UP_ROUNDS + 1L) * OPERATIONS);
        assertThat(peer.bytesReceived()).isEqualTo((WARM_UP_ROUNDS + 1L) * OPERATIONS * 64);
    }

    @Test
    void shouldAllocateZeroBytesForPeerAddRemoveCyclesOnceThePoolIsWarm() {
        final PeerCounters counters = new PeerCounters();
        final long bytes = measureAfterWarmUp(() -> {
            for (int round = 0; round < 20; round++) {
                fill();
                for (int i = 0; i < PEERS; i++) {
                    registry.get(i + 1).moveTo(PeerState.CONNECTED);
                    if (!registry.get(i + 1).readCounters(i + 1, counters)) {
                        throw new AssertionError("readCounters failed for peer " + (i + 1));
                    }
                }
                // Remove half one by one, the rest at once.
                for (int i = 0; i < PEERS; i += 2) {
                    registry.remove(i + 1);
                }
                registry.disconnectAll(round);
            }
        });
        assertThat(bytes).as("bytes allocated by 20,000 add + moveTo + remove/disconnectAll cycles").isZero();
        final PeerRegistryStats stats = registry.stats(new PeerRegistryStats());
        assertThat(stats.rehashes()).isZero();
        assertThat(stats.poolMisses()).isZero();
        assertThat(stats.adds()).isEqualTo((WARM_UP_ROUNDS + 1L) * 20 * PEERS);
        assertThat(stats.removes()).isEqualTo(stats.adds());
    }

    @Test
    void shouldAllocateZeroBytesForPeersBorrowingAndCountingInTheCountersFileOnceItsPoolIsWarm(@TempDir final Path dir) {
        try (CountersFile file = CountersFile.create(dir.resolve("alloc.counters"), 4 * PEERS + 16)) {
            final CounterRecordsPool pool = PeerCounterRecords.newPool(file);
            registry.counters(pool, "socket 1 'alloc' in test");
            final long bytes = measureAfterWarmUp(() -> {
                for (int round = 0; round < 5; round++) {
                    fill();
                    for (int i = 0; i < PEERS; i++) {
                        final Peer peer = registry.get(i + 1);
                        peer.onReceived(64, round);
                        peer.onSent(32, round);
                    }
                    registry.disconnectAll(round);
                }
            });
            assertThat(bytes).as("bytes allocated by 5,000 adds (each labelling a set of the file), counts and removes")
                .isZero();
            assertThat(pool.created()).as("every peer counted in the file").isEqualTo(PEERS);
            assertThat(pool.idle()).isEqualTo(PEERS);
            fill();
            final Peer peer = registry.get(PEERS);
            final long counting = AllocationMeter.measure(() -> {
                for (int i = 0; i < OPERATIONS; i++) {
                    peer.onReceived(64, i);
                    peer.onSent(32, i);
                }
            });
            assertThat(counting).as("bytes allocated by 1,000,000 onReceived + onSent into the file").isZero();
            assertThat(peer.messagesReceived()).isEqualTo(OPERATIONS);
            assertThat(peer.bytesSent()).isEqualTo(32L * OPERATIONS);
            registry.disconnectAll(0);
            pool.close();
        }
    }

    @Test
    void shouldAllocateZeroBytesForVisitsAndStats() {
        fill();
        final PeerRegistryStats stats = new PeerRegistryStats();
        final long[] total = new long[1];
        final long bytes = measureAfterWarmUp(() -> {
            for (int i = 0; i < 1_000; i++) {
                registry.forEach((p, t) -> t[0] += p.denseIndex, total);
                for (int j = 0; j < registry.count(); j++) {
                    total[0] += registry.peerAt(j).denseIndex;
                }
                registry.stats(stats);
            }
        });
        assertThat(bytes).as("bytes allocated by 1,000 forEach + peerAt walks + stats").isZero();
        assertThat(total[0]).isPositive();
    }

    @Test
    void shouldSeeTheAllocationsThatAreDocumented() {
        fill();
        final long snapshotBytes = AllocationMeter.measure(() -> sink += registry.snapshot().size());
        assertThat(snapshotBytes).as("snapshot() allocates its copy: the meter sees allocations").isPositive();
        final long growthBytes = AllocationMeter.measure(() -> registry.add(PEERS + 1, null, 0));
        assertThat(growthBytes).as("an add beyond the presized capacity allocates").isPositive();
        assertThat(registry.stats(new PeerRegistryStats()).poolMisses()).isEqualTo(1);
    }
}
