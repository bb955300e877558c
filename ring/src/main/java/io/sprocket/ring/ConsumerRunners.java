package io.sprocket.ring;

import java.util.concurrent.ThreadFactory;
import java.util.function.BooleanSupplier;

import org.agrona.ErrorHandler;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentInvoker;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.CompositeAgent;
import org.agrona.concurrent.IdleStrategy;

/**
 * Runs a ring's consumer agents in its {@link ThreadingMode}: an Agrona {@link AgentRunner} per
 * agent ({@code DEDICATED}), one runner over a {@link CompositeAgent} of them all ({@code SHARED}),
 * or an {@link AgentInvoker} that the application's thread drives ({@code INVOKER}). Each runner
 * idles through a strategy made from the ring's {@link EngineWait}; a sleeping one is registered
 * with the ring's {@link RingSignal} so that a publish wakes it. In the shared modes, agents of
 * other components ({@link #join}, a transport's I/O worker) run in the same duty cycle after the
 * consumers, and one of them may bring the strategy the shared thread sleeps in.
 *
 * <p><b>Note:</b> {@link #start} and {@link #stop} are called by the ring under its lifecycle lock;
 * {@link #isRunnerThread} from any thread. Starting allocates the runners and threads.
 */
final class ConsumerRunners {
    /** How long a close waits between interrupts of a consumer thread that has not stopped. */
    private static final int RETRY_CLOSE_MS = 10;
    /** How long past the deadline a close keeps interrupting a consumer thread before giving up on it. */
    private static final long GRACE_NS = 100_000_000L;
    /** How long start waits for a consumer thread to begin running. */
    private static final long START_TIMEOUT_NS = 10_000_000_000L;

    private final String ringName;
    private final ConsumerAgent[] agents;
    private final ThreadingMode mode;
    private final EngineWait wait;
    private final ThreadFactory threadFactory;
    private final RingSignal signal;
    private final ErrorHandler errorHandler;

    private AgentRunner[] runners;
    private volatile Thread[] threads;
    private AgentInvoker invoker;
    /** Agents of other components that share the consumers' duty cycle ({@link #join}); fixed at start. */
    private Agent[] joined = new Agent[0];
    /** What the shared thread sleeps in when it waits {@link EngineWait#BLOCKING}, if a joined agent gave one. */
    private WakeableIdleStrategy sharedSleeper;
    private boolean invokerHandedOut;

    ConsumerRunners(
        final String ringName,
        final ConsumerAgent[] agents,
        final ThreadingMode mode,
        final EngineWait wait,
        final ThreadFactory threadFactory,
        final RingSignal signal,
        final ErrorHandler errorHandler) {
        this.ringName = ringName;
        this.agents = agents;
        this.mode = mode;
        this.wait = wait;
        this.threadFactory = threadFactory;
        this.signal = signal;
        this.errorHandler = errorHandler;
        if (mode == ThreadingMode.INVOKER) {
            invoker = new AgentInvoker(errorHandler, null, composite());
        }
    }

    /** The invoker the application drives, in {@code INVOKER} mode; null otherwise. */
    AgentInvoker invoker() {
        return invoker;
    }

    /** The invoker, for the application ({@link MessageRing#invoker()}): no agent may join after this. */
    AgentInvoker handOutInvoker() {
        invokerHandedOut |= invoker != null;
        return invoker;
    }

    /**
     * Adds {@code agent} to the consumers' duty cycle, after them; see {@link MessageRing#join}.
     * Called under the ring's lifecycle lock, before {@link #start}.
     */
    void join(final Agent agent, final WakeableIdleStrategy sleeper) {
        if (mode == ThreadingMode.DEDICATED) {
            throw new IllegalStateException("ring '" + ringName + "' runs each consumer on a thread of its own"
                + " (ThreadingMode.DEDICATED), so there is no duty cycle to join: build it with"
                + " threading(ThreadingMode.SHARED) or threading(ThreadingMode.INVOKER)");
        }
        if (invokerHandedOut) {
            throw new IllegalStateException("ring '" + ringName + "' has handed out its invoker already:"
                + " join every agent (build the transport) before calling invoker()");
        }
        final Agent[] grown = java.util.Arrays.copyOf(joined, joined.length + 1);
        grown[joined.length] = agent;
        joined = grown;
        if (sleeper != null) {
            if (sharedSleeper != null) {
                throw new IllegalStateException("ring '" + ringName + "' already has an agent that wakes its shared"
                    + " thread from sleep; one joined agent may bring a sleeper");
            }
            sharedSleeper = sleeper;
        }
        if (mode == ThreadingMode.INVOKER) {
            invoker = new AgentInvoker(errorHandler, null, composite());
        }
    }

