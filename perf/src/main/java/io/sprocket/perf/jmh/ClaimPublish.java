package io.sprocket.perf.jmh;

import java.util.concurrent.TimeUnit;

import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.Sequence;
import org.agrona.concurrent.AgentInvoker;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import io.sprocket.message.Message;
import io.sprocket.perf.jmh.RingFootprint.Slot;
import io.sprocket.ring.MessageHandler;
import io.sprocket.ring.MessageRing;

/**
 * What the producer's side of a message costs on its own: {@value #BURST} times claim + write 8
 * bytes + publish on a ring of {@value #RING_SIZE} slots, timed; the ring is drained between
 * invocations, outside the clock, on the same thread. Sprocket ({@code produce_sprocket}: tryClaim,
 * {@code message(seq).buffer().putLong}, publish on a single-producer ring with 64-byte buffers, as
 * the {@code pool} command's claim + publish) beside the raw Disruptor ({@code produce_disruptor}:
 * next, {@code get(seq)} write, publish, on 64-byte slices of one direct buffer).
 *
 * <p>No consumer runs on another core, so no cache line crosses cores: the difference is the work
 * the producer does itself. The {@code pool} command measures the same claim + publish with a
 * consumer thread; this class says how much of its gap to the raw Disruptor is there without one.
 * The time is per message. The drain is a per-invocation teardown: JMH's own cost for it, a few tens
 * of nanoseconds per invocation, is spread over {@value #BURST} messages.
 *
 * <p><b>Note:</b> JMH creates and drives this class; each state belongs to one benchmark thread and
 * is built and closed per trial. The measured methods allocate nothing.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@OperationsPerInvocation(ClaimPublish.BURST)
public class ClaimPublish {
    static final int BURST = 512;
    static final int RING_SIZE = 1024;
    private static final int SIZE = 64;

    static final class Nothing implements MessageHandler {
        @Override
        public void onMessage(final Message message, final long sequence, final boolean endOfBatch) {
            // The drain only moves the consumer's sequence, as the pool command's consumer does.
        }
    }

    /**
     * A single-producer Sprocket ring whose engine the benchmark thread runs through the ring's
     * invoker, between invocations.
     *
     * <p><b>Note:</b> per benchmark thread; built and closed by JMH for each trial.
     */
    @State(Scope.Thread)
    public static class SprocketRing {
        MessageRing ring;
        AgentInvoker invoker;
        Message view;

        /** Builds and starts the ring. */
        @Setup(Level.Trial)
        public void start() {
            ring = InlineRings.start("jmh-claim-publish", SIZE, RING_SIZE, new Nothing());
            invoker = ring.invoker();
            view = ring.newView();
        }

        /** Hands every published message to the engine, outside the clock. */
        @TearDown(Level.Invocation)
        public void drain() {
            while (invoker.invoke() > 0) {
                // Each duty cycle handles what is published; the last one finds nothing.
            }
        }

        /** Closes the ring. */
        @TearDown(Level.Trial)
        public void stop() {
            ring.close(10_000_000_000L);
        }
    }

    /**
     * A raw single-producer Disruptor ring over 64-byte slices, its one gating sequence moved by the
     * benchmark thread between invocations.
     *
     * <p><b>Note:</b> per benchmark thread; built by JMH for each trial.
     */
    @State(Scope.Thread)
    public static class RawRing {
        final Sequence consumer = new Sequence(-1);
        RingBuffer<Slot> ring;

        /** Builds the ring over 64-byte slices of one direct buffer. */
        @Setup(Level.Trial)
        public void start() {
            ring = InlineRings.raw(SIZE, RING_SIZE, consumer);
        }

        /** Passes every published event, outside the clock, without reading it (as a no-op handler). */
        @TearDown(Level.Invocation)
        public void drain() {
            consumer.set(ring.getCursor());
        }
    }

    /**
     * Sprocket: {@value #BURST} claims, each written and published.
     *
     * @param s the ring.
     * @return the last sequence, so that nothing is optimised away.
     */
    @Benchmark
    public long produce_sprocket(final SprocketRing s) {
        final MessageRing ring = s.ring;
        long last = 0;
        for (int i = 0; i < BURST; i++) {
            final long seq = ring.tryClaim(8);
            if (seq < 0) {
                throw new IllegalStateException("the drained ring refused a claim: " + seq);
            }
            ring.message(seq).buffer().putLong(0, seq);
            ring.publish(seq);
            last = seq;
        }
        return last;
    }

    /**
     * Sprocket through the producer's view: {@value #BURST} claims, each written through
     * {@code message(seq, view)} and published.
     *
     * @param s the ring.
     * @return the last sequence, so that nothing is optimised away.
     */
    @Benchmark
    public long produce_sprocketView(final SprocketRing s) {
        final MessageRing ring = s.ring;
        final Message view = s.view;
        long last = 0;
        for (int i = 0; i < BURST; i++) {
            final long seq = ring.tryClaim(8);
            if (seq < 0) {
                throw new IllegalStateException("the drained ring refused a claim: " + seq);
            }
            ring.message(seq, view).buffer().putLong(0, seq);
            ring.publish(seq);
            last = seq;
        }
        return last;
    }

    /**
     * The raw Disruptor: {@value #BURST} claims, each written and published.
     *
     * @param r the ring.
     * @return the last sequence, so that nothing is optimised away.
     */
    @Benchmark
    public long produce_disruptor(final RawRing r) {
        final RingBuffer<Slot> ring = r.ring;
        long last = 0;
        for (int i = 0; i < BURST; i++) {
            final long seq = ring.next();
            ring.get(seq).buffer.putLong(0, seq);
            ring.publish(seq);
            last = seq;
        }
        return last;
    }
}
