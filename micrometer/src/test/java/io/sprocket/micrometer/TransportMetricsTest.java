package io.sprocket.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sprocket.engine.Engine;
import io.sprocket.message.Addr;
import io.sprocket.message.Message;
import io.sprocket.message.Waits;
import io.sprocket.registry.SpSocket;
import io.sprocket.transport.Listener;
import io.sprocket.transport.SpProtocol;
import io.sprocket.transport.Transport;

class TransportMetricsTest {
    private static final long WAIT_NS = TimeUnit.SECONDS.toNanos(30);

    private static double counter(final MeterRegistry registry, final String name, final String... tags) {
        return registry.get(name).tag("ring", "wire").tags(tags).functionCounter().count();
    }

    @Test
    void shouldFollowConnectionsAndMessagesInAndOut() throws Exception {
        final AtomicLong handled = new AtomicLong();
        final Engine engine = Engine.builder().name("wire").handler((m, seq, eob) -> handled.incrementAndGet())
            .jmx(false).build().start();
        final Transport transport = Transport.builder(engine).build();
        final MeterRegistry registry = new SimpleMeterRegistry();
        new TransportMetrics(transport).bindTo(registry);
        try {
            assertThat(registry.getMeters()).as("one meter per figure of TransportStats").hasSize(26);
            assertThat(registry.find("sprocket.transport.dropped").functionCounters()).hasSize(9);
            final SpSocket pull = transport.openSocket("in", SpProtocol.PULL);
            final Listener listener = transport.listen(pull, Addr.parse("tcp://127.0.0.1:0"));
            final SpSocket push = transport.openSocket("out", SpProtocol.PUSH);
            transport.dial(push, listener.boundAddr());
            assertThat(transport.awaitReady(push, 1, WAIT_NS)).isTrue();

            final byte[] hello = "hello".getBytes(StandardCharsets.US_ASCII);
            final int count = 100;
            for (int i = 0; i < count; i++) {
                final Message m = engine.ring().clonePool().acquire(hello.length).putPayload(hello, 0, hello.length);
                final long deadline = System.nanoTime() + WAIT_NS;
                while (!transport.send(push, m)) {
                    assertThat(System.nanoTime() - deadline).as("the send queue made room within 30 s").isNegative();
                    Thread.sleep(1);
                }
            }
            Waits.await("every message received and counted", 30_000,
                () -> counter(registry, "sprocket.transport.received") == count && handled.get() == count
                    && counter(registry, "sprocket.transport.received.payload") == count * hello.length
                    && counter(registry, "sprocket.transport.sent") == count);
            assertThat(counter(registry, "sprocket.transport.sent")).isEqualTo(count);
            assertThat(counter(registry, "sprocket.transport.received.payload")).isEqualTo(count * hello.length);
            assertThat(counter(registry, "sprocket.transport.accepted")).isEqualTo(1);
            assertThat(counter(registry, "sprocket.transport.dialed")).isEqualTo(1);
            Waits.await("both ends' handshakes counted", 30_000,
                () -> counter(registry, "sprocket.transport.handshakes") == 2);
            assertThat(registry.get("sprocket.transport.open").tag("ring", "wire").gauge().value()).isEqualTo(2);
            assertThat(counter(registry, "sprocket.transport.dropped", "reason", "bad_header")).isZero();
            assertThat(counter(registry, "sprocket.transport.io.faults")).isZero();
        } finally {
            transport.close();
            assertThat(engine.close(TimeUnit.SECONDS.toNanos(10))).isZero();
        }
        assertThat(registry.get("sprocket.transport.open").tag("ring", "wire").gauge().value()).isZero();
        assertThat(counter(registry, "sprocket.transport.closed")).isEqualTo(2);
    }
}
