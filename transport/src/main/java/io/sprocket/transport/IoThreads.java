package io.sprocket.transport;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import org.agrona.ErrorHandler;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.IdleStrategy;

import io.sprocket.counters.CounterSet;
import io.sprocket.counters.CounterTypes;
import io.sprocket.counters.CountersFile;
import io.sprocket.message.BufferPool;
import io.sprocket.message.Message;
import io.sprocket.ring.EngineWait;
import io.sprocket.ring.MessageRing;
import io.sprocket.ring.ThreadingMode;

/**
 * A transport's I/O {@link Worker} agents: makes them (each with its counters), hands them out round
 * robin to new listeners, dialers and connections, and runs them in the transport's
 * {@link ThreadingMode}, as Aeron's media driver runs its agents: {@code DEDICATED}, an Agrona {@link AgentRunner} and a daemon thread per
 * worker, idling as the transport's {@link EngineWait} says ({@code BLOCKING}: in its selector);
 * {@code SHARED} and {@code INVOKER}, the one worker joins the duty cycle of the engine's ring
 * ({@link MessageRing#join}), run by the ring's thread or by the application's invoker, sleeping
 * in the worker's selector when the ring waits {@code BLOCKING}.
 *
 * <p><b>Note:</b> the constructor, {@link #start} and {@link #stop} are called by the transport
 * (build, close) and allocate; the other methods are called from any thread and allocate nothing
 * (except {@link #threads()}'s array).
 */
final class IoThreads {
    /** How long a close waits between nudges of a worker thread that has not ended. */
    private static final int RETRY_CLOSE_MS = 10;
    private static final long POLL_NS = 1_000_000;
    private static final long START_TIMEOUT_NS = 10_000_000_000L;
    private static final int STAGING_PER_WORKER = 2;

    private final ThreadingMode mode;
    private final Worker[] workers;
    private final AtomicInteger next = new AtomicInteger();
    private AgentRunner[] runners;

    /**
     * Makes the workers, named {@code <ring>-io-N}, each with a counter set in {@code countersFile}
     * (null: the process's shared file), and puts a few staging messages in the ring's clone pool so
     * that the first slow frame of each worker does not allocate.
     *
     * @throws IllegalStateException when a selector cannot be opened; nothing is left open then.
     */
    IoThreads(final Transport transport, final ThreadingMode mode, final int count, final CountersFile countersFile) {
        this.mode = mode;
        this.workers = new Worker[count];
        final String name = transport.ring().name();
        try {
            for (int i = 0; i < workers.length; i++) {
                final String thread = name + "-io-" + i;
                final String[] labels = new String[TransportStats.COUNT];
                for (int c = 0; c < labels.length; c++) {
                    labels[c] = "transport " + thread + ": " + TransportStats.LABELS[c];
                }
                final CounterSet counters = countersFile != null
                    ? CounterSet.allocate(countersFile, false, CounterTypes.TRANSPORT, labels)
                    : CounterSet.allocate(CountersFile.processShared(), true, CounterTypes.TRANSPORT, labels);
                workers[i] = new Worker(transport, i, thread, counters);
            }
        } catch (final IOException e) {
            for (final Worker w : workers) {
                if (w != null) {
                    w.stop();
                    w.counters.free();
                }
            }
            throw new IllegalStateException("cannot open a selector for transport '" + name + "'", e);
        }
        final BufferPool pool = transport.ring().clonePool();
        final Message[] warm = new Message[STAGING_PER_WORKER * workers.length];
        for (int i = 0; i < warm.length; i++) {
            warm[i] = pool.acquire(0);
        }
        for (final Message m : warm) {
            m.release();
        }
    }

    /** The worker for a new listener, dialer or connection: round robin. Any thread. */
    Worker next() {
        return workers[(next.getAndIncrement() & Integer.MAX_VALUE) % workers.length];
    }

    /** A {@link TransportStats} counter summed over the workers. Any thread. */
    long sum(final int counter) {
        long sum = 0;
        for (final Worker w : workers) {
            sum += w.counters.get(counter);
        }
        return sum;
    }

    /** The highest ring sequence of a control event a worker published, or -1. Any thread. */
    long lastControlSeq() {
        long last = -1;
        for (final Worker w : workers) {
            last = Math.max(last, w.lastControlSeq());
        }
        return last;
    }

    /** How many workers there are. */
    int count() {
        return workers.length;
    }

    /**
     * {@code DEDICATED}: starts a thread per worker; otherwise joins the worker to the ring's duty
     * cycle (it runs once the ring starts).
     *
     * @throws IllegalStateException when the ring cannot take the worker (started, or not run in
     *                               the matching mode); nothing was started then, and the workers'
     *                               counters and selectors are closed.
     */
    void start(final MessageRing ring, final EngineWait wait, final ErrorHandler errors) {
        try {
            run(ring, wait, errors);
        } catch (final RuntimeException e) {
            for (final Worker w : workers) {
                w.counters.free();
                try {
                    w.selector.close();
                } catch (final IOException ignored) {
                    // Nothing was registered with it.
                }
            }
            throw e;
        }
    }

