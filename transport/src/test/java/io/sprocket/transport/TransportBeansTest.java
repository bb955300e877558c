package io.sprocket.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.management.ManagementFactory;
import java.util.concurrent.TimeUnit;

import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;

import org.junit.jupiter.api.Test;

import io.sprocket.engine.Engine;
import io.sprocket.message.Addr;
import io.sprocket.message.Waits;
import io.sprocket.registry.SpSocket;

/**
 * A transport on an engine that registers its MXBeans registers its own, every attribute described
 * and with a unit, reading the live figures, and unregisters it at its close.
 */
class TransportBeansTest {
    @Test
    void shouldShowTheTransportsFiguresInJmxWhileItRuns() throws Exception {
        final MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        final ObjectName name = new ObjectName("io.sprocket:type=Transport,name=beans-rx");
        final Collector collector = new Collector();
        final Engine rx = Engine.builder().name("beans-rx").config(Node.config())
            .ring(Node.ring()).handler(collector).build().start();
        final Engine tx = Engine.builder().name("beans-tx").config(Node.config()).ring(Node.ring()).jmx(false)
            .handler((m, s, e) -> { })
            .build().start();
        final Transport receiver = Transport.builder(rx).build();
        final Transport sender = Transport.builder(tx).build();
        try {
            assertThat(server.isRegistered(name)).isTrue();
            assertThat(server.isRegistered(new ObjectName("io.sprocket:type=Transport,name=beans-tx")))
                .as("not when the engine registers no beans").isFalse();
            for (final MBeanAttributeInfo a : server.getMBeanInfo(name).getAttributes()) {
                assertThat(a.getDescription()).as(a.getName()).isNotBlank().isNotEqualTo(a.getName());
                assertThat(a.getDescriptor().getFieldValue("units")).as(a.getName() + " units").isNotNull();
            }
            assertThat(server.getMBeanInfo(name).getAttributes()).extracting(MBeanAttributeInfo::getName)
                .contains("FramesIn", "BytesOut", "Connections", "RefusedByEngine", "Snapshot");

            final SpSocket pull = receiver.openSocket("pull", SpProtocol.PULL);
            final SpSocket push = sender.openSocket("push", SpProtocol.PUSH);
            final Listener l = receiver.listen(pull, Addr.parse("tcp://127.0.0.1:0"));
            sender.dial(push, l.boundAddr());
            assertThat(sender.awaitReady(push, 1, Node.WAIT_NS)).isTrue();
            for (int i = 0; i < 7; i++) {
                final byte[] p = {(byte)i, 1, 2};
                final io.sprocket.message.Message m = tx.ring().clonePool().acquire(3).putPayload(p, 0, 3);
                Waits.await("room to send", Node.WAIT_MS, () -> sender.send(push, m));
            }
            collector.await(7, Node.WAIT_MS);
            Waits.await("7 frames counted in", Node.WAIT_MS,
                () -> receiver.stats(new TransportStats()).framesIn() == 7);
            assertThat(server.getAttribute(name, "FramesIn")).isEqualTo(7L);
            assertThat(server.getAttribute(name, "BytesIn")).isEqualTo(21L);
            assertThat(server.getAttribute(name, "Connections")).isEqualTo(1L);
            final CompositeData snapshot = (CompositeData)server.getAttribute(name, "Snapshot");
            assertThat(snapshot.get("framesIn")).isEqualTo(7L);
            assertThat(snapshot.get("handshakes")).isEqualTo(1L);

            assertThatThrownBy(() -> Transport.builder(rx).build()).as("a second transport under the same name")
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("already registered with JMX");
        } finally {
            sender.close();
            receiver.close();
            tx.close(TimeUnit.SECONDS.toNanos(5));
            rx.close(TimeUnit.SECONDS.toNanos(5));
        }
        assertThat(server.isRegistered(name)).as("unregistered by the close").isFalse();
    }
}
