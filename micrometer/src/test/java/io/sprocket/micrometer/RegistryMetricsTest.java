package io.sprocket.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sprocket.engine.Engine;
import io.sprocket.message.Addr;
import io.sprocket.message.Waits;
import io.sprocket.registry.SpSocket;
import io.sprocket.ring.MessageRing;
import io.sprocket.ring.Rings;

class RegistryMetricsTest {
    private static final long WAIT_NS = TimeUnit.SECONDS.toNanos(30);

    @Test
    void shouldFollowSocketsPeersAndControlEvents() {
        final Engine engine = Engine.builder().name("registry-metered").config(Rings.small(64))
            .ring(MessageRing.builder().ringSize(64).errorListener((consumer, error, sequence, message, count) -> { }))
            .handler((m, seq, eob) -> { }).jmx(false).build().start();
        final MeterRegistry registry = new SimpleMeterRegistry();
        new RegistryMetrics(engine).bindTo(registry);
        try {
            assertThat(registry.getMeters()).hasSize(8)
                .allSatisfy(m -> assertThat(m.getId().getTag("ring")).isEqualTo("registry-metered"));
            final SpSocket socket = engine.control().newSocket("pull", 0x51);
            assertThat(engine.control().openSocket(socket, WAIT_NS)).isNotNegative();
            final long peer = engine.control().newPeerId();
            assertThat(engine.control().peerConnecting(socket, peer, Addr.tcp("10.0.0.1", 5555), WAIT_NS)).isNotNegative();
            assertThat(engine.control().peerConnecting(socket, peer, Addr.tcp("10.0.0.2", 5555), WAIT_NS))
                .as("the same peer id again: published, then refused by the engine").isNotNegative();

            Waits.await("the engine applied two events and refused one", 10_000,
                () -> registry.get("sprocket.registry.control.applied").functionCounter().count() == 2
                    && registry.get("sprocket.registry.control.refused").functionCounter().count() == 1);
            assertThat(registry.get("sprocket.registry.sockets").gauge().value()).isEqualTo(1);
            assertThat(registry.get("sprocket.registry.peers").gauge().value()).isEqualTo(1);
            assertThat(registry.get("sprocket.registry.connections").gauge().value()).isZero();
        } finally {
            assertThat(engine.close(TimeUnit.SECONDS.toNanos(10))).isZero();
        }
    }
}
