package io.sprocket.ring;


import com.lmax.disruptor.EventPoller;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.Sequence;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.status.AtomicCounter;

import io.sprocket.message.Checks;
import io.sprocket.message.Message;
import io.sprocket.message.MessageDescriptor;

/**
 * One consumer of the ring (the engine, or a reader) as an Agrona {@link Agent}: each duty cycle
 * polls the ring (a Disruptor {@link EventPoller}) and handles what has been published, in order.
 * For each slot it reads the kind from the slot's descriptor, skips a cancelled one, hands a
 * control slot to the engine's {@link RingHook} (readers skip them) and a data slot to the hook
 * inside a read scope, catching whatever it throws. What the hook receives is this consumer's one
 * view, pointed at the slot (so handling a message touches the slot's memory and one object that
 * stays in this core's cache, not one heap object per slot), or the slot's own message when it
 * holds a one-lap buffer. Whichever consumer passes a slot holding a
 * one-lap buffer last frees it.
 *
 * <p>Slots go back to the producers every 32 messages and at the end of each poll (the poller's
 * sequence moves then), so one slow message late in a long batch does not hold every slot before
 * it; a poll looks no further than that point ({@link PollLimit}), so a multi-producer ring with
 * a backlog is not scanned to its end for each 32 messages; each of those points ends a batch (the
 * handler sees {@code endOfBatch} true there, as with the Disruptor's batch size limit); a duty
 * cycle handles at most {@link #WORK_LIMIT} slots so that agents sharing a thread get their turn.
 *
 * <p>Runs on the agent's thread. The handled count (a counter in the ring's counters file) and the
 * completed sequence are written with release ordering after every message, so any thread, or
 * another process for the counter, can read them; exceptions are counted the same way. Nothing
 * allocates per message.
 */
final class ConsumerAgent implements Agent, EventPoller.Handler<RingEntry> {
    /** The most slots one duty cycle handles before letting the runner (or other agents) go on. */
    static final int WORK_LIMIT = 1024;
    private static final long RELEASE_EVERY_MASK = 31;

    final String name;
    /** The last sequence this consumer finished with (handled, applied or skipped as cancelled). */
    final Sequence completed = new Sequence(-1);
    /** Messages handed to the hook, in the counters file; written by this agent's thread only. */
    private final AtomicCounter handled;
    /** Exceptions the hook threw, in the counters file; written by this agent's thread only. */
    private final AtomicCounter exceptions;

    private final String roleName;
    private final RingHook hook;
    private final boolean engine;
    private final HandlerErrorListener errors;
    private final OneLapBuffers oneLap;
    private final SlotAddresses slots;
    /** The slots' own messages, by index: handed on for a slot that holds a one-lap buffer. */
    private final Message[] messages;
    /** The one message this consumer hands its hook, pointed at each slot in turn (one with a one-lap buffer goes as itself). */
    private final Message view;
    private final RingBuffer<RingEntry> ringBuffer;
    private final EventPoller<RingEntry> poller;
    /** How far the next poll may look: the end of the 32-slot group the next slot is in. */
    private final PollLimit pollLimit;
    /** The consumers this one must not pass (for the engine: the readers named by engineAfter). */
    private final Sequence[] dependencies;
    private final int mask;
    private long handledCount;
    private int polled;
    private boolean inBatch;
    /** Set for a reader that the engine waits for: its progress must wake a sleeping engine. */
    private RingSignal downstream;
    /** True while {@link #doWork()} runs: read on the same thread, by a close asked for from a handler. */
    private boolean working;
    /** Set by a close that gave up waiting: no handler call starts after it. */
    private volatile boolean abandoned;

    ConsumerAgent(
        final String ringName,
        final String name,
        final RingHook hook,
        final boolean engine,
        final HandlerErrorListener errors,
        final OneLapBuffers oneLap,
        final SlotRegion region,
        final RingBuffer<RingEntry> ringBuffer,
        final Sequence[] dependencies,
        final AtomicCounter handled,
        final AtomicCounter exceptions) {
        this.handled = handled;
        this.exceptions = exceptions;
        this.name = name;
        this.roleName = ringName + "-" + name;
        this.hook = hook;
        this.engine = engine;
        this.errors = errors;
        this.oneLap = oneLap;
        this.slots = region.addresses();
        this.messages = region.messages();
        this.view = region.newView();
        this.ringBuffer = ringBuffer;
        this.dependencies = dependencies;
        this.pollLimit = new PollLimit(ringBuffer, dependencies);
        this.poller = ringBuffer.newPoller(pollLimit);
        this.mask = ringBuffer.getBufferSize() - 1;
    }

    /** The sequence that gates the producers: everything up to it is finished. */
    Sequence sequence() {
        return poller.getSequence();
    }

    @Override
    public String roleName() {
        return roleName;
    }

