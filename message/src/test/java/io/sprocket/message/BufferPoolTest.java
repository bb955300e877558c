package io.sprocket.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

class BufferPoolTest {
    private static InfraConfig small(final int maxRetained) {
        return InfraConfig.builder().maxPooledSizeBytes(1024).maxRetained(maxRetained).headerCapacityBytes(16).build();
    }

    @Test
    void shouldServeAcquireAndReuseAReleasedMessage() {
        final BufferPool pool = new BufferPool("basics", small(4));
        final Message m = pool.acquire(100);
        assertThat(m.length()).isEqualTo(100);
        assertThat(m.capacity()).isGreaterThanOrEqualTo(1024);
        assertThat(m.headerLength()).isZero();
        assertThat(m.peerId()).isZero();
        m.buffer().putLong(0, 42L);
        m.release();

        final Message again = pool.acquire(10);
        assertThat(again).isSameAs(m);
        assertThat(again.length()).isEqualTo(10);
        assertThat(again.generation()).isEqualTo(2);
        final PoolStats s = pool.stats(new PoolStats());
        assertThat(s.acquires()).isEqualTo(2);
        assertThat(s.releases()).isEqualTo(1);
        assertThat(s.buffersAllocated()).isEqualTo(1);
        assertThat(s.hits()).isEqualTo(1);
        assertThat(s.retained()).isZero();
    }

