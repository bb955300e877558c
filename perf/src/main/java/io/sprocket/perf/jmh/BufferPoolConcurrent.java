package io.sprocket.perf.jmh;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import io.sprocket.message.BufferPool;
import io.sprocket.message.InfraConfig;
import io.sprocket.message.Message;

/**
 * One {@link BufferPool} shared by 1, 2, 4 and 8 threads, each acquiring, writing a byte and releasing
 * ({@code sprocket}), beside the same threads allocating {@code new byte[size]} ({@code heapAlloc}).
 * The figure is the average time per operation seen by each thread.
 *
 * <p><b>What two cores can and cannot show.</b> With 1 thread the pool's lock-free queue is
 * uncontended. With 2 threads on 2 vCPUs, the queue's head, tail and counters really bounce between
 * the cores: that is the only contended figure this machine can give, and it moves with the host's
 * "near" or "far" placement of the vCPUs. With 4 and 8 threads the threads time-share 2 cores: even
 * perfect scaling shows 2x and 4x the 2-thread time per operation, a thread preempted between poll and
 * offer shows up as a rare long operation, and nothing about scaling beyond 2 cores can be read off it.
 * Judge scaling on a machine with at least as many cores as threads.
 *
 * <p><b>Note:</b> JMH creates and drives this class; the pool is shared by the benchmark's threads,
 * which is the point. The Sprocket methods allocate nothing once the pool is warm.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class BufferPoolConcurrent {
    /**
     * The shared pool, warm with more buffers than threads.
     *
     * <p><b>Note:</b> shared by every benchmark thread; set up once by JMH.
     */
    @State(Scope.Benchmark)
    public static class SharedPool {
        /** Bytes acquired (the pool's buffer size is the same). */
        @Param("1024")
        public int size;
        BufferPool pool;

        /** Builds the pool and fills its free list. */
        @Setup(Level.Trial)
        public void start() {
            pool = new BufferPool("jmh-concurrent", InfraConfig.builder().maxPooledSizeBytes(size).maxRetained(64).build());
            final Message[] warm = new Message[16];
            for (int i = 0; i < warm.length; i++) {
                warm[i] = pool.acquire(size);
            }
            for (final Message m : warm) {
                m.release();
            }
        }
    }

    private static int acquireRelease(final SharedPool p) {
        final Message m = p.pool.acquire(p.size);
        m.buffer().putByte(0, (byte)1);
        final int capacity = m.capacity();
        m.release();
        return capacity;
    }

    private static byte[] allocate(final SharedPool p) {
        final byte[] b = new byte[p.size];
        b[0] = 1;
        return b;
    }

    /**
     * One thread, pool.
     *
     * @param p the pool.
     * @return the capacity.
     */
    @Benchmark
    @Threads(1)
    public int acquireRelease1t_sprocket(final SharedPool p) {
        return acquireRelease(p);
    }

    /**
     * Two threads, pool.
     *
     * @param p the pool.
     * @return the capacity.
     */
    @Benchmark
    @Threads(2)
    public int acquireRelease2t_sprocket(final SharedPool p) {
        return acquireRelease(p);
    }

    /**
     * Four threads, pool.
     *
     * @param p the pool.
     * @return the capacity.
     */
    @Benchmark
    @Threads(4)
    public int acquireRelease4t_sprocket(final SharedPool p) {
        return acquireRelease(p);
    }

    /**
     * Eight threads, pool.
     *
     * @param p the pool.
     * @return the capacity.
     */
    @Benchmark
    @Threads(8)
    public int acquireRelease8t_sprocket(final SharedPool p) {
        return acquireRelease(p);
    }

    /**
     * One thread, heap.
     *
     * @param p the pool (for its size).
     * @return the array.
     */
    @Benchmark
    @Threads(1)
    public byte[] acquireRelease1t_heapAlloc(final SharedPool p) {
        return allocate(p);
    }

    /**
     * Two threads, heap.
     *
     * @param p the pool (for its size).
     * @return the array.
     */
    @Benchmark
    @Threads(2)
    public byte[] acquireRelease2t_heapAlloc(final SharedPool p) {
        return allocate(p);
    }

    /**
     * Four threads, heap.
     *
     * @param p the pool (for its size).
     * @return the array.
     */
    @Benchmark
    @Threads(4)
    public byte[] acquireRelease4t_heapAlloc(final SharedPool p) {
        return allocate(p);
    }

    /**
     * Eight threads, heap.
     *
     * @param p the pool (for its size).
     * @return the array.
     */
    @Benchmark
    @Threads(8)
    public byte[] acquireRelease8t_heapAlloc(final SharedPool p) {
        return allocate(p);
    }
}
