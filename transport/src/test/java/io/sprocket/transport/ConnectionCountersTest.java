package io.sprocket.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sprocket.counters.CounterTypes;
import io.sprocket.counters.CountersFile;
import io.sprocket.message.Addr;
import io.sprocket.message.Waits;
import io.sprocket.counters.CounterValues;
import io.sprocket.registry.SpSocket;

/**
 * Each live connection has counters of its own in the counters file, labelled with its peer and
 * address (what {@code sprocket-perf stat} shows per connection), counting exactly what it carried,
 * and freed when the connection is done; so does each peer, in its engine's file.
 */
class ConnectionCountersTest {
    @TempDir
    Path dir;

    @Test
    void shouldShowEachDialingPeersTrafficInItsEnginesSetAndFreeItWhenThePeerGoes() throws Exception {
        try (CountersFile file = CountersFile.create(dir.resolve("peers.counters"), 256);
            Node a = new Node("pull", file)) {
            final SpSocket pull = a.socket(SpProtocol.PULL);
            final Listener l = a.transport.listen(pull, Addr.parse("tcp://127.0.0.1:0"));
            final String engine = a.ring.name();
            final Map<String, Long> live;
            try (Node b = new Node("push-b"); Node c = new Node("push-c")) {
                final SpSocket fromB = b.socket(SpProtocol.PUSH);
                final SpSocket fromC = c.socket(SpProtocol.PUSH);
                b.transport.dial(fromB, l.boundAddr());
                c.transport.dial(fromC, l.boundAddr());
                assertThat(b.transport.awaitReady(fromB, 1, Node.WAIT_NS)).isTrue();
                assertThat(c.transport.awaitReady(fromC, 1, Node.WAIT_NS)).isTrue();
                for (int i = 0; i < 5; i++) {
                    b.send(fromB, new byte[] {1, 2, 3, (byte)i});
                }
                for (int i = 0; i < 2; i++) {
                    c.send(fromC, new byte[10]);
                }
                a.collector.await(7, Node.WAIT_MS);
                Waits.await("both peers' messages counted", Node.WAIT_MS,
                    () -> CounterValues.ofType(file.path(), CounterTypes.PEER).values().stream()
                        .mapToLong(Long::longValue).sum() == 5 + 20 + 2 + 20);
                live = CounterValues.ofType(file.path(), CounterTypes.PEER);
            }
            assertThat(live).as("two peers, four counters each").hasSize(8);
            assertThat(live.keySet()).allSatisfy(label -> assertThat(label).startsWith("peer ")
                .contains(" of socket " + pull.id() + " '" + pull.name() + "' in " + engine + " (tcp://127.0.0.1:"));
            final Map<Long, Long> received = new LinkedHashMap<>();
            live.forEach((label, value) -> {
                if (label.endsWith("): messages received")) {
                    received.merge(value, 1L, Long::sum);
                }
            });
            assertThat(received).as("messages received: one peer 5, the other 2").containsOnly(
                Map.entry(5L, 1L), Map.entry(2L, 1L));
            assertThat(live.entrySet().stream().filter(e -> e.getKey().endsWith("payload bytes received"))
                .mapToLong(Map.Entry::getValue)).containsExactlyInAnyOrder(20L, 20L);
            assertThat(live.entrySet().stream().filter(e -> e.getKey().endsWith("sent"))
                .mapToLong(Map.Entry::getValue)).as("a PULL socket sends nothing").containsOnly(0L);
            Waits.await("each peer's set freed once it is gone", Node.WAIT_MS,
                () -> CounterValues.ofType(file.path(), CounterTypes.PEER).isEmpty());
        }
    }

    @Test
    void shouldCountEachConnectionOnItsOwnAndFreeItsRecordsWhenItIsDone() throws Exception {
        try (CountersFile file = CountersFile.create(dir.resolve("conn.counters"), 256);
            Node a = new Node("pull", Node.config(), b -> b.counters(file))) {
            final SpSocket pull = a.socket(SpProtocol.PULL);
            final Listener l = a.transport.listen(pull, Addr.parse("tcp://127.0.0.1:0"));
            final Map<String, Long> live;
            try (Node b = new Node("push")) {
                final SpSocket push = b.socket(SpProtocol.PUSH);
                b.transport.dial(push, l.boundAddr());
                assertThat(b.transport.awaitReady(push, 1, Node.WAIT_NS)).isTrue();
                for (int i = 0; i < 5; i++) {
                    b.send(push, new byte[] {1, 2, 3, (byte)i});
                }
                a.collector.await(5, Node.WAIT_MS);
                Waits.await("5 messages counted on the connection", Node.WAIT_MS,
                    () -> CounterValues.ofType(file.path(), CounterTypes.CONNECTION).entrySet().stream()
                        .anyMatch(e -> e.getKey().endsWith("messages received") && e.getValue() == 5));
                live = CounterValues.ofType(file.path(), CounterTypes.CONNECTION);
            }
            assertThat(live).hasSize(4);
            final String who = live.keySet().iterator().next();
            assertThat(who).startsWith("connection ").contains(" of " + a.ring.name() + " (peer ", "tcp://127.0.0.1:");
            assertThat(live.values()).containsExactly(5L, 20L, 0L, 0L);
            Waits.await("the connection's records freed once it is done", Node.WAIT_MS,
                () -> CounterValues.ofType(file.path(), CounterTypes.CONNECTION).isEmpty());
        }
    }
}
