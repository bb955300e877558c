package io.sprocket.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sprocket.counters.CounterTypes;
import io.sprocket.counters.CounterValues;
import io.sprocket.counters.CountersFile;
import io.sprocket.message.Addr;
import io.sprocket.message.Message;
import io.sprocket.registry.PeerCounters;
import io.sprocket.registry.SpSocket;
import io.sprocket.ring.MessageRing;
import io.sprocket.ring.RingStats;
import io.sprocket.ring.Rings;

/**
 * Each peer an engine registers has a set of counters in the counters file, labelled with its id,
 * socket and address: a reader of the file from outside (what {@code sprocket-perf stat} does) sees
 * exactly the messages and bytes the engine counted for it, the figures {@link PeerCounters} gives,
 * and the set is freed when the peer goes.
 */
class PeerCountersTest {
    private static final long WAIT_NS = TimeUnit.SECONDS.toNanos(30);

    @TempDir
    Path dir;

    /** Label to value of every peer counter a reader of the file sees. */
    private static Map<String, Long> peerCounters(final Path file) {
        return CounterValues.ofType(file, CounterTypes.PEER);
    }

    private static void send(final MessageRing ring, final long peerId, final int length) {
        final long seq = Rings.claim(ring, length);
        final Message m = ring.message(seq);
        m.peerId(peerId);
        m.length(length);
        ring.publish(seq);
    }

    @Test
    void shouldShowEachPeersTrafficInTheFileAndFreeItsSetWhenThePeerGoes() {
        try (CountersFile file = CountersFile.create(dir.resolve("peers.counters"), 256)) {
            final Engine[] self = new Engine[1];
            // The handler answers each message with a reply of twice its length, counted as sent.
            final Engine engine = Engine.builder().name("peer-counted").config(Rings.small(64))
                .ring(io.sprocket.ring.MessageRing.builder().ringSize(64)).jmx(false)
                .counters(file)
                .handler((m, s, e) -> self[0].registries().recordSent(m.peerId(), 2 * m.length()))
                .build();
            self[0] = engine;
            engine.start();
            try {
                final SpSocket socket = engine.control().newSocket("pull", 0x51);
                assertThat(engine.control().openSocket(socket, WAIT_NS)).isNotNegative();
                final long a = engine.control().newPeerId();
                final long b = engine.control().newPeerId();
                assertThat(engine.control().peerConnecting(socket, a, Addr.tcp("10.0.0.1", 5555), WAIT_NS)).isNotNegative();
                assertThat(engine.control().peerConnecting(socket, b, Addr.tcp("10.0.0.2", 6666), WAIT_NS)).isNotNegative();
                for (int i = 1; i <= 5; i++) {
                    send(engine.ring(), a, i);          // 5 messages, 15 bytes
                }
                for (int i = 0; i < 3; i++) {
                    send(engine.ring(), b, 8);          // 3 messages, 24 bytes
                }
                Rings.awaitDrained(engine.ring(), new RingStats());

                final String whoA = "peer " + a + " of socket " + socket.id() + " 'pull' in peer-counted (tcp://10.0.0.1:5555): ";
                final String whoB = "peer " + b + " of socket " + socket.id() + " 'pull' in peer-counted (tcp://10.0.0.2:6666): ";
                assertThat(peerCounters(file.path())).containsExactly(
                    Map.entry(whoA + "messages received", 5L), Map.entry(whoA + "payload bytes received", 15L),
                    Map.entry(whoA + "messages sent", 5L), Map.entry(whoA + "payload bytes sent", 30L),
                    Map.entry(whoB + "messages received", 3L), Map.entry(whoB + "payload bytes received", 24L),
                    Map.entry(whoB + "messages sent", 3L), Map.entry(whoB + "payload bytes sent", 48L));
                final PeerCounters read = new PeerCounters();
                assertThat(engine.registries().snapshot().readCounters(b, read)).isTrue();
                assertThat(read.messagesReceived()).as("the same figures through the registry").isEqualTo(3);
                assertThat(read.bytesReceived()).isEqualTo(24);
                assertThat(read.messagesSent()).isEqualTo(3);
                assertThat(read.bytesSent()).isEqualTo(48);

                assertThat(engine.control().peerDisconnected(socket, a, WAIT_NS)).isNotNegative();
                Rings.awaitDrained(engine.ring(), new RingStats());
                assertThat(peerCounters(file.path())).as("the set of the peer that went is freed").containsOnlyKeys(
                    whoB + "messages received", whoB + "payload bytes received", whoB + "messages sent",
                    whoB + "payload bytes sent");

                final long c = engine.control().newPeerId();
                assertThat(engine.control().peerConnecting(socket, c, null, WAIT_NS)).isNotNegative();
                send(engine.ring(), c, 4);
                Rings.awaitDrained(engine.ring(), new RingStats());
                assertThat(peerCounters(file.path())).as("a new peer starts from 0 in a set of its own")
                    .containsEntry("peer " + c + " of socket " + socket.id() + " 'pull' in peer-counted: messages received", 1L)
                    .containsEntry("peer " + c + " of socket " + socket.id() + " 'pull' in peer-counted: payload bytes received", 4L)
                    .hasSize(8);
            } finally {
                assertThat(engine.close(WAIT_NS)).isZero();
            }
            assertThat(peerCounters(file.path())).as("every set freed as the engine stopped").isEmpty();
        }
    }
}
