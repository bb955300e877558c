package io.sprocket.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sprocket.counters.CounterTypes;
import io.sprocket.counters.CountersFile;
import io.sprocket.counters.CountersFileReader;
import io.sprocket.message.Addr;
import io.sprocket.message.Waits;
import io.sprocket.registry.SpSocket;

/**
 * Each live connection has counters of its own in the counters file, labelled with its peer and
 * address (what {@code sprocket-perf stat} shows per connection), counting exactly what it carried,
 * and freed when the connection is done.
 */
class ConnectionCountersTest {
    @TempDir
    Path dir;

    private static Map<String, Long> connectionCounters(final Path file) {
        final Map<String, Long> found = new LinkedHashMap<>();
        try (CountersFileReader reader = CountersFileReader.open(file)) {
            reader.counters().forEach((id, type, key, label) -> {
                if (type == CounterTypes.CONNECTION) {
                    found.put(label, reader.counters().getCounterValue(id));
                }
            });
        }
        return found;
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
                Waits.await("5 messages counted on the connection", Node.WAIT_MS, () -> connectionCounters(file.path())
                    .entrySet().stream().anyMatch(e -> e.getKey().endsWith("messages received") && e.getValue() == 5));
                live = connectionCounters(file.path());
            }
            assertThat(live).hasSize(4);
            final String who = live.keySet().iterator().next();
            assertThat(who).startsWith("connection ").contains(" of " + a.ring.name() + " (peer ", "tcp://127.0.0.1:");
            assertThat(live.values()).containsExactly(5L, 20L, 0L, 0L);
            Waits.await("the connection's records freed once it is done", Node.WAIT_MS,
                () -> connectionCounters(file.path()).isEmpty());
        }
    }
}
