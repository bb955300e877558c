package io.sprocket.message;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A warm pool under contention: N threads, each holding at most {@link #HELD} messages at a time,
 * with {@code maxRetained} at least N x HELD. The free list's races (a poll that meets a half-done
 * offer, an offer that meets a half-done poll) must not turn into allocations or drops: after the
 * warm-up, a million cycles per thread make no new message, and no thread allocates a byte.
 * Counts, not times; runs in the C1-only allocation JVM.
 */
@Tag("alloc")
class BufferPoolContentionTest {
    private static final int HELD = 2;
    private static final int CYCLES = 1_000_000;
    private static final long WAIT_MS = TimeUnit.SECONDS.toMillis(120);

    @ParameterizedTest(name = "{0} threads")
    @ValueSource(ints = {2, 4, 8})
    void shouldMakeNoNewMessageAndAllocateNothingOnceWarm(final int threads) throws Exception {
        final int warm = threads * HELD;
        final BufferPool pool = new BufferPool("contended-" + threads, InfraConfig.builder()
            .maxPooledSizeBytes(64).headerCapacityBytes(8).maxRetained(Integer.highestOneBit(warm * 2 - 1)).build());
        final Message[] prefill = new Message[warm];
        for (int i = 0; i < warm; i++) {
            prefill[i] = pool.acquire(64);
        }
        for (final Message m : prefill) {
            m.release();
        }
        final long allocatedAfterWarmUp = pool.stats(new PoolStats()).buffersAllocated();
        assertThat(allocatedAfterWarmUp).isEqualTo(warm);

        final AtomicLongArray allocated = new AtomicLongArray(threads);
        final AtomicReferenceArray<Throwable> failures = new AtomicReferenceArray<>(threads);
        final AtomicInteger ready = new AtomicInteger();
        final Thread[] workers = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            final int id = t;
            workers[t] = new Thread(() -> {
                try {
                    final Message[] mine = new Message[HELD];
                    cycle(pool, mine, 10_000, id);   // the interpreter's and C1's first runs, unmeasured
                    ready.incrementAndGet();
                    while (ready.get() < threads) {
                        Thread.yield();
                    }
                    final long before = AllocationMeter.current();
                    cycle(pool, mine, CYCLES, id);
                    final long after = AllocationMeter.current();
                    allocated.set(id, after - before);
                } catch (final Throwable e) {
                    failures.set(id, e);
                }
            }, "pool-contender-" + t);
            workers[t].start();
        }
        for (final Thread w : workers) {
            w.join(WAIT_MS);
            assertThat(w.isAlive()).as(w.getName() + " finished within the safety bound").isFalse();
        }
        for (int t = 0; t < threads; t++) {
            assertThat(failures.get(t)).as("thread " + t).isNull();
        }
        final PoolStats stats = pool.stats(new PoolStats());
        assertThat(stats.buffersAllocated()).as("messages made after the warm-up, %d threads", threads).isEqualTo(allocatedAfterWarmUp);
        assertThat(stats.dropped()).as("releases the free list refused").isZero();
        assertThat(stats.retained()).isEqualTo(warm);
        for (int t = 0; t < threads; t++) {
            assertThat(allocated.get(t)).as("bytes thread %d allocated over %d cycles", t, CYCLES).isZero();
        }
    }

    private static void cycle(final BufferPool pool, final Message[] mine, final int cycles, final int id) {
        for (int i = 0; i < cycles; i++) {
            for (int k = 0; k < mine.length; k++) {
                final Message m = pool.acquire(64);
                m.buffer().putInt(0, id);
                mine[k] = m;
            }
            for (int k = 0; k < mine.length; k++) {
                if (mine[k].buffer().getInt(0) != id) {
                    throw new AssertionError("another thread wrote into " + mine[k]);
                }
                mine[k].release();
                mine[k] = null;
            }
        }
    }
}
