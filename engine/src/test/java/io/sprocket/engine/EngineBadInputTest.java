package io.sprocket.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.sprocket.message.InfraConfig;
import io.sprocket.registry.Connection;
import io.sprocket.registry.SpSocket;
import io.sprocket.registry.TestConnections;
import io.sprocket.ring.MessageRing;
import io.sprocket.ring.RingStats;

/**
 * The engine's control events against bad input: a clear exception or result code each, before any
 * slot is claimed, and the ring still works afterwards. Rows of docs/RELIABILITY.md.
 */
class EngineBadInputTest {
    private static final long WAIT_NS = TimeUnit.SECONDS.toNanos(10);

    private static Engine started(final String name) {
        return Engine.builder().name(name)
            .config(InfraConfig.builder().bufferSizeBytes(64).maxMessageSizeBytes(256).build())
            .ring(MessageRing.builder().ringSize(8))
            .handler((m, s, e) -> { }).build().start();
    }

    @Test
    void shouldAnswerClosedToEveryControlEventOnAClosedEngine() {
        final Engine engine = started("bad-closed");
        final SpSocket socket = engine.control().newSocket("s", 0x10);
        assertThat(engine.close(WAIT_NS)).isZero();
        assertThat(engine.control().openSocket(socket, 0)).isEqualTo(MessageRing.CLOSED);
        assertThat(engine.control().peerConnecting(socket, 1, null, 0)).isEqualTo(MessageRing.CLOSED);
        assertThat(engine.control().connectionClosed(1, 0)).isEqualTo(MessageRing.CLOSED);
        assertThat(engine.ring().stats(new RingStats()).closedRejections()).isEqualTo(3);
    }

    @Test
    void shouldRefuseBadControlArgumentsBeforeClaimingASlot() {
        final Engine engine = started("bad-control-args");
        final MessageRing ring = engine.ring();
        try {
            final Control c = engine.control();
            final SpSocket socket = c.newSocket("s", 0x51);
            final Connection conn = TestConnections.noOp();
            assertThatThrownBy(() -> c.openSocket(null, WAIT_NS)).hasMessage("socket must not be null");
            assertThatThrownBy(() -> c.peerConnecting(socket, 0, null, WAIT_NS)).hasMessage("peerId must be 1 or more, got 0");
            assertThatThrownBy(() -> c.peerDisconnected(socket, -3, WAIT_NS)).hasMessage("peerId must be 1 or more, got -3");
            assertThatThrownBy(() -> c.connectionOpened(socket, 1, 0, null, 16, WAIT_NS)).hasMessage("connection must not be null");
            assertThatThrownBy(() -> c.connectionOpened(socket, 1, -1, conn, 16, WAIT_NS))
                .hasMessageContaining("peerId must be 0 (unknown) or more");
            assertThatThrownBy(() -> c.connectionOpened(socket, 1, 0, conn, 12, WAIT_NS))
                .hasMessageContaining("outboundCapacity must be a power of two");
            assertThatThrownBy(() -> c.connectionOpened(socket, 0, 0, conn, 16, WAIT_NS))
                .hasMessageContaining("connId must be 1 or more");
            assertThatThrownBy(() -> c.connectionClosed(1, -1)).hasMessageContaining("timeoutNs must be 0 or more");
            assertThatThrownBy(() -> c.newSocket(null, 0x10)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> c.newSocket("s", 0x10000)).isInstanceOf(IllegalArgumentException.class);
            assertThat(ring.stats(new RingStats()).claims()).as("no slot was claimed for a refused event").isZero();
            Engines.assertStillWorks(ring);
        } finally {
            assertThat(engine.close(WAIT_NS)).isZero();
        }
    }
}
