package io.sprocket.perf.jmh;

import com.lmax.disruptor.BusySpinWaitStrategy;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.Sequence;
import org.agrona.BufferUtil;
import org.agrona.concurrent.UnsafeBuffer;

import io.sprocket.message.InfraConfig;
import io.sprocket.perf.jmh.RingFootprint.Slot;
import io.sprocket.ring.EngineWait;
import io.sprocket.ring.MessageHandler;
import io.sprocket.ring.MessageRing;
import io.sprocket.ring.ThreadingMode;

/**
 * The rings of the one-thread benchmarks: a Sprocket ring whose engine the benchmark thread runs
 * through the ring's invoker ({@link ThreadingMode#INVOKER}), and a raw Disruptor ring whose one
 * gating sequence the benchmark thread moves. Both single-producer.
 *
 * <p><b>Note:</b> called from a benchmark's setup; building a ring allocates.
 */
final class InlineRings {
    private InlineRings() {
    }

    /**
     * Builds and starts a Sprocket ring, without JMX.
     *
     * @param name            the ring's name.
     * @param bufferSizeBytes each slot's payload capacity.
     * @param ringSize        slots.
     * @param handler         the engine's handler.
     * @return the started ring; {@link MessageRing#invoker()} drives its engine.
     */
    static MessageRing start(final String name, final int bufferSizeBytes, final int ringSize,
        final MessageHandler handler) {
        return MessageRing.builder()
            .name(name)
            .config(InfraConfig.builder().bufferSizeBytes(bufferSizeBytes).build()).ringSize(ringSize)
            .singleProducer(true)
            .threading(ThreadingMode.INVOKER)
            .engineWait(EngineWait.BUSY_SPIN)
            .handler(handler)
            .jmx(false)
            .build()
            .start();
    }

    /**
     * Builds a raw Disruptor ring whose events view {@code sizeBytes}-byte slices of one direct buffer,
     * in order, gated by {@code consumer}.
     *
     * @param sizeBytes each event's slice.
     * @param ringSize  slots.
     * @param consumer  the sequence the benchmark thread moves as it passes events.
     * @return the ring.
     */
    static RingBuffer<Slot> raw(final int sizeBytes, final int ringSize, final Sequence consumer) {
        final UnsafeBuffer region = new UnsafeBuffer(BufferUtil.allocateDirectAligned(sizeBytes * ringSize, 64));
        final int[] next = new int[1];
        final RingBuffer<Slot> ring = RingBuffer.createSingleProducer(
            () -> new Slot(new UnsafeBuffer(region, sizeBytes * next[0]++, sizeBytes)), ringSize,
            new BusySpinWaitStrategy());
        ring.addGatingSequences(consumer);
        return ring;
    }
}