    @Override
    public void onStart() {
        try {
            hook.onStart();
        } catch (final Throwable t) {
            report(t, -1, null);
        }
    }

    @Override
    public int doWork() {
        int work = 0;
        working = true;
        try {
            EventPoller.PollState state;
            do {
                polled = 0;
                pollLimit.limit = (poller.getSequence().get() + 1) | RELEASE_EVERY_MASK;
                state = poller.poll(this);
                work += polled;
            } while (state == EventPoller.PollState.PROCESSING && work < WORK_LIMIT && !abandoned);
        } catch (final Exception e) {
            report(e, -1, null);   // a backstop: onEvent catches everything the hook throws
        } finally {
            working = false;
        }
        if (work > 0 && downstream != null) {
            downstream.signalAllWhenBlocking();
        }
        return work;
    }

    /** Makes this consumer wake the ring's sleeping consumers after each duty cycle that did work. */
    void wakeAfterWork(final RingSignal signal) {
        this.downstream = signal;
    }

    /** Whether the calling thread is inside this agent's duty cycle (only meaningful on its own thread). */
    boolean isWorking() {
        return working;
    }

    /** Whether a slot this consumer has not handled is ready for it: the idle strategy's last look. */
    boolean hasPending() {
        final long next = poller.getSequence().get() + 1;
        if (dependencies.length == 0) {
            return ringBuffer.isAvailable(next);
        }
        for (final Sequence d : dependencies) {
            if (d.get() < next) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean onEvent(final RingEntry entry, final long sequence, final boolean endOfBatch) {
        if (abandoned) {
            return false;
        }
        polled++;
        if (!inBatch) {
            inBatch = true;
            batchStart();
        }
        // Progress is handed on (the poller's sequence moves) every 32 slots and at the last slot
        // available; each of those points ends a batch, so whatever the hook does at a batch's end
        // (publish a snapshot, force a journal) happens before a later consumer or a producer sees it.
        final boolean release = (sequence & RELEASE_EVERY_MASK) == RELEASE_EVERY_MASK;
        final boolean batchEnds = endOfBatch || release;
        final long descriptor = slots.descriptor(sequence);
        final int kind = SlotLifecycle.slotKind(descriptor);
        // Holders are set before publish and only this consumer's own pass can drop them to 0 for it:
        // read once, they say both what to hand the hook and whether to pass the one-lap buffer on.
        final boolean holdsOneLap = SlotLifecycle.slotHolders(descriptor) != 0;
        final boolean data = kind == MessageDescriptor.KIND_DATA;
        if (data || (kind == MessageDescriptor.KIND_CONTROL && engine)) {
            final Message message = holdsOneLap ? messages[(int)sequence & mask] : slots.bind(view, sequence);
            if (data) {
                handleData(message, sequence, batchEnds);
            } else {
                handleControl(message, sequence, batchEnds);
            }
        }
        if (holdsOneLap) {
            oneLap.onPassed(messages[(int)sequence & mask], (int)sequence & mask);
        }
        if (batchEnds) {
            inBatch = false;
            batchEnd();
        }
        completed.set(sequence);
        return !release;
    }

    private void handleData(final Message message, final long sequence, final boolean endOfBatch) {
        if (Checks.ENABLED) {
            Checks.enterRead(sequence);
        }
        try {
            hook.onData(message, sequence, endOfBatch);
        } catch (final Throwable t) {
            report(t, sequence, message);
        } finally {
            if (Checks.ENABLED) {
                Checks.exitRead();
            }
            handled.setRelease(++handledCount);
        }
    }

    private void handleControl(final Message message, final long sequence, final boolean endOfBatch) {
        if (Checks.ENABLED) {
            Checks.enterRead(sequence);
        }
        try {
            hook.onControl(message, sequence, endOfBatch);
        } catch (final Throwable t) {
            report(t, sequence, message);
        } finally {
            if (Checks.ENABLED) {
                Checks.exitRead();
            }
        }
    }

    private void batchStart() {
        try {
            hook.onBatchStart();
        } catch (final Throwable t) {
            report(t, -1, null);
        }
    }

    private void batchEnd() {
        try {
            hook.onEndOfBatch();
        } catch (final Throwable t) {
            report(t, -1, null);
        }
    }

    /** Releases what the hook owns, on the agent's thread, as it stops. */
    @Override
    public void onClose() {
        try {
            hook.onShutdown();
        } catch (final Throwable t) {
            report(t, -1, null);
        }
    }

    /** Stops handing messages to the hook; the one in progress, if any, is left to finish. */
    void abandon() {
        abandoned = true;
    }

    private void report(final Throwable t, final long sequence, final Message message) {
        final long count = exceptions.incrementRelease() + 1;
        try {
            errors.onHandlerError(name, t, sequence, message, count);
        } catch (final Throwable ignored) {
            // A failing listener must not take the engine down; the failure is already counted.
        }
    }
}
