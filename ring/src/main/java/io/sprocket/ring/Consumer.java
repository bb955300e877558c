package io.sprocket.ring;

import java.util.concurrent.atomic.AtomicLong;

import com.lmax.disruptor.BatchEventProcessor;
import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.ExceptionHandler;
import com.lmax.disruptor.Sequence;

import io.sprocket.message.Checks;
import io.sprocket.message.Message;

/**
 * One consumer of the ring (the engine, or a reader): runs the application's handler for each
 * published, non-cancelled slot inside a read scope, and catches whatever it throws.
 *
 * <p>Runs on the consumer's own thread. The handled count and the completed sequence are written
 * with release ordering (a plain store on x86) after every message, so any thread can read them
 * (the processor's own sequence moves only once per batch); exceptions are rare and counted
 * atomically.
 */
final class Consumer implements EventHandler<Message>, ExceptionHandler<Message> {
    final String name;
    /** The last sequence this consumer finished with (handled or skipped as cancelled). */
    final Sequence completed = new Sequence(-1);
    final Sequence handled = new Sequence(0);
    final AtomicLong exceptions = new AtomicLong();
    BatchEventProcessor<Message> processor;

    private final MessageHandler handler;
    private final HandlerErrorListener errors;
    private final long[] cancelledAt;
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
        final long[] cancelledAt,
        final int mask) {
        this.name = name;
        this.handler = handler;
        this.errors = errors;
        this.cancelledAt = cancelledAt;
        this.mask = mask;
    }

    @Override
    public void onEvent(final Message message, final long sequence, final boolean endOfBatch) {
        if (cancelledAt[(int)sequence & mask] == sequence) {
            completed.set(sequence);
            processorSequence.set(sequence);
            return;
        }
        if (abandoned) {
            return;
        }
        if (Checks.ENABLED) {
            Checks.enterRead(sequence);
        }
        try {
            handler.onMessage(message, sequence, endOfBatch);
        } catch (final Throwable t) {
            report(t, sequence, message);
        } finally {
            if (Checks.ENABLED) {
                Checks.exitRead();
            }
            handled.set(++handledCount);
            completed.set(sequence);
            processorSequence.set(sequence);
        }
    }

    /**
     * The Disruptor moves a processor's sequence once per batch; setting it after every message
     * gives each slot back as soon as its handler returns, so one slow message in a large batch does
     * not hold the whole batch's slots.
     */
    @Override
    public void setSequenceCallback(final Sequence sequenceCallback) {
        this.processorSequence = sequenceCallback;
    }

    /** Stops handing messages to the handler; the one in progress, if any, is left to finish. */
    void abandon() {
        abandoned = true;
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
