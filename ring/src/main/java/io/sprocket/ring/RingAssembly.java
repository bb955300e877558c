package io.sprocket.ring;

import java.util.concurrent.atomic.AtomicInteger;

import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.Sequence;
import com.lmax.disruptor.dsl.ProducerType;

import io.sprocket.message.BufferPool;
import io.sprocket.message.InfraConfig;
import io.sprocket.message.Message;

/**
 * Builds a new ring's parts from its {@link RingSettings} and wires them together, in order: the
 * clone pool, the slot region, the one-lap buffers, the Disruptor ring, the counters, the consumers
 * (readers first, so the engine can be made to wait for some of them) and their runners, then the
 * producer side and the lifecycle. {@link MessageRing} keeps the parts it needs.
 *
 * <p><b>Note:</b> runs once, on the building thread, and allocates everything the ring holds.
 */
final class RingAssembly {
    private static final AtomicInteger UNNAMED = new AtomicInteger();

    final String name;
    final int ringSize;
    final int slotSizeBytes;
    final boolean singleProducer;
    final ThreadingMode threading;
    final BufferPool clonePool;
    final RingCounters counters;
    final RingProducer producer;
    final RingLifecycle lifecycle;

    RingAssembly(final RingSettings s) {
        final InfraConfig config = s.config;
        this.name = s.name != null ? s.name : "ring-" + UNNAMED.incrementAndGet();
        this.ringSize = s.ringSize;
        this.slotSizeBytes = config.bufferSizeBytes();
        this.singleProducer = s.singleProducer;
        this.threading = s.threading;
        final int headerRoom = config.headerCapacityBytes();

        this.clonePool = new BufferPool(name + "-clones", config, s.countersFile);
        final SlotRegion region = new SlotRegion(name, clonePool, ringSize, headerRoom, slotSizeBytes);
        final OneLapBuffers oneLap = new OneLapBuffers(ringSize, s.maxOversizedBytes >= 0 ? s.maxOversizedBytes
            : Math.max(MessageRing.DEFAULT_MAX_OVERSIZED_BYTES, 2L * config.maxMessageSizeBytes()), headerRoom,
            s.directAllocator);
        final RingSignal signal = new RingSignal();
        final RingBuffer<RingEntry> ringBuffer = RingBuffer.create(
            singleProducer ? ProducerType.SINGLE : ProducerType.MULTI, () -> RingEntry.SHARED, ringSize, signal);

        final HandlerErrorListener errors = s.errorListener != null ? s.errorListener : new LoggingErrorListener(name);
        final String[] consumerNames = new String[1 + s.readers.size()];
        consumerNames[0] = MessageRing.ENGINE;
        for (int i = 0; i < s.readers.size(); i++) {
            consumerNames[i + 1] = s.readerNames.get(i);
        }
        this.counters = new RingCounters(name, consumerNames, s.countersFile, ringBuffer, oneLap, slotSizeBytes);
        final ConsumerAgent[] consumers = consumers(s, name, errors, oneLap, region, ringBuffer, signal, counters);
        final Sequence[] gating = new Sequence[consumers.length];
        for (int i = 0; i < consumers.length; i++) {
            gating[i] = consumers[i].sequence();
        }
        ringBuffer.addGatingSequences(gating);
        final ConsumerRunners runners = new ConsumerRunners(name, consumers, s.threading, s.engineWait,
            s.threadFactory != null ? s.threadFactory : RingAssembly::daemonThread, signal, new RunnerErrors(errors));

        this.producer = new RingProducer(name, config.maxMessageSizeBytes(), slotSizeBytes, singleProducer,
            s.producerWait, region, oneLap, ringBuffer, consumers.length, counters);
        this.lifecycle = new RingLifecycle(name, s.jmx, producer, consumers, runners, ringBuffer, region, oneLap,
            counters, clonePool);
    }

    /**
     * The consumers: the engine at 0, then each reader. Readers first: the engine may wait for some
     * of them ("journal, then business logic"), and those wake it when they make progress.
     */
    private static ConsumerAgent[] consumers(final RingSettings s, final String name, final HandlerErrorListener errors,
        final OneLapBuffers oneLap, final SlotRegion region, final RingBuffer<RingEntry> ringBuffer,
        final RingSignal signal, final RingCounters counters) {
        final ConsumerAgent[] consumers = new ConsumerAgent[1 + s.readers.size()];
        final Sequence[] engineAfter = new Sequence[s.engineAfter.size()];
        for (int i = 0; i < s.readers.size(); i++) {
            final String reader = s.readerNames.get(i);
            consumers[i + 1] = new ConsumerAgent(name, reader, new HandlerHook(s.readers.get(i)), false, errors, oneLap,
                region, ringBuffer, new Sequence[0], counters.handled(i + 1), counters.exceptions(i + 1));
            final int position = s.engineAfter.indexOf(reader);
            if (position >= 0) {
                engineAfter[position] = consumers[i + 1].sequence();
                consumers[i + 1].wakeAfterWork(signal);
            }
        }
        consumers[0] = new ConsumerAgent(name, MessageRing.ENGINE, s.hook != null ? s.hook : new HandlerHook(s.handler),
            true, errors, oneLap, region, ringBuffer, engineAfter, counters.handled(0), counters.exceptions(0));
        return consumers;
    }

    private static Thread daemonThread(final Runnable task) {
        final Thread t = new Thread(task);
        t.setDaemon(true);
        return t;
    }
}
