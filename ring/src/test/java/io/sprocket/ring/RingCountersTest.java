package io.sprocket.ring;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sprocket.counters.CounterTypes;
import io.sprocket.counters.CounterValues;
import io.sprocket.counters.CountersFile;

/**
 * A ring's counters live in its counters file while it runs (what {@code sprocket-perf stat} shows
 * from another process), agree with {@link RingStats}, and leave the file at the close while the
 * ring's statistics keep their values.
 */
class RingCountersTest {
    @TempDir
    Path dir;

    /** Label to value of every ring counter a reader of the file sees. */
    private static Map<String, Long> ringCounters(final Path file) {
        return CounterValues.ofType(file, CounterTypes.RING);
    }

    @Test
    void shouldCountInTheFileWhileRunningAndLeaveItAtTheClose() {
        try (CountersFile file = CountersFile.create(dir.resolve("ring.counters"), 64)) {
            final int[] seen = new int[1];
            final MessageRing ring = MessageRing.builder().name("counted").config(Rings.small(64)).ringSize(8).jmx(false)
                .counters(file).addReader("audit", (m, s, e) -> { })
                .errorListener((consumer, error, sequence, message, count) -> { })   // the failure is on purpose
                .handler((m, s, e) -> {
                    if (++seen[0] == 3) {
                        throw new IllegalStateException("the third");
                    }
                }).build().start();
            for (int i = 0; i < 10; i++) {
                ring.publish(Rings.claim(ring, 8));
            }
            ring.cancel(Rings.claim(ring, 8));
            final RingStats stats = new RingStats();
            Rings.awaitDrained(ring, stats);

            final Map<String, Long> live = ringCounters(file.path());
            assertThat(live).containsExactly(
                Map.entry("ring counted: claims refused, ring full", 0L),
                Map.entry("ring counted: claims cancelled", 1L),
                Map.entry("ring counted: oversized claims", 0L),
                Map.entry("ring counted: messages handled by engine", 10L),
                Map.entry("ring counted: exceptions thrown by engine's handler", 1L),
                Map.entry("ring counted: messages handled by audit", 10L),
                Map.entry("ring counted: exceptions thrown by audit's handler", 0L));
            assertThat(stats.handled()).isEqualTo(10);
            assertThat(stats.cancelled()).isEqualTo(1);
            assertThat(stats.handlerExceptions()).isEqualTo(1);

            assertThat(ring.close(TimeUnit.SECONDS.toNanos(10))).isZero();
            assertThat(ringCounters(file.path())).as("the ring's records are freed at its close").isEmpty();
            assertThat(file.path()).as("a file the ring was given stays the caller's").exists();
            ring.stats(stats);
            assertThat(stats.handled()).as("the statistics keep their values").isEqualTo(10);
            assertThat(stats.cancelled()).isEqualTo(1);
            assertThat(stats.handlerExceptions()).isEqualTo(1);
            assertThat(ring.tryClaim(8)).isEqualTo(MessageRing.CLOSED);
            assertThat(ring.stats(stats).closedRejections()).as("still counted after the close").isEqualTo(1);
        }
    }
}
