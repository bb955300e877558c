package io.sprocket.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sprocket.counters.CounterRecordsPool;
import io.sprocket.counters.CounterTypes;
import io.sprocket.counters.CounterValues;
import io.sprocket.counters.CountersFile;
import io.sprocket.message.Addr;

/**
 * A registry given a pool counts each peer in a labelled set of the counters file while the peer is
 * registered, the same figures {@link Peer#readCounters} gives; without a pool, or with the file full,
 * peers count in their own memory as before.
 */
class PeerCounterRecordsTest {
    private static final String WHERE = "socket 3 'pull' in orders";

    @TempDir
    Path dir;

    @Test
    void shouldCountEachPeerInALabelledSetOfTheFileWhileItIsRegistered() {
        try (CountersFile file = CountersFile.create(dir.resolve("peers.counters"), 64)) {
            final CounterRecordsPool pool = PeerCounterRecords.newPool(file);
            final PeerRegistry registry = new PeerRegistry("pull", 4).bindOwner(Thread.currentThread())
                .counters(pool, WHERE);
            final Peer seven = registry.add(7, Addr.parse("tcp://10.0.0.1:5555"), 100);
            final Peer eight = registry.add(8, null, 100);
            for (int i = 0; i < 3; i++) {
                seven.onReceived(10, 200 + i);
            }
            seven.onSent(4, 300);
            eight.onReceived(1, 400);

            final String who = "peer 7 of " + WHERE + " (tcp://10.0.0.1:5555): ";
            assertThat(CounterValues.ofType(file.path(), CounterTypes.PEER)).containsExactly(
                Map.entry(who + "messages received", 3L), Map.entry(who + "payload bytes received", 30L),
                Map.entry(who + "messages sent", 1L), Map.entry(who + "payload bytes sent", 4L),
                Map.entry("peer 8 of " + WHERE + ": messages received", 1L),
                Map.entry("peer 8 of " + WHERE + ": payload bytes received", 1L),
                Map.entry("peer 8 of " + WHERE + ": messages sent", 0L),
                Map.entry("peer 8 of " + WHERE + ": payload bytes sent", 0L));
            final PeerCounters read = new PeerCounters();
            assertThat(seven.readCounters(7, read)).isTrue();
            assertThat(read.messagesReceived()).isEqualTo(3);
            assertThat(read.bytesReceived()).isEqualTo(30);
            assertThat(read.messagesSent()).isEqualTo(1);
            assertThat(read.bytesSent()).isEqualTo(4);
            assertThat(read.lastSeenNanos()).isEqualTo(300);

            assertThat(registry.remove(7)).isTrue();
            assertThat(CounterValues.ofType(file.path(), CounterTypes.PEER)).as("the set of a peer that went is freed")
                .hasSize(4)
                .allSatisfy((label, value) -> assertThat(label).startsWith("peer 8 "));
            assertThat(seven.messagesReceived()).as("the recycled object counts from 0").isZero();

            final Peer nine = registry.add(9, Addr.parse("ipc:///tmp/nine"), 500);
            assertThat(pool.created()).as("the next peer reuses the set").isEqualTo(2);
            assertThat(nine.messagesReceived()).isZero();
            assertThat(CounterValues.ofType(file.path(), CounterTypes.PEER))
                .containsEntry("peer 9 of " + WHERE + " (ipc:///tmp/nine): messages received", 0L)
                .hasSize(8);

            registry.disconnectAll(600);
            assertThat(CounterValues.ofType(file.path(), CounterTypes.PEER)).isEmpty();
            assertThat(pool.idle()).isEqualTo(2);
            pool.close();
        }
    }

    @Test
    void shouldCountInThePeersOwnMemoryWhenTheFileIsFullOrThereIsNoPool() {
        try (CountersFile file = CountersFile.create(dir.resolve("full.counters"), 4)) {
            final CounterRecordsPool pool = PeerCounterRecords.newPool(file);
            final PeerRegistry registry = new PeerRegistry("full", 4).counters(pool, WHERE);
            final Peer inFile = registry.add(1, null, 0);
            final Peer outside = registry.add(2, null, 0);
            inFile.onReceived(5, 1);
            outside.onReceived(6, 1);
            outside.onReceived(6, 2);
            assertThat(CounterValues.ofType(file.path(), CounterTypes.PEER)).as("room for one set only").hasSize(4)
                .containsEntry("peer 1 of " + WHERE + ": payload bytes received", 5L);
            final PeerCounters read = new PeerCounters();
            assertThat(outside.readCounters(2, read)).isTrue();
            assertThat(read.messagesReceived()).isEqualTo(2);
            assertThat(read.bytesReceived()).isEqualTo(12);

            registry.counters(null, null);
            final Peer noPool = registry.add(3, null, 0);
            noPool.onSent(9, 1);
            assertThat(noPool.bytesSent()).isEqualTo(9);
            registry.disconnectAll(3);
            assertThat(CounterValues.ofType(file.path(), CounterTypes.PEER))
                .as("the set of the peer that had one, given back").isEmpty();
            final Peer again = registry.add(4, null, 0);
            assertThat(again.bytesSent()).as("own memory zeroed by the removal").isZero();
            pool.close();
        }
    }

    @Test
    void shouldRefuseAPoolWithoutALabelOrOfAnotherLayout() {
        try (CountersFile file = CountersFile.create(dir.resolve("refuse.counters"), 8)) {
            final PeerRegistry registry = new PeerRegistry("refuse", 1);
            final CounterRecordsPool pool = PeerCounterRecords.newPool(file);
            assertThatThrownBy(() -> registry.counters(pool, null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("PeerRegistry 'refuse'").hasMessageContaining("label null");
            final CounterRecordsPool other = new CounterRecordsPool(file, CounterTypes.PEER, new String[] {"one"});
            assertThatThrownBy(() -> registry.counters(other, WHERE)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sets of 1");
        }
    }
}
