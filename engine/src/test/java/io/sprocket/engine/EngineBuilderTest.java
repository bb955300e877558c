package io.sprocket.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.sprocket.registry.ConnRegistry;
import io.sprocket.registry.PeerRegistry;
import io.sprocket.ring.MessageRing;
import io.sprocket.ring.Rings;

/**
 * The settings the engine owns (its registries' presized capacities) and the ring size it takes from
 * the ring builder it is given: defaults, bounds named in the refusal, and what a built engine has.
 */
class EngineBuilderTest {
    private static final long WAIT_NS = TimeUnit.SECONDS.toNanos(10);

    @Test
    void shouldRefuseCapacitiesOutOfRangeNamingTheBound() {
        final Engine.Builder b = Engine.builder();
        assertThatThrownBy(() -> b.initialPeerCapacity(0)).isInstanceOf(IllegalArgumentException.class)
            .hasMessage("initialPeerCapacity must be from 1 to 16777216, got 0");
        assertThatThrownBy(() -> b.initialPeerCapacity(PeerRegistry.MAX_INITIAL_CAPACITY + 1))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("initialPeerCapacity must be from 1 to 16777216, got 16777217");
        assertThatThrownBy(() -> b.initialConnCapacity(0)).isInstanceOf(IllegalArgumentException.class)
            .hasMessage("initialConnCapacity must be from 1 to 16777216, got 0");
        assertThatThrownBy(() -> b.initialConnCapacity(-5)).isInstanceOf(IllegalArgumentException.class)
            .hasMessage("initialConnCapacity must be from 1 to 16777216, got -5");
    }

    @Test
    void shouldPresizeTheRegistriesAsSet() {
        final Engine engine = Engine.builder().name("presized").jmx(false).config(Rings.small(64))
            .ring(MessageRing.builder().ringSize(32)).initialPeerCapacity(33).initialConnCapacity(17)
            .handler((m, s, e) -> { }).build();
        try {
            assertThat(engine.ring().ringSize()).isEqualTo(32);
            assertThat(engine.control().newSocket("s", 0x10).peers().initialCapacity()).isEqualTo(33);
            assertThat(engine.registries().connections().initialCapacity()).isEqualTo(17);
        } finally {
            engine.close(WAIT_NS);
        }
    }

    @Test
    void shouldUseTheDefaultsWhenNothingIsSet() {
        final Engine engine = Engine.builder().name("defaults").jmx(false).config(Rings.small(64))
            .handler((m, s, e) -> { }).build();
        try {
            assertThat(engine.ring().ringSize()).isEqualTo(MessageRing.DEFAULT_RING_SIZE).isEqualTo(1024);
            assertThat(engine.control().newSocket("s", 0x10).peers().initialCapacity())
                .isEqualTo(PeerRegistry.DEFAULT_INITIAL_CAPACITY).isEqualTo(16);
            assertThat(engine.registries().connections().initialCapacity())
                .isEqualTo(ConnRegistry.DEFAULT_INITIAL_CAPACITY).isEqualTo(16);
        } finally {
            engine.close(WAIT_NS);
        }
    }
}
