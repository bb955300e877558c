package io.sprocket.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sprocket.message.BufferPool;
import io.sprocket.message.InfraConfig;
import io.sprocket.message.Message;

class BufferPoolMetricsTest {
    private static double counter(final MeterRegistry registry, final String name) {
        return registry.get(name).tag("pool", "scratch").functionCounter().count();
    }

    private static double gauge(final MeterRegistry registry, final String name) {
        return registry.get(name).tag("pool", "scratch").gauge().value();
    }

    @Test
    void shouldFollowAcquiresReleasesAllocationsAndDrops() {
        final BufferPool pool = new BufferPool("scratch", InfraConfig.builder().maxPooledSizeBytes(1024).maxRetained(4)
            .build());
        final MeterRegistry registry = new SimpleMeterRegistry();
        new BufferPoolMetrics(pool).bindTo(registry);
        assertThat(registry.getMeters()).hasSize(7);
        assertThat(gauge(registry, "sprocket.pool.max.retained")).isEqualTo(4);

        final List<Message> held = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            held.add(pool.acquire(100));            // 6 new buffers: the free list is empty
        }
        held.add(pool.acquire(4096));               // oversized: a one-off buffer
        held.forEach(Message::release);             // 4 kept, 2 dropped, the one-off let go
        for (int i = 0; i < 10; i++) {
            pool.acquire(10).release();             // hits
        }

        assertThat(counter(registry, "sprocket.pool.acquired")).isEqualTo(17);
        assertThat(counter(registry, "sprocket.pool.released")).isEqualTo(17);
        assertThat(counter(registry, "sprocket.pool.allocated")).isEqualTo(7);
        assertThat(counter(registry, "sprocket.pool.oversized")).isEqualTo(1);
        assertThat(counter(registry, "sprocket.pool.dropped")).isEqualTo(2);
        assertThat(gauge(registry, "sprocket.pool.retained")).isEqualTo(4);
    }
}
