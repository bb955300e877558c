package io.sprocket.transport;

import java.util.concurrent.locks.LockSupport;

import org.agrona.ErrorHandler;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.IdleStrategy;

import io.sprocket.ring.EngineWait;
import io.sprocket.ring.MessageRing;
import io.sprocket.ring.ThreadingMode;

/**
 * Runs a transport's I/O {@link Worker} agents in its {@link ThreadingMode}, as Aeron's media
 * driver runs its agents: {@code DEDICATED}, an Agrona {@link AgentRunner} and a daemon thread per
 * worker, idling as the transport's {@link EngineWait} says ({@code BLOCKING}: in its selector);
 * {@code SHARED} and {@code INVOKER}, the one worker joins the duty cycle of the engine's ring
 * ({@link MessageRing#join}), run by the ring's thread or by the application's invoker, sleeping
 * in the worker's selector when the ring waits {@code BLOCKING}.
 *
 * <p><b>Note:</b> {@link #start} and {@link #stop} are called by the transport (build, close);
 * {@link #threads()} from any thread. Starting and stopping allocate.
 */
final class IoThreads {
    /** How long a close waits between nudges of a worker thread that has not ended. */
    private static final int RETRY_CLOSE_MS = 10;
    private static final long POLL_NS = 1_000_000;
    private static final long START_TIMEOUT_NS = 10_000_000_000L;

    private final ThreadingMode mode;
    private final Worker[] workers;
    private AgentRunner[] runners;

    IoThreads(final ThreadingMode mode, final Worker[] workers) {
        this.mode = mode;
        this.workers = workers;
    }

    /**
     * {@code DEDICATED}: starts a thread per worker; otherwise joins the worker to the ring's duty
     * cycle (it runs once the ring starts).
     *
     * @throws IllegalStateException when the ring cannot take the worker (started, or not run in
     *                               the matching mode); nothing was started then.
     */
    void start(final MessageRing ring, final EngineWait wait, final ErrorHandler errors) {
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
     * deadline at most.
     *
     * @return true when every worker finished (and, {@code DEDICATED}, its thread ended) in time.
     */
    boolean stop(final long deadlineNs) {
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
