package io.sprocket.message;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sprocket.counters.CounterTypes;
import io.sprocket.counters.CounterValues;
import io.sprocket.counters.CountersFile;

/**
 * A pool's counters live in its counters file until it closes (what {@code sprocket-perf stat}
 * shows from another process), agree with its {@link PoolStats}, and keep their values after.
 */
class BufferPoolCountersTest {
    @TempDir
    Path dir;

    /** Label to value of every pool counter a reader of the file sees. */
    private static Map<String, Long> poolCounters(final Path file) {
        return CounterValues.ofType(file, CounterTypes.POOL);
    }

    @Test
    void shouldCountInTheFileUntilTheCloseAndKeepTheValues() {
        final InfraConfig config = InfraConfig.builder().bufferSizeBytes(64).maxPooledSizeBytes(64).maxRetained(2).build();
        try (CountersFile file = CountersFile.create(dir.resolve("pool.counters"), 16)) {
            final BufferPool pool = new BufferPool("counted", config, file);
            final Message a = pool.acquire(10);
            final Message b = pool.acquire(10);
            final Message c = pool.acquire(10);
            final Message big = pool.acquire(1000);
            a.release();
            b.release();
            c.release();      // the free list holds 2: this one is dropped
            big.release();    // a one-off buffer goes back to nobody
            assertThat(poolCounters(file.path())).containsExactly(
                Map.entry("pool counted: buffers allocated (pool misses and oversized)", 4L),
                Map.entry("pool counted: oversized acquires (one-off buffers)", 1L),
                Map.entry("pool counted: releases dropped, pool full", 1L),
                Map.entry("pool counted: one-off buffers returned", 1L),
                Map.entry("pool counted: buffers trimmed", 0L));
            final PoolStats stats = pool.stats(new PoolStats());
            assertThat(stats.buffersAllocated()).isEqualTo(4);
            assertThat(stats.dropped()).isEqualTo(1);
            assertThat(stats.oversized()).isEqualTo(1);

            final Message kept = pool.acquire(10);   // from the free list
            pool.close();                            // trims the one left
            assertThat(poolCounters(file.path())).as("the pool's records are freed at its close").isEmpty();
            kept.release();                          // still works, counted on the heap
            pool.stats(stats);
            assertThat(stats.buffersAllocated()).as("values kept").isEqualTo(4);
            assertThat(stats.dropped()).isEqualTo(1);
            assertThat(stats.acquires()).isEqualTo(5);
            assertThat(stats.releases()).isEqualTo(5);
            pool.acquire(1000).release();
            assertThat(pool.stats(stats).oversized()).as("counted after the close too").isEqualTo(2);
        }
    }
}
