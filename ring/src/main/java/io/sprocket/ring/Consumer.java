package io.sprocket.ring;

import java.util.concurrent.atomic.AtomicLong;

import com.lmax.disruptor.BatchEventProcessor;
import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.ExceptionHandler;
import com.lmax.disruptor.Sequence;

import io.sprocket.message.Checks;
import io.sprocket.message.Message;
import io.sprocket.message.MessageDescriptor;

/**
 * One consumer of the ring (the engine, or a reader). For each published slot it reads the slot's
 * kind from its descriptor and skips a cancelled one; applies a control event to the registries (the engine only; readers skip them); and for data,
 * updates the sender's counters (the engine only) and runs the application's handler inside a read
 * scope, catching whatever it throws.
 *
 * <p>Runs on the consumer's own thread. The handled count and the completed sequence are written
 * with release ordering (a plain store on x86) after every message, so any thread can read them
 * (the processor's own sequence moves only once per batch); exceptions are rare and counted
 * atomically.
 */
final class Consumer implements EventHandler<Message>, ExceptionHandler<Message> {
    /**
     * Inside a long batch, the slots handled so far go back to the producers every 32 messages; the
     * processor gives back the rest at the end of the batch. Every message would make the producer
     * and this thread trade that cache line on each claim of a full ring.
     */
    private static final long RELEASE_EVERY_MASK = 31;

    final String name;
    /** The last sequence this consumer finished with (handled, applied or skipped as cancelled). */
    final Sequence completed = new Sequence(-1);
    final Sequence handled = new Sequence(0);
    final AtomicLong exceptions = new AtomicLong();
    BatchEventProcessor<Message> processor;

    private final MessageHandler handler;
    private final HandlerErrorListener errors;
    private final ControlSlot[] controls;
    private final OneLapBuffers oneLap;
    /** The engine's registries; null for a reader. */
    private final Registries registries;
    private final int mask;
    private long handledCount;
    /** The processor's own sequence: set after every message so its slot is recycled at once. */
    private Sequence processorSequence = new Sequence(-1);
    /** Set by a close that gave up waiting: no handler call starts after it. */
    private volatile boolean abandoned;

    Consumer(
        final String name,
        final MessageHandler handler,
        final HandlerErrorListener errors,
        final ControlSlot[] controls,
        final OneLapBuffers oneLap,
        final Registries registries) {
        this.name = name;
        this.handler = handler;
        this.errors = errors;
        this.controls = controls;
        this.oneLap = oneLap;
        this.mask = controls.length - 1;
        this.registries = registries;
    }

    @Override
    public void onStart() {
        if (registries != null) {
            registries.bindOwner(Thread.currentThread());
        }
    }

    @Override
    public void onBatchStart(final long batchSize, final long queueDepth) {
        if (registries != null) {
            registries.onBatchStart();
        }
    }

    @Override
    public void onEvent(final Message message, final long sequence, final boolean endOfBatch) {
        final int kind = Slots.kindOf(message);
        if (kind != MessageDescriptor.KIND_DATA) {
            if (kind == MessageDescriptor.KIND_CONTROL && registries != null) {
                if (abandoned) {
                    return;
                }
                applyControl(message, sequence, controls[(int)sequence & mask]);
            }
            finish(message, sequence, endOfBatch);
            return;
        }
        if (abandoned) {
            return;
        }
        if (Checks.ENABLED) {
            Checks.enterRead(sequence);
        }
        try {
            if (registries != null) {
                registries.onData(message);
            }
            handler.onMessage(message, sequence, endOfBatch);
        } catch (final Throwable t) {
            report(t, sequence, message);
        } finally {
            if (Checks.ENABLED) {
                Checks.exitRead();
            }
            handled.set(++handledCount);
            finish(message, sequence, endOfBatch);
        }
    }

    private void applyControl(final Message message, final long sequence, final ControlSlot control) {
        if (Checks.ENABLED) {
            Checks.enterRead(sequence);
        }
        try {
            registries.apply(control);
        } catch (final RuntimeException e) {
            registries.onControlError();
            report(e, sequence, message);
        } finally {
            if (Checks.ENABLED) {
                Checks.exitRead();
            }
            control.clear();
        }
    }

    private void finish(final Message message, final long sequence, final boolean endOfBatch) {
        oneLap.onPassed(message, (int)sequence & mask);
        if (endOfBatch && registries != null) {
            registries.onEndOfBatch();
        }
        completed.set(sequence);
        if ((sequence & RELEASE_EVERY_MASK) == RELEASE_EVERY_MASK) {
            processorSequence.set(sequence);
        }
    }

    /** Releases every socket, connection and peer on the engine thread as it stops. */
    @Override
    public void onShutdown() {
        if (registries != null) {
            registries.releaseAll();
        }
    }

    /** Stops handing messages to the handler; the one in progress, if any, is left to finish. */
    void abandon() {
        abandoned = true;
    }

    /**
     * The Disruptor moves a processor's sequence once per batch; setting it every 32 messages as
     * well gives slots back while a long batch is still being handled, so one slow message late in
     * a large batch does not hold every slot before it.
     */
    @Override
    public void setSequenceCallback(final Sequence sequenceCallback) {
        this.processorSequence = sequenceCallback;
    }

    private void report(final Throwable t, final long sequence, final Message message) {
        final long count = exceptions.incrementAndGet();
        try {
            errors.onHandlerError(name, t, sequence, message, count);
        } catch (final Throwable ignored) {
            // A failing listener must not take the engine down; the failure is already counted.
        }
    }

    /** Backstop only: {@link #onEvent} catches everything the handler throws. */
    @Override
    public void handleEventException(final Throwable ex, final long sequence, final Message event) {
        report(ex, sequence, event);
    }

    @Override
    public void handleOnStartException(final Throwable ex) {
        report(ex, -1, null);
    }

    @Override
    public void handleOnShutdownException(final Throwable ex) {
        report(ex, -1, null);
    }
}