    @Test
    void shouldKeepStatsExactAfterAScriptedSequence() {
        final BufferPool pool = new BufferPool("script", small(2));
        final Message a = pool.acquire(10);      // new
        final Message b = pool.acquire(1024);    // new (exactly the pooled size)
        final Message c = pool.acquire(1025);    // oversized
        final Message d = pool.acquire(0);       // new
        a.release();                             // retained 1
        b.release();                             // retained 2
        d.release();                             // dropped: full
        c.release();                             // oversized: not pooled
        final Message e = pool.acquire(5);       // hit
        pool.release(null);                      // no-op

        final PoolStats s = pool.stats(new PoolStats());
        assertThat(s.acquires()).isEqualTo(5);
        assertThat(s.buffersAllocated()).isEqualTo(4);
        assertThat(s.oversized()).isEqualTo(1);
        assertThat(s.releases()).isEqualTo(4);
        assertThat(s.dropped()).isEqualTo(1);
        assertThat(s.retained()).isEqualTo(1);
        assertThat(s.maxRetained()).isEqualTo(2);
        assertThat(s.hitRate()).isEqualTo(1.0 / 5);
        assertThat(e).isIn(a, b);
        assertThatThrownBy(c::capacity).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void shouldServeOversizedRequestsWithAOneOffBuffer() {
        final BufferPool pool = new BufferPool("big", small(4));
        final Message big = pool.acquire(10_000);
        assertThat(big.capacity()).isGreaterThanOrEqualTo(10_000);
        big.buffer().putByte(9_999, (byte)7);
        assertThat(big.buffer().getByte(9_999)).isEqualTo((byte)7);
        big.release();
        final PoolStats s = pool.stats(new PoolStats());
        assertThat(s.oversized()).isEqualTo(1);
        assertThat(s.buffersAllocated()).isEqualTo(1);
        assertThat(s.retained()).isZero();
        assertThat(pool.acquire(10_000)).isNotSameAs(big);
    }

    @Test
    void shouldRejectBadSizesAndForeignMessages() {
        final BufferPool pool = new BufferPool("mine", small(4));
        final BufferPool other = new BufferPool("theirs", small(4));
        assertThatThrownBy(() -> pool.acquire(-1)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("acquire size -1 must be from 0 to 1073741824");
        final Message foreign = other.acquire(1);
        assertThatThrownBy(() -> pool.release(foreign)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("does not belong to pool 'mine'");
        assertThat(pool.stats(new PoolStats()).releases()).isZero();
        foreign.release();
        assertThatThrownBy(() -> new BufferPool("", small(1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BufferPool("x", null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldRetainAtMostTheBoundUnderABurst() {
        final int maxRetained = 8;
        final BufferPool pool = new BufferPool("burst", small(maxRetained));
        final List<Message> held = new ArrayList<>();
        for (int i = 0; i < 10 * maxRetained; i++) {
            held.add(pool.acquire(64));
        }
        for (final Message m : held) {
            m.release();
        }
        final PoolStats s = pool.stats(new PoolStats());
        assertThat(s.retained()).isEqualTo(maxRetained);
        assertThat(s.dropped()).isEqualTo(9L * maxRetained);
        assertThat(s.releases()).isEqualTo(10L * maxRetained);

        final IdentityHashMap<Message, Boolean> reused = new IdentityHashMap<>();
        for (int i = 0; i < maxRetained; i++) {
            reused.put(pool.acquire(64), Boolean.TRUE);
        }
        assertThat(reused).hasSize(maxRetained);
        assertThat(pool.stats(new PoolStats()).buffersAllocated()).isEqualTo(10L * maxRetained);
        pool.acquire(64);
        assertThat(pool.stats(new PoolStats()).buffersAllocated()).isEqualTo(10L * maxRetained + 1);
    }

    @Test
    void shouldKeepPutsAtMostGetsWithinOneSnapshotWhileThreadsAcquireAndRelease() throws Exception {
        final BufferPool pool = new BufferPool("consistent", small(8));
        final int threads = 2;
        final int cycles = 300_000;
        final ExecutorService workers = Executors.newFixedThreadPool(threads);
        try {
            final List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                final int size = t == 0 ? 16 : 2048;         // one thread also takes oversized one-off buffers
                done.add(workers.submit(() -> {
                    for (int i = 0; i < cycles; i++) {
                        pool.acquire(i % 64 == 0 ? size : 16).release();
                    }
                }));
            }
            final PoolStats s = new PoolStats();
            long snapshots = 0;
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!done.stream().allMatch(Future::isDone)) {
                pool.stats(s);
                snapshots++;
                if (s.releases() > s.acquires()) {
                    throw new AssertionError("snapshot " + snapshots + " has more releases than acquires: " + s);
                }
                assertThat(System.nanoTime() - deadline).as("the workers finished within 60 s").isNegative();
            }
            for (final Future<?> f : done) {
                f.get(10, TimeUnit.SECONDS);
            }
            assertThat(snapshots).as("snapshots taken while the workers ran").isPositive();
            assertThat(pool.stats(s).acquires()).isEqualTo((long)threads * cycles);
            assertThat(s.releases()).isEqualTo(s.acquires());
        } finally {
            workers.shutdownNow();
        }
    }

    @Test
    void shouldKeepNothingWhenMaxRetainedIsZero() {
        final BufferPool pool = new BufferPool("none", small(0));
        pool.acquire(1).release();
        final PoolStats s = pool.stats(new PoolStats());
        assertThat(s.retained()).isZero();
        assertThat(s.dropped()).isEqualTo(1);
    }

    @Test
    void shouldTrimRetainedBuffers() {
        final BufferPool pool = new BufferPool("trim", small(4));
        pool.acquire(1).release();
        pool.acquire(1).release();
        assertThat(pool.trim()).isEqualTo(1);
        final PoolStats s = pool.stats(new PoolStats());
        assertThat(s.retained()).isZero();
        assertThat(s.acquires()).as("a trim is no acquire").isEqualTo(2);
        assertThat(s.releases()).isEqualTo(2);
        assertThat(s.buffersAllocated()).isEqualTo(1);
    }

    @Test
    void shouldNeverGiveOneBufferToTwoOwnersAtOnce() throws Exception {
        final int threads = 4;
        final int cycles = 50_000;
        final BufferPool pool = new BufferPool("shared", small(16));
        final AtomicReferenceArray<Thread> ownerOf = new AtomicReferenceArray<>(1 << 16);
        final CountDownLatch start = new CountDownLatch(1);
        final ExecutorService exec = Executors.newFixedThreadPool(threads);
        try {
            final List<Future<Long>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                final long stamp = t + 1;
                results.add(exec.submit(() -> {
                    start.await();
                    long checked = 0;
                    final Message[] mine = new Message[3];
                    for (int i = 0; i < cycles; i++) {
                        for (int k = 0; k < mine.length; k++) {
                            final Message m = pool.acquire(32);
                            if (!ownerOf.compareAndSet(m.index(), null, Thread.currentThread())) {
                                throw new AssertionError(m + " handed to " + Thread.currentThread().getName()
                                    + " while owned by " + ownerOf.get(m.index()));
                            }
                            final UnsafeBuffer b = m.buffer();
                            for (int w = 0; w < 4; w++) {
                                b.putLong(w * 8, stamp * 1_000_000_007L + i);
                            }
                            mine[k] = m;
                        }
                        for (int k = 0; k < mine.length; k++) {
                            final UnsafeBuffer b = mine[k].buffer();
                            for (int w = 0; w < 4; w++) {
                                if (b.getLong(w * 8) != stamp * 1_000_000_007L + i) {
                                    throw new AssertionError("another owner wrote into " + mine[k]);
                                }
                            }
                            checked++;
                            ownerOf.set(mine[k].index(), null);
                            mine[k].release();
                        }
                    }
                    return checked;
                }));
            }
            start.countDown();
            long total = 0;
            for (final Future<Long> f : results) {
                total += f.get(60, TimeUnit.SECONDS);
            }
            assertThat(total).isEqualTo((long)threads * cycles * 3);
            final PoolStats s = pool.stats(new PoolStats());
            assertThat(s.acquires()).isEqualTo(total);
            assertThat(s.releases()).isEqualTo(total);
            assertThat(s.retained() + s.dropped()).isEqualTo(s.buffersAllocated());
            assertThat(s.retained()).isLessThanOrEqualTo(16);
        } finally {
            exec.shutdownNow();
            assertThat(exec.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    @Tag("alloc")
    void shouldAllocateNothingOnceWarm() {
        final BufferPool pool = new BufferPool("alloc", InfraConfig.builder().maxRetained(4).build());
        final byte[] header = {1, 2, 3, 4, 5, 6, 7, 8};
        final UnsafeBuffer headerBuffer = new UnsafeBuffer(header);
        final Runnable cycles = () -> {
            for (int i = 0; i < 100_000; i++) {
                final Message m = pool.acquire(1024);
                m.putHeader(headerBuffer, 0, header.length);
                m.buffer().putInt(0, i);
                m.buffer().putLong(1016, i);
                final Message copy = m.clone();
                if (copy.buffer().getInt(0) != i) {
                    throw new AssertionError("clone lost the payload at " + i);
                }
                copy.release();
                m.release();
            }
        };
        for (int warm = 0; warm < 5; warm++) {
            cycles.run();
        }
        final long bytes = AllocationMeter.measure(cycles);
        assertThat(bytes).as("bytes allocated by 100 000 acquire/write/clone/release cycles").isZero();
        assertThat(pool.stats(new PoolStats()).buffersAllocated()).isEqualTo(2);
    }
}
