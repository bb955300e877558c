package io.sprocket.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sprocket.counters.CounterTypes;
import io.sprocket.counters.CounterValues;
import io.sprocket.counters.CountersFile;
import io.sprocket.message.Addr;
import io.sprocket.message.InfraConfig;
import io.sprocket.registry.SpSocket;
import io.sprocket.ring.MessageRing;
import io.sprocket.ring.Rings;

/**
 * An engine's registry figures live in its counters file while it runs, beside its ring's, agree
 * with {@link RegistryStats}, and leave the file when the engine stops, keeping their values.
 */
class EngineCountersTest {
    private static final long WAIT_NS = TimeUnit.SECONDS.toNanos(30);

    @TempDir
    Path dir;

    @Test
    void shouldCountRegistrationsInTheFileAndLeaveItWhenTheEngineStops() {
        try (CountersFile file = CountersFile.create(dir.resolve("engine.counters"), 64)) {
            final Engine engine = Engine.builder().name("counted-engine").config(Rings.small(64))
                .ring(MessageRing.builder().ringSize(64)).jmx(false)
                .counters(file).handler((m, s, e) -> { }).build().start();
            final SpSocket socket = engine.control().newSocket("s", 0x51);
            assertThat(engine.control().openSocket(socket, WAIT_NS)).isNotNegative();
            final long peer = engine.control().newPeerId();
            assertThat(engine.control().peerConnecting(socket, peer, Addr.tcp("10.0.0.1", 1), WAIT_NS)).isNotNegative();
            assertThat(engine.control().peerConnected(socket, peer, WAIT_NS)).isNotNegative();
            Rings.await("three events applied", 30_000,
                () -> engine.registries().stats(new RegistryStats()).controlEvents() == 3);

            final Map<String, Long> live = CounterValues.ofType(file.path(), CounterTypes.REGISTRY);
            assertThat(live).containsEntry("engine counted-engine: open sockets", 1L)
                .containsEntry("engine counted-engine: registered peers", 1L)
                .containsEntry("engine counted-engine: registered connections", 0L)
                .containsEntry("engine counted-engine: control events applied", 3L)
                .containsEntry("engine counted-engine: control events refused", 0L)
                .hasSize(8);
            assertThat(CounterValues.ofType(file.path(), CounterTypes.RING)).as("the ring's counters, in the same file")
                .containsKey("ring counted-engine: messages handled by engine");

            assertThat(engine.close(WAIT_NS)).isZero();
            assertThat(CounterValues.ofType(file.path(), CounterTypes.REGISTRY)).as("freed as the engine stopped")
                .isEmpty();
            assertThat(CounterValues.ofType(file.path(), CounterTypes.RING)).isEmpty();
            final RegistryStats after = engine.registries().stats(new RegistryStats());
            assertThat(after.controlEvents()).as("the figures keep their values").isEqualTo(3);
            assertThat(after.sockets()).as("every socket released as the engine stopped").isZero();
            assertThat(after.peers()).isZero();
        }
    }

    @Test
    void shouldFreeTheCountersOfAnEngineThatNeverStarted() {
        try (CountersFile file = CountersFile.create(dir.resolve("idle.counters"), 64)) {
            final Engine engine = Engine.builder().name("never-started").config(Rings.small(64))
                .ring(MessageRing.builder().ringSize(64)).jmx(false)
                .counters(file).handler((m, s, e) -> { }).build();
            assertThat(CounterValues.ofType(file.path(), CounterTypes.REGISTRY)).hasSize(8);
            engine.close(WAIT_NS);
            assertThat(CounterValues.ofType(file.path(), CounterTypes.REGISTRY)).isEmpty();
            assertThat(CounterValues.ofType(file.path(), CounterTypes.RING)).isEmpty();
        }
    }

    @Test
    void shouldFreeTheRegistryCountersWhenTheRingRefusesToBuild() {
        try (CountersFile file = CountersFile.create(dir.resolve("refused.counters"), 64)) {
            // 65 536 slots of 64 KiB do not fit one off-heap region: the ring's build refuses them.
            assertThatThrownBy(() -> Engine.builder().name("refused").jmx(false).counters(file)
                .config(InfraConfig.builder().bufferSizeBytes(1 << 16).build())
                .ring(MessageRing.builder().ringSize(1 << 16)).handler((m, s, e) -> { }).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("one off-heap region can hold");
            assertThat(CounterValues.ofType(file.path(), CounterTypes.REGISTRY)).isEmpty();
            assertThat(CounterValues.ofType(file.path(), CounterTypes.RING)).isEmpty();
        }
    }
}
