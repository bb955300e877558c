package io.sprocket.ring;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

import com.lmax.disruptor.RingBuffer;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentInvoker;

import io.sprocket.message.BufferPool;
import io.sprocket.message.Message;
import io.sprocket.message.MessageDescriptor;

/**
 * The ring's start and its close sequence: start registers the MXBeans and starts the consumers;
 * close refuses new claims, waits for the consumers to drain what was claimed before it, stops them,
 * unregisters the MXBeans, frees the counters' records and, when everything stopped in time, the
 * slots' memory. A close asked for from a handler is handed to a thread of its own.
 *
 * <p><b>Note:</b> {@link #start} and {@link #close(long)} run on any thread, one at a time under the
 * lifecycle lock (a second close waits for the first and returns its result); both allocate.
 * {@link #isConsumerThread} runs on any thread, takes no lock and allocates nothing. The ring's
 * state lives in the {@link RingProducer}, which every claim reads; only this class moves it on.
 */
final class RingLifecycle {
    private static final long CLOSE_PARK_NANOS = 100_000;

    private final String name;
    private final boolean jmx;
    private final RingProducer producer;
    private final ConsumerAgent[] consumers;
    private final ConsumerRunners runners;
    private final RingBuffer<RingEntry> ringBuffer;
    private final Message[] messages;
    private final int mask;
    private final SlotRegion region;
    private final OneLapBuffers oneLap;
    private final RingCounters counters;
    private final BufferPool clonePool;

    private final Object lock = new Object();
    private final AtomicBoolean closerStarted = new AtomicBoolean();
    private RingBeans beans;
    private long closeResult;

    RingLifecycle(final String name, final boolean jmx, final RingProducer producer, final ConsumerAgent[] consumers,
        final ConsumerRunners runners, final RingBuffer<RingEntry> ringBuffer, final SlotRegion region,
        final OneLapBuffers oneLap, final RingCounters counters, final BufferPool clonePool) {
        this.name = name;
        this.jmx = jmx;
        this.producer = producer;
        this.consumers = consumers;
        this.runners = runners;
        this.ringBuffer = ringBuffer;
        this.messages = region.messages();
        this.mask = messages.length - 1;
        this.region = region;
        this.oneLap = oneLap;
        this.counters = counters;
        this.clonePool = clonePool;
    }

    /** See {@link MessageRing#start()}. */
    void start(final MessageRing ring) {
        synchronized (lock) {
            final int state = producer.state();
            if (state != RingProducer.NEW) {
                throw new IllegalStateException("ring '" + name + "' cannot start: it is "
                    + (state == RingProducer.STARTED ? "already started" : "closed"));
            }
            if (jmx) {
                beans = new RingBeans(ring, clonePool);
            }
            producer.state(RingProducer.STARTED);
            runners.start();
        }
    }

    /** See {@link MessageRing#join}. */
    void join(final Agent agent, final WakeableIdleStrategy sleeper) {
        synchronized (lock) {
            final int state = producer.state();
            if (state != RingProducer.NEW) {
                throw new IllegalStateException("ring '" + name + "' is "
                    + (state == RingProducer.STARTED ? "started" : "closed") + ": an agent joins its duty cycle before start()");
            }
            runners.join(agent, sleeper);
        }
    }

    /** See {@link MessageRing#invoker()}. */
    AgentInvoker invoker() {
        final AgentInvoker invoker = runners.handOutInvoker();
        if (invoker == null) {
            throw new IllegalStateException("ring '" + name + "' runs its consumers on its own threads: "
                + "build it with threading(ThreadingMode.INVOKER) to drive them yourself");
        }
        return invoker;
    }

    /** See {@link MessageRing#engineThread()}. */
    Thread engineThread() {
        return runners.engineThread();
    }

    /** See {@link MessageRing#close(long)}. */
    long close(final long timeoutNs) {
        if (timeoutNs < 0) {
            throw new IllegalArgumentException("timeoutNs must be 0 or more, got " + timeoutNs);
        }
        if (isConsumerThread()) {
            return closeFromConsumer(timeoutNs);
        }
        synchronized (lock) {
            if (producer.state() == RingProducer.CLOSED_STATE) {
                return closeResult;
            }
            final long deadline = System.nanoTime() + timeoutNs;
            producer.state(RingProducer.CLOSING);
            final long target = RingProducer.claimHighWater(ringBuffer);
            final boolean drained = awaitConsumers(target, deadline);
            if (!drained) {
                for (final ConsumerAgent c : consumers) {
                    c.abandon();
                }
            }
            final long unhandled = countUnhandled(target);
            final boolean stopped = runners.stop(deadline);
            if (beans != null) {
                beans.unregister();
                beans = null;
            }
            clonePool.close();   // trims, and frees the pool's records in the counters file
            if (stopped) {
                counters.free();   // no writer is left: keep the values, free the file's records
            }
            if (drained && stopped) {
                region.free(oneLap);
            }
            closeResult = unhandled;
            producer.state(RingProducer.CLOSED_STATE);
            return unhandled;
        }
    }

    /** See {@link MessageRing#close()}: the default timeout, and a warning if messages were left unhandled. */
    void closeAndWarn() {
        final long unhandled = close(MessageRing.DEFAULT_CLOSE_TIMEOUT_NS);
        if (unhandled > 0) {
            System.getLogger("io.sprocket.ring").log(System.Logger.Level.WARNING,
                "ring ''{0}'' closed with {1} published messages unhandled", name, unhandled);
        }
    }

    /** See {@link MessageRing#isConsumerThread()}. */
    boolean isConsumerThread() {
        if (!runners.isRunnerThread(Thread.currentThread())) {
            return false;
        }
        if (runners.invoker() == null) {
            return true;
        }
        for (final ConsumerAgent c : consumers) {
            if (c.isWorking()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Close asked for by a handler: refuse new claims now (the close on the new thread reads the
     * claim high-water mark after this store, so the close protocol holds) and let another thread
     * wait for the drain.
     */
    private long closeFromConsumer(final long timeoutNs) {
        if (producer.state() < RingProducer.CLOSING) {
            producer.state(RingProducer.CLOSING);
        }
        if (closerStarted.compareAndSet(false, true)) {
            final Thread closer = new Thread(() -> close(timeoutNs), name + "-closer");
            closer.setDaemon(true);
            closer.start();
        }
        return MessageRing.CLOSE_STARTED;
    }

    private boolean awaitConsumers(final long target, final long deadline) {
        while (minConsumerSequence() < target) {
            final long left = deadline - System.nanoTime();
            if (left <= 0 || !runners.isStarted()) {
                return false;
            }
            if (!runners.invokeIfOwner()) {
                LockSupport.parkNanos(Math.min(left, CLOSE_PARK_NANOS));
            }
        }
        return true;
    }

    private long minConsumerSequence() {
        long min = Long.MAX_VALUE;
        for (final ConsumerAgent c : consumers) {
            min = Math.min(min, c.completed.get());
        }
        return min;
    }

    /** Published, non-cancelled messages up to {@code target} that some consumer has not finished. */
    private long countUnhandled(final long target) {
        long count = 0;
        for (long s = minConsumerSequence() + 1; s <= target; s++) {
            if (SlotLifecycle.kindOf(messages[(int)s & mask]) != MessageDescriptor.KIND_CANCELLED) {
                count++;
            }
        }
        return count;
    }
}
