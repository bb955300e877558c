package io.sprocket.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;

import org.junit.jupiter.api.Test;

import io.sprocket.message.Addr;
import io.sprocket.registry.SpSocket;
import io.sprocket.ring.JmxChecks;
import io.sprocket.ring.RingStats;
import io.sprocket.ring.MessageRing;
import io.sprocket.ring.Rings;

class RegistryBeansTest {
    private static final long WAIT_NS = TimeUnit.SECONDS.toNanos(30);

    @Test
    void shouldDescribeEveryRegistryAttributeWithAUnitAndSnapshotThemAll() throws Exception {
        final Engine engine = Engine.builder().name("described-registry").config(Rings.small(64))
            .ring(MessageRing.builder().ringSize(64))
            .handler((m, seq, eob) -> { }).build().start();
        try {
            final ObjectName name = new ObjectName("io.sprocket:type=Registry,name=described-registry");
            assertThat(JmxChecks.assertEveryAttributeDescribed(name)).isEqualTo(RegistryFigures.class.getMethods().length + 1);

            final SpSocket socket = engine.control().newSocket("pull", 0x51);
            assertThat(engine.control().openSocket(socket, WAIT_NS)).isNotNegative();
            final long peer = engine.control().newPeerId();
            assertThat(engine.control().peerConnecting(socket, peer, Addr.tcp("10.0.0.1", 5555), WAIT_NS)).isNotNegative();
            Rings.awaitDrained(engine.ring(), new RingStats());
            Rings.await("the registry counts the socket and the peer", 10_000,
                () -> engine.registries().stats(new RegistryStats()).peers() == 1);

            final CompositeData snapshot = JmxChecks.snapshot(name);
            assertThat(snapshot.getCompositeType().keySet()).isEqualTo(Arrays.stream(RegistryFigures.class.getMethods())
                .map(m -> Character.toLowerCase(m.getName().charAt(3)) + m.getName().substring(4)).collect(Collectors.toSet()));
            assertThat(snapshot.get("sockets")).isEqualTo(1L);
            assertThat(snapshot.get("peers")).isEqualTo(1L);
            assertThat(snapshot.get("controlEvents")).isEqualTo(2L);
            assertThat(ManagementFactory.getPlatformMBeanServer().getAttribute(name, "ControlEvents")).isEqualTo(2L);
        } finally {
            assertThat(engine.close(TimeUnit.SECONDS.toNanos(10))).isZero();
        }
    }
}
