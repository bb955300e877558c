package io.sprocket.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sprocket.message.Waits;
import io.sprocket.ring.MessageRing;
import io.sprocket.ring.RingStats;
import io.sprocket.ring.Rings;

class RingMetricsTest {
    private static double counter(final MeterRegistry registry, final String name, final String... tags) {
        return registry.get(name).tags(tags).functionCounter().count();
    }

    private static double gauge(final MeterRegistry registry, final String name, final String... tags) {
        return registry.get(name).tags(tags).gauge().value();
    }

    @Test
    void shouldFollowTheRingsCountsAsMessagesAreClaimedHandledAndRefused() {
        final Semaphore go = new Semaphore(0);
        final MessageRing ring = MessageRing.builder().name("metered").config(Rings.small(64)).ringSize(8)
            .handler((m, seq, eob) -> {
                if (!go.tryAcquire(30, TimeUnit.SECONDS)) {
                    throw new AssertionError("the test never let the handler go on");
                }
            })
            .build().start();
        final MeterRegistry registry = new SimpleMeterRegistry();
        new RingMetrics(ring).bindTo(registry);
        try {
            assertThat(counter(registry, "sprocket.ring.handled", "ring", "metered")).isZero();
            assertThat(gauge(registry, "sprocket.ring.size", "ring", "metered")).isEqualTo(8);

            for (int i = 0; i < 7; i++) {
                ring.publish(Rings.claim(ring, 8));
            }
            ring.cancel(Rings.claim(ring, 8));
            assertThat(ring.tryClaim(8)).isEqualTo(MessageRing.FULL);           // the handler holds every slot
            assertThat(counter(registry, "sprocket.ring.claimed", "ring", "metered")).isEqualTo(8);
            assertThat(counter(registry, "sprocket.ring.cancelled", "ring", "metered")).isEqualTo(1);
            assertThat(counter(registry, "sprocket.ring.rejected", "ring", "metered", "reason", "full")).isEqualTo(1);
            assertThat(counter(registry, "sprocket.ring.rejected", "ring", "metered", "reason", "closed")).isZero();
            assertThat(gauge(registry, "sprocket.ring.in.flight", "ring", "metered")).isEqualTo(8);
            assertThat(gauge(registry, "sprocket.ring.free", "ring", "metered")).isZero();

            go.release(Integer.MAX_VALUE / 2);
            Rings.awaitDrained(ring, new RingStats());
            assertThat(counter(registry, "sprocket.ring.handled", "ring", "metered")).isEqualTo(7);

            final int more = 1_000;
            for (int i = 0; i < more; i++) {
                ring.publish(Rings.claim(ring, i % 100 == 0 ? 200 : 8));     // every 100th longer than a slot
            }
            Waits.await("the ring handled every message", 30_000,
                () -> counter(registry, "sprocket.ring.handled", "ring", "metered") == 7 + more);
            Rings.awaitDrained(ring, new RingStats());
            assertThat(counter(registry, "sprocket.ring.claimed", "ring", "metered")).isEqualTo(8 + more);
            assertThat(counter(registry, "sprocket.ring.recycled", "ring", "metered")).isEqualTo(8 + more);
            assertThat(counter(registry, "sprocket.ring.oversized", "ring", "metered")).isEqualTo(10);
            assertThat(counter(registry, "sprocket.ring.handler.exceptions", "ring", "metered")).isZero();
            assertThat(gauge(registry, "sprocket.ring.in.flight", "ring", "metered")).isZero();
            assertThat(gauge(registry, "sprocket.ring.free", "ring", "metered")).isEqualTo(8);
        } finally {
            go.release(Integer.MAX_VALUE / 2);
            assertThat(ring.close(TimeUnit.SECONDS.toNanos(10))).isZero();
        }
        ring.tryClaim(8);                                                       // refused: closed
        assertThat(counter(registry, "sprocket.ring.rejected", "ring", "metered", "reason", "closed")).isEqualTo(1);
    }

    @Test
    void shouldDescribeEveryMeterWithItsUnitAndAddTheCallersTags() {
        final MessageRing ring = MessageRing.builder().name("described").config(Rings.small(64)).ringSize(8)
            .handler((m, seq, eob) -> { }).jmx(false).build();
        final MeterRegistry registry = new SimpleMeterRegistry();
        new RingMetrics(ring, Tags.of("service", "orders")).bindTo(registry);
        try {
            assertThat(registry.getMeters()).hasSize(12);
            for (final Meter meter : registry.getMeters()) {
                assertThat(meter.getId().getName()).startsWith("sprocket.ring.");
                assertThat(meter.getId().getDescription()).as(meter.getId().getName()).hasSizeGreaterThan(15);
                assertThat(meter.getId().getTag("ring")).isEqualTo("described");
                assertThat(meter.getId().getTag("service")).isEqualTo("orders");
            }
            final FunctionCounter handled = registry.get("sprocket.ring.handled").functionCounter();
            assertThat(handled.getId().getBaseUnit()).isEqualTo("messages");
            assertThat(registry.get("sprocket.ring.oversized.held").gauge().getId().getBaseUnit()).isEqualTo("bytes");
        } finally {
            ring.close(TimeUnit.SECONDS.toNanos(10));
        }
    }

    @Test
    void shouldRefuseNulls() {
        final MessageRing ring = MessageRing.builder().name("nulls").config(Rings.small(64)).ringSize(8)
            .handler((m, seq, eob) -> { }).jmx(false).build();
        try {
            assertThatThrownBy(() -> new RingMetrics(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ring");
            assertThatThrownBy(() -> new RingMetrics(ring, null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tags");
            assertThatThrownBy(() -> new RingMetrics(ring).bindTo(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("registry");
        } finally {
            ring.close(TimeUnit.SECONDS.toNanos(10));
        }
    }
}
