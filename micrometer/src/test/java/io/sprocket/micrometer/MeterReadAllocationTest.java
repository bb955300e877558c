package io.sprocket.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sprocket.engine.Engine;
import io.sprocket.message.AllocationMeter;
import io.sprocket.ring.MessageRing;
import io.sprocket.ring.Rings;
import io.sprocket.transport.Transport;

/** Reading every Sprocket meter (what a scrape does, before the registry formats anything) allocates nothing. */
@Tag("alloc")
class MeterReadAllocationTest {
    private static final int READS = 20_000;

    private double sum;

    @Test
    void shouldReadEveryMeterWithoutAllocating() {
        final Engine engine = Engine.builder().name("alloc-metered").config(Rings.small(64))
            .ring(MessageRing.builder().ringSize(64))
            .handler((m, seq, eob) -> { }).jmx(false).build().start();
        final Transport transport = Transport.builder(engine).build();
        final MeterRegistry registry = new SimpleMeterRegistry();
        new RingMetrics(engine.ring()).bindTo(registry);
        new BufferPoolMetrics(engine.ring().clonePool()).bindTo(registry);
        new RegistryMetrics(engine).bindTo(registry);
        new TransportMetrics(transport).bindTo(registry);
        try {
            final Meter[] meters = registry.getMeters().toArray(new Meter[0]);
            assertThat(meters).hasSize(12 + 7 + 8 + 26);
            final Runnable window = () -> {
                for (int i = 0; i < READS; i++) {
                    for (final Meter meter : meters) {
                        if (meter instanceof FunctionCounter) {
                            sum += ((FunctionCounter)meter).count();
                        } else {
                            sum += ((Gauge)meter).value();
                        }
                    }
                }
            };
            window.run();                                    // warm-up
            final long[] bytes = AllocationMeter.steadyState(window, 10);
            assertThat(bytes[0]).as("bytes allocated reading %d meters %d times", meters.length, READS).isZero();
            assertThat(sum).isNotNaN();
        } finally {
            transport.close();
            assertThat(engine.close(TimeUnit.SECONDS.toNanos(10))).isZero();
        }
    }
}
