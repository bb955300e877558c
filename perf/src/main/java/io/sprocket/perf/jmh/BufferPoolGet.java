package io.sprocket.perf.jmh;

import java.util.concurrent.TimeUnit;

import com.lmax.disruptor.BatchEventProcessor;
import com.lmax.disruptor.BatchEventProcessorBuilder;
import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.Sequence;
import org.agrona.BufferUtil;
import org.agrona.concurrent.UnsafeBuffer;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import io.sprocket.message.BufferPool;
import io.sprocket.message.InfraConfig;
import io.sprocket.message.Message;
import io.sprocket.ring.EngineWait;
import io.sprocket.ring.MessageHandler;
import io.sprocket.ring.MessageRing;

/**
 * Getting a buffer (the design's "Get", target under 50 ns on one machine), two ways, each beside its baseline:
 *
 * <ul>
 *   <li>{@code claimPublish}: a ring slot, {@code tryClaim} + write 8 bytes + {@code publish} on a
 *       single-producer {@link MessageRing} whose engine runs a no-op handler on its own thread
 *       ({@code sprocket}), against the raw Disruptor's {@code next()} + write + {@code publish} with a
 *       {@code BatchEventProcessor} running a no-op handler under the same wait strategy
 *       ({@code disruptor}: the like-for-like baseline), and against the raw Disruptor with the consumer
 *       inline, the benchmark thread moving the gating sequence itself ({@code disruptorInline}: the
 *       floor, about 1.9 ns here, which no ring with a consumer thread can reach). When the ring is full
 *       the producer spins on {@code Thread.onSpinWait()} for every system (never the raw
 *       {@code next()}'s 75 us park).</li>
 *   <li>{@code acquireRelease}: {@link BufferPool#acquire} + write a byte + release ({@code sprocket})
 *       against {@code new byte[size]} ({@code heapAlloc}).</li>
 * </ul>
 *
 * Two threads run during {@code claimPublish_sprocket} and {@code claimPublish_disruptor} (the
 * benchmark and the consumer): on a 2-vCPU guest their figure moves with the host's placement of the
 * vCPUs (see PERF-NOTES); compare them within one run.
 *
 * <p><b>Note:</b> JMH creates and drives this class; each state is set up and torn down by JMH, and the
 * consumer threads live for one trial. The measured methods allocate nothing, except
 * {@code acquireRelease_heapAlloc}, whose allocation is the point.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class BufferPoolGet {
    /** A raw Disruptor slot: a view of 64 off-heap bytes, as a Sprocket slot's payload. */
    static final class Slot {
        final UnsafeBuffer buffer;

        Slot(final UnsafeBuffer buffer) {
            this.buffer = buffer;
        }
    }

    private static com.lmax.disruptor.WaitStrategy disruptorStrategy(final EngineWait wait) {
        if (wait == EngineWait.BUSY_SPIN) {
            return new com.lmax.disruptor.BusySpinWaitStrategy();
        }
        if (wait == EngineWait.YIELDING) {
            return new com.lmax.disruptor.YieldingWaitStrategy();
        }
        return wait == EngineWait.SLEEPING ? new com.lmax.disruptor.SleepingWaitStrategy()
            : new com.lmax.disruptor.BlockingWaitStrategy();
    }

    static RingBuffer<Slot> rawRing(final int ringSize, final EngineWait wait) {
        final UnsafeBuffer region = new UnsafeBuffer(BufferUtil.allocateDirectAligned(64 * ringSize, 64));
        final int[] next = new int[1];
        return RingBuffer.createSingleProducer(
            () -> new Slot(new UnsafeBuffer(region, 64 * next[0]++, 64)), ringSize, disruptorStrategy(wait));
    }

    /**
     * A started single-producer Sprocket ring with a no-op engine.
     *
     * <p><b>Note:</b> set up and torn down by JMH; the engine thread lives for one trial.
     */
    @State(Scope.Benchmark)
    public static class SprocketRing {
        /** The engine's wait strategy. */
        @Param("BUSY_SPIN")
        public EngineWait wait;
        /** Ring slots. */
        @Param("1024")
        public int ringSize;
        MessageRing ring;

        /** Builds and starts the ring. */
        @Setup(Level.Trial)
        public void start() {
            final MessageHandler nothing = (message, sequence, endOfBatch) -> { };
            ring = MessageRing.builder()
                .name("jmh-claim")
                .config(InfraConfig.builder().bufferSizeBytes(64).build()).ringSize(ringSize)
                .singleProducer(true)
                .engineWait(wait)
                .handler(nothing)
                .jmx(false)
                .build()
                .start();
        }

        /** Closes the ring. */
        @TearDown(Level.Trial)
        public void stop() {
            ring.close(10_000_000_000L);
        }
    }

    /**
     * A raw single-producer Disruptor ring with a no-op {@code BatchEventProcessor} on its own thread.
     *
     * <p><b>Note:</b> set up and torn down by JMH; the consumer thread lives for one trial.
     */
    @State(Scope.Benchmark)
    public static class RawRing {
        /** The consumer's wait strategy (the same Disruptor strategy Sprocket's engine uses). */
        @Param("BUSY_SPIN")
        public EngineWait wait;
        /** Ring slots. */
        @Param("1024")
        public int ringSize;
        RingBuffer<Slot> ring;
        private BatchEventProcessor<Slot> processor;
        private Thread thread;

        /** Builds the ring and starts the consumer. */
        @Setup(Level.Trial)
        public void start() {
            ring = rawRing(ringSize, wait);
            final EventHandler<Slot> nothing = (slot, sequence, endOfBatch) -> { };
            processor = new BatchEventProcessorBuilder().build(ring, ring.newBarrier(), nothing);
            ring.addGatingSequences(processor.getSequence());
            thread = new Thread(processor, "jmh-raw-consumer");
            thread.setDaemon(true);
            thread.start();
        }

        /**
         * Stops the consumer.
         *
         * @throws InterruptedException when interrupted while joining the consumer.
         */
        @TearDown(Level.Trial)
        public void stop() throws InterruptedException {
            processor.halt();
            thread.join(10_000);
        }
    }

    /**
     * A raw single-producer Disruptor ring whose only gating sequence the benchmark thread moves itself.
     *
     * <p><b>Note:</b> per benchmark thread; no other thread.
     */
    @State(Scope.Thread)
    public static class InlineRing {
        RingBuffer<Slot> ring;
        final Sequence consumer = new Sequence(-1);

        /** Builds the ring. */
        @Setup(Level.Trial)
        public void start() {
            ring = rawRing(1024, EngineWait.BUSY_SPIN);
            ring.addGatingSequences(consumer);
        }
    }

    /**
     * A buffer pool, warm: its free list already holds buffers.
     *
     * <p><b>Note:</b> per benchmark thread.
     */
    @State(Scope.Thread)
    public static class Pool {
        /** Bytes acquired (the pool's buffer size is the same). */
        @Param({"1024", "65536"})
        public int size;
        BufferPool pool;

        /** Builds and warms the pool. */
        @Setup(Level.Trial)
        public void start() {
            pool = new BufferPool("jmh-get", InfraConfig.builder().maxPooledSizeBytes(size).maxRetained(16).build());
            pool.acquire(size).release();
        }
    }

    /**
     * Sprocket: claim a slot, write 8 bytes, publish.
     *
     * @param s the ring.
     * @return the sequence.
     */
    @Benchmark
    public long claimPublish_sprocket(final SprocketRing s) {
        final MessageRing ring = s.ring;
        long seq;
        while ((seq = ring.tryClaim(8)) < 0) {
            Thread.onSpinWait();
        }
        ring.message(seq).buffer().putLong(0, seq);
        ring.publish(seq);
        return seq;
    }

    /**
     * The raw Disruptor with a consumer thread: next, write 8 bytes, publish.
     *
     * @param r the ring.
     * @return the sequence.
     */
    @Benchmark
    public long claimPublish_disruptor(final RawRing r) {
        final RingBuffer<Slot> ring = r.ring;
        while (!ring.hasAvailableCapacity(1)) {
            Thread.onSpinWait();
        }
        final long seq = ring.next();
        ring.get(seq).buffer.putLong(0, seq);
        ring.publish(seq);
        return seq;
    }

    /**
     * The raw Disruptor with the consumer inline: next, write, publish, then read it back and move the
     * consumer's sequence on the same thread. The floor.
     *
     * @param r the ring.
     * @return what the inline consumer read.
     */
    @Benchmark
    public long claimPublish_disruptorInline(final InlineRing r) {
        final RingBuffer<Slot> ring = r.ring;
        final long seq = ring.next();
        ring.get(seq).buffer.putLong(0, seq);
        ring.publish(seq);
        final long read = ring.get(seq).buffer.getLong(0);
        r.consumer.set(seq);
        return read;
    }

    /**
     * Sprocket: acquire a pooled buffer, write a byte, release it.
     *
     * @param p the pool.
     * @return the buffer's capacity.
     */
    @Benchmark
    public int acquireRelease_sprocket(final Pool p) {
        final Message m = p.pool.acquire(p.size);
        m.buffer().putByte(0, (byte)1);
        final int capacity = m.capacity();
        m.release();
        return capacity;
    }

    /**
     * The heap: allocate a zeroed array, write a byte; the garbage collector is the release.
     *
     * @param p the pool (for its size).
     * @return the array.
     */
    @Benchmark
    public byte[] acquireRelease_heapAlloc(final Pool p) {
        final byte[] b = new byte[p.size];
        b[0] = 1;
        return b;
    }
}
