package io.sprocket.perf.jmh;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;

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

/**
 * Cloning a 1 KiB message (target under 1 us on one machine): {@link Message#clone()} + release ({@code sprocket}:
 * a buffer from the clone pool, header and payload copied, peer id and address copied) beside the floor
 * of any copy, {@code UnsafeBuffer.putBytes} off-heap to off-heap ({@code unsafeCopy}), and
 * {@code Arrays.copyOf} of a heap array ({@code heapCopy}, which allocates the copy).
 *
 * <p><b>Note:</b> JMH creates and drives this class; each benchmark thread has its own pool and
 * buffers. The {@code sprocket} and {@code unsafeCopy} methods allocate nothing.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class MessageClone {
    /**
     * A pooled source message and the raw buffers, all holding the same bytes.
     *
     * <p><b>Note:</b> per benchmark thread.
     */
    @State(Scope.Thread)
    public static class Source {
        /** Payload bytes. */
        @Param("1024")
        public int size;
        BufferPool pool;
        Message message;
        UnsafeBuffer src;
        UnsafeBuffer dst;
        byte[] heap;

        /** Builds and fills the sources; warms the pool. */
        @Setup(Level.Trial)
        public void build() {
            pool = new BufferPool("jmh-clone", InfraConfig.builder().maxPooledSizeBytes(size).maxRetained(16).build());
            heap = new byte[size];
            for (int i = 0; i < size; i++) {
                heap[i] = (byte)(i * 31);
            }
            message = pool.acquire(size).putPayload(heap, 0, size);
            message.clone().release();
            src = new UnsafeBuffer(BufferUtil.allocateDirectAligned(size, 64));
            dst = new UnsafeBuffer(BufferUtil.allocateDirectAligned(size, 64));
            src.putBytes(0, heap);
        }

        /** Gives the source back. */
        @TearDown(Level.Trial)
        public void release() {
            message.release();
        }
    }

    /**
     * Sprocket: clone, then release the copy.
     *
     * @param s the source.
     * @return the copy's length.
     */
    @Benchmark
    public int clone_sprocket(final Source s) {
        final Message copy = s.message.clone();
        final int length = copy.length();
        copy.release();
        return length;
    }

    /**
     * The floor: copy the bytes off-heap to off-heap.
     *
     * @param s the source.
     * @return the destination.
     */
    @Benchmark
    public UnsafeBuffer clone_unsafeCopy(final Source s) {
        s.dst.putBytes(0, s.src, 0, s.size);
        return s.dst;
    }

    /**
     * The heap: a fresh array copy.
     *
     * @param s the source.
     * @return the copy.
     */
    @Benchmark
    public byte[] clone_heapCopy(final Source s) {
        return Arrays.copyOf(s.heap, s.size);
    }
}