    /** Starts the threads (or, for {@code INVOKER}, runs the agents' start on the calling thread). */
    void start() {
        if (mode == ThreadingMode.INVOKER) {
            threads = new Thread[] {Thread.currentThread()};
            invoker.start();
            return;
        }
        final Agent[] toRun = mode == ThreadingMode.SHARED ? new Agent[] {composite()} : agents;
        runners = new AgentRunner[toRun.length];
        final Thread[] started = new Thread[toRun.length];
        for (int i = 0; i < toRun.length; i++) {
            runners[i] = new AgentRunner(idleFor(toRun[i]), errorHandler, null, toRun[i]);
        }
        for (int i = 0; i < toRun.length; i++) {
            started[i] = threadFactory.newThread(runners[i]);
            // SHARED: the engine's thread, which also runs the readers.
            started[i].setName(mode == ThreadingMode.SHARED ? agents[0].roleName() : toRun[i].roleName());
        }
        threads = started;   // before any runs: a handler that closes the ring must find its own thread here
        for (final Thread t : started) {
            t.start();
        }
        awaitRunning(started);
    }

    /**
     * Returns once every runner's thread is inside its run loop, so that a close that follows at
     * once finds the agents on their own threads (an Agrona runner closed before its thread ran
     * would run the agent's close on the closing thread instead).
     */
    private void awaitRunning(final Thread[] started) {
        final long deadline = System.nanoTime() + START_TIMEOUT_NS;
        for (int i = 0; i < runners.length; i++) {
            while (runners[i].thread() == null) {
                if (!started[i].isAlive() && runners[i].thread() == null && started[i].getState() != Thread.State.NEW) {
                    throw new IllegalStateException("consumer thread '" + started[i].getName() + "' of ring '"
                        + ringName + "' ended before it ran: check the thread factory");
                }
                if (System.nanoTime() - deadline > 0) {
                    throw new IllegalStateException("consumer thread '" + started[i].getName() + "' of ring '"
                        + ringName + "' did not start within 10 s: check the thread factory");
                }
                Thread.yield();
            }
        }
    }

    /** Whether {@link #start} ran. */
    boolean isStarted() {
        return threads != null;
    }

    /** The engine agent's thread: its own, the shared one, or the invoking one; null before start. */
    Thread engineThread() {
        final Thread[] t = threads;
        return t == null ? null : t[0];
    }

    /** Whether the calling thread runs one of the ring's consumers. */
    boolean isRunnerThread(final Thread current) {
        final Thread[] t = threads;
        if (t != null) {
            for (final Thread x : t) {
                if (x == current) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Runs the consumers once on the calling thread, when it is the invoking thread of an
     * {@code INVOKER} ring (a close drives the drain itself there); false otherwise.
     */
    boolean invokeIfOwner() {
        if (invoker != null && isRunnerThread(Thread.currentThread()) && !invoker.isClosed()) {
            invoker.invoke();
            return true;
        }
        return false;
    }

    /**
     * Stops every consumer: wakes the sleeping ones, then closes each runner, interrupting a thread
     * that does not stop, until the deadline. The agents' {@code onClose} runs on their threads as
     * they stop (on the calling thread for an invoker, or when the ring never started).
     *
     * @return true when every thread has ended (always, without threads).
     */
    boolean stop(final long deadlineNs) {
        if (threads == null) {
            // Never started: start and close the agents here, so each hook binds and releases on one thread.
            for (final ConsumerAgent a : agents) {
                a.onStart();
                a.onClose();
            }
            for (final Agent a : joined) {
                a.onStart();
                a.onClose();
            }
            return true;
        }
        if (runners == null) {
            invoker.close();
            return true;
        }
        signal.wakeAll();
        boolean allStopped = true;
        for (final AgentRunner r : runners) {
            try {
                r.close(RETRY_CLOSE_MS, thread -> {
                    thread.interrupt();
                    if (System.nanoTime() - deadlineNs - GRACE_NS > 0) {
                        throw new GaveUp();
                    }
                });
            } catch (final GaveUp stuck) {
                allStopped = false;
            }
        }
        if (!allStopped) {
            return false;
        }
        for (final Thread t : threads) {
            allStopped &= !t.isAlive();
        }
        return allStopped;
    }

    private Agent composite() {
        final Agent[] all = java.util.Arrays.copyOf(agents, agents.length + joined.length, Agent[].class);
        System.arraycopy(joined, 0, all, agents.length, joined.length);
        return all.length == 1 ? all[0] : new CompositeAgent(all);
    }

    private IdleStrategy idleFor(final Agent agent) {
        final IdleStrategy idle = sharedSleeper != null && wait == EngineWait.BLOCKING ? sharedSleeper : wait.newIdleStrategy();
        if (idle instanceof WakeableIdleStrategy) {
            final WakeableIdleStrategy wakeable = (WakeableIdleStrategy)idle;
            wakeable.watch(pendingCheck(agent));
            signal.add(wakeable);
        }
        return idle;
    }

    private BooleanSupplier pendingCheck(final Agent agent) {
        if (agent instanceof ConsumerAgent) {
            return ((ConsumerAgent)agent)::hasPending;
        }
        final ConsumerAgent[] all = agents;
        return () -> {
            for (final ConsumerAgent a : all) {
                if (a.hasPending()) {
                    return true;
                }
            }
            return false;
        };
    }

    @Override
    public String toString() {
        return "ConsumerRunners['" + ringName + "', " + mode + ", " + wait + ']';
    }

    /** Thrown from a close's fail action to stop waiting for a thread past the deadline. */
    private static final class GaveUp extends RuntimeException {
        private static final long serialVersionUID = 1L;

        GaveUp() {
            super("consumer thread still running at the close deadline", null, false, false);
        }
    }
}