    private void run(final MessageRing ring, final EngineWait wait, final ErrorHandler errors) {
        if (mode != ThreadingMode.DEDICATED) {
            if (ring.threading() != mode) {
                throw new IllegalStateException("a transport with threading " + mode + " runs on the engine's "
                    + (mode == ThreadingMode.SHARED ? "thread" : "invoker") + ", but ring '" + ring.name()
                    + "' is built with threading " + ring.threading() + ": build the ring with threading("
                    + "ThreadingMode." + mode + ")");
            }
            if (ring.engineThread() != null) {
                throw new IllegalStateException("ring '" + ring.name() + "' is started already: a transport with"
                    + " threading " + mode + " joins the engine's duty cycle, so build it before Engine.start()");
            }
            ring.join(workers[0], new SelectorIdleStrategy(workers[0]));
            return;
        }
        runners = new AgentRunner[workers.length];
        for (int i = 0; i < workers.length; i++) {
            final IdleStrategy idle = wait == EngineWait.BLOCKING ? new SelectorIdleStrategy(workers[i])
                : wait.newIdleStrategy();
            runners[i] = new AgentRunner(idle, errors, null, workers[i]);
            final Thread t = new Thread(runners[i], workers[i].roleName());
            t.setDaemon(true);
            workers[i].thread = t;
        }
        for (final Worker w : workers) {
            w.thread.start();
        }
        awaitRunning();
    }

    /**
     * Returns once every runner's thread is inside its loop, so that a close that follows at once
     * finds each worker on its own thread (an Agrona runner closed before its thread ran would close
     * the agent on the closing thread instead).
     */
    private void awaitRunning() {
        final long deadline = System.nanoTime() + START_TIMEOUT_NS;
        for (int i = 0; i < runners.length; i++) {
            while (runners[i].thread() == null) {
                if (System.nanoTime() - deadline > 0) {
                    throw new IllegalStateException("I/O thread '" + workers[i].roleName() + "' did not start within 10 s");
                }
                Thread.yield();
            }
        }
    }

    /**
     * Stops every worker: each closes what it holds on its thread and finishes. Waits until the
     * deadline at most. A worker that finished has its counters' records freed (their values kept).
     *
     * @return true when every worker finished (and, {@code DEDICATED}, its thread ended) in time.
     */
    boolean stop(final long deadlineNs) {
        final boolean clean = awaitStopped(deadlineNs);
        for (final Worker w : workers) {
            if (w.isFinished()) {
                w.counters.free();   // no writer left: keep the values, free the file's records
            }
        }
        return clean;
    }

    private boolean awaitStopped(final long deadlineNs) {
        for (final Worker w : workers) {
            w.stop();
        }
        if (runners == null) {
            // On the engine's thread: it finishes them at its next duty cycle (or at the ring's close).
            for (final Worker w : workers) {
                while (!w.isFinished()) {
                    final Thread t = w.thread;
                    if (System.nanoTime() - deadlineNs >= 0 || t == null || !t.isAlive()) {
                        return w.isFinished();
                    }
                    LockSupport.parkNanos(POLL_NS);
                }
            }
            return true;
        }
        boolean clean = true;
        for (int i = 0; i < runners.length; i++) {
            final Thread t = workers[i].thread;
            try {
                runners[i].close(RETRY_CLOSE_MS, stuck -> {
                    LockSupport.unpark(stuck);
                    if (System.nanoTime() - deadlineNs >= 0) {
                        throw new GaveUp();
                    }
                });
            } catch (final GaveUp e) {
                clean = false;
            }
            try {
                t.join(Math.max(1, (deadlineNs - System.nanoTime()) / 1_000_000));
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            clean &= !t.isAlive() && workers[i].isFinished();
        }
        return clean;
    }

    /** The threads that run the workers (the engine's, in the shared modes; null before it starts). */
    Thread[] threads() {
        final Thread[] threads = new Thread[workers.length];
        for (int i = 0; i < workers.length; i++) {
            threads[i] = workers[i].thread;
        }
        return threads;
    }

    @Override
    public String toString() {
        return "IoThreads[" + mode + ", " + workers.length + " workers]";
    }

    /** Thrown from a close's fail action to stop waiting for a thread past the deadline. */
    private static final class GaveUp extends RuntimeException {
        private static final long serialVersionUID = 1L;

        GaveUp() {
            super("I/O thread still running at the close deadline", null, false, false);
        }
    }
}
