package io.sprocket.perf.jmh;

import java.util.concurrent.TimeUnit;

import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.Sequence;
import org.agrona.concurrent.AgentInvoker;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import io.sprocket.message.Message;
import io.sprocket.ring.MessageHandler;
import io.sprocket.ring.MessageRing;
import io.sprocket.ring.ThreadingMode;

/**
 * What one message costs on one thread as the ring grows past the caches: {@value #BURST} times
 * claim + write 8 bytes + publish, then the same thread drains them, reading each message's 8 bytes.
 * Sprocket ({@code claimDrain_sprocket}) drains through its ring's invoker ({@link ThreadingMode#INVOKER});
 * the raw Disruptor ({@code claimDrain_disruptor}, 8-byte slices of one direct buffer, as the
 * {@code throughput} command's baseline) by reading the events and moving its gating sequence.
 * No second thread, so no cache line crosses cores: the figure is the instructions and the memory a
 * message touches. The time is per message.
 *
 * <p>With few slots, a lap of either ring stays in the caches. With many, the producer comes back to
 * each slot after a whole lap: Sprocket's slot (192 bytes here) and its two heap objects are about
 * 300 bytes a message against the raw ring's 64, so Sprocket's lap leaves the caches first.
 *
 * <p>{@code heap=as-built} measures the rings' objects where they were allocated; {@code heap=after-gc}
 * first lets one garbage collection run ({@link YoungCollection}), which moves them as it does in a
 * service that has run for a while: Sprocket's slot objects then lie in a different order, with the
 * wire views a transport uses between them.
 *
 * <p><b>Note:</b> JMH creates and drives this class; each state belongs to one benchmark thread and
 * is built and closed per trial. The measured methods allocate nothing.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@OperationsPerInvocation(RingFootprint.BURST)
public class RingFootprint {
    /** Messages claimed and published before the thread drains them. */
    static final int BURST = 512;
    private static final int SIZE = 8;

    /** A raw Disruptor event: a view of 8 off-heap bytes. */
    static final class Slot {
        final UnsafeBuffer buffer;

        Slot(final UnsafeBuffer buffer) {
            this.buffer = buffer;
        }
    }

    /** Sums the first 8 bytes of every message: the engine of the Sprocket ring. */
    static final class Reader implements MessageHandler {
        long sum;

        @Override
        public void onMessage(final Message message, final long sequence, final boolean endOfBatch) {
            sum += message.buffer().getLong(0);
        }
    }

    /**
     * A single-producer Sprocket ring whose engine this thread runs through the ring's invoker.
     *
     * <p><b>Note:</b> per benchmark thread; built and closed by JMH for each trial.
     */
    @State(Scope.Thread)
    public static class SprocketInline {
        /** Ring slots. */
        @Param({"1024", "16384", "65536"})
        public int ringSize;
        /** {@code as-built}: the ring's objects as allocated; {@code after-gc}: after one collection moved them. */
        @Param({"as-built", "after-gc"})
        public String heap;
        final Reader reader = new Reader();
        MessageRing ring;
        AgentInvoker invoker;
        Message view;

        /** Builds and starts the ring. */
        @Setup(Level.Trial)
        public void start() {
            ring = InlineRings.start("jmh-footprint", SIZE, ringSize, reader);
            invoker = ring.invoker();
            view = ring.newView();
            if ("after-gc".equals(heap)) {
                YoungCollection.run();
            }
        }

        /** Closes the ring. */
        @TearDown(Level.Trial)
        public void stop() {
            ring.close(10_000_000_000L);
        }
    }

    /**
     * A raw single-producer Disruptor ring over 8-byte slices, its one gating sequence moved by this
     * thread.
     *
     * <p><b>Note:</b> per benchmark thread; built by JMH for each trial.
     */
    @State(Scope.Thread)
    public static class RawInline {
        /** Ring slots. */
        @Param({"1024", "16384", "65536"})
        public int ringSize;
        /** {@code as-built}: the ring's objects as allocated; {@code after-gc}: after one collection moved them. */
        @Param({"as-built", "after-gc"})
        public String heap;
        final Sequence consumer = new Sequence(-1);
        RingBuffer<Slot> ring;

        /** Builds the ring and its slices. */
        @Setup(Level.Trial)
        public void start() {
            ring = InlineRings.raw(SIZE, ringSize, consumer);
            if ("after-gc".equals(heap)) {
                YoungCollection.run();
            }
        }
    }

    /**
     * Sprocket: {@value #BURST} claims, writes and publishes, then the engine's duty cycles until the
     * ring is drained.
     *
     * @param s the ring.
     * @return what the engine has read so far.
     */
    @Benchmark
    public long claimDrain_sprocket(final SprocketInline s) {
        final MessageRing ring = s.ring;
        for (int i = 0; i < BURST; i++) {
            final long seq = ring.tryClaim(SIZE);
            if (seq < 0) {
                throw new IllegalStateException("the drained ring refused a claim: " + seq);
            }
            ring.message(seq).buffer().putLong(0, seq);
            ring.publish(seq);
        }
        while (s.invoker.invoke() > 0) {
            // Each duty cycle handles what is published; the last one finds nothing.
        }
        return s.reader.sum;
    }

    /**
     * Sprocket with the producer writing through its view ({@code message(seq, view)}): {@value #BURST}
     * claims, writes and publishes, then the engine's duty cycles until the ring is drained.
     *
     * @param s the ring.
     * @return what the engine has read so far.
     */
    @Benchmark
    public long claimDrain_sprocketView(final SprocketInline s) {
        final MessageRing ring = s.ring;
        final Message view = s.view;
        for (int i = 0; i < BURST; i++) {
            final long seq = ring.tryClaim(SIZE);
            if (seq < 0) {
                throw new IllegalStateException("the drained ring refused a claim: " + seq);
            }
            ring.message(seq, view).buffer().putLong(0, seq);
            ring.publish(seq);
        }
        while (s.invoker.invoke() > 0) {
            // Each duty cycle handles what is published; the last one finds nothing.
        }
        return s.reader.sum;
    }

    /**
     * The raw Disruptor: {@value #BURST} claims, writes and publishes, then the same thread reads them
     * and moves the gating sequence.
     *
     * @param r the ring.
     * @return the sum of what was read.
     */
    @Benchmark
    public long claimDrain_disruptor(final RawInline r) {
        final RingBuffer<Slot> ring = r.ring;
        for (int i = 0; i < BURST; i++) {
            final long seq = ring.next();
            ring.get(seq).buffer.putLong(0, seq);
            ring.publish(seq);
        }
        final long last = ring.getCursor();
        long sum = 0;
        for (long seq = r.consumer.get() + 1; seq <= last; seq++) {
            sum += ring.get(seq).buffer.getLong(0);
        }
        r.consumer.set(last);
        return sum;
    }
}
