package io.sprocket.ring;

import java.lang.invoke.VarHandle;
import java.util.function.BooleanSupplier;

import org.agrona.concurrent.IdleStrategy;

/**
 * An Agrona {@link IdleStrategy} that sleeps when its agent has nothing to do and that a producer
 * wakes: the low-CPU way for a consumer to wait, where busy-spinning, yielding and backing off
 * spend a core or add latency. An idle consumer costs no CPU; a publish that finds it asleep wakes
 * it at once.
 *
 * <p>The handshake cannot lose a wake-up: before sleeping, the consumer announces it (a volatile
 * store) and then looks once more for work ({@link #watch the pending check}); a producer publishes
 * first, then issues a full fence and looks at the announcement. One of the two always sees the
 * other. The fence is the price of this strategy on every publish to a ring that uses it; rings
 * whose consumers spin or yield pay nothing.
 *
 * <p><b>Note:</b> {@link #idle(int)} and {@link #reset()} run on the agent's thread only;
 * {@link #wake()} on any producer thread. Nothing allocates after {@link #watch}.
 */
public abstract class WakeableIdleStrategy implements IdleStrategy {
    private static final BooleanSupplier NEVER = () -> false;

    private volatile boolean sleeping;
    private volatile Thread sleeper;
    private BooleanSupplier pending = NEVER;

    /**
     * Tells the strategy how to find out, right before sleeping, whether work has arrived (for a
     * ring consumer: a sequence published past the one it has handled).
     *
     * @param pendingCheck answers true when work is waiting; must not allocate.
     * @throws IllegalArgumentException when null.
     */
    public final void watch(final BooleanSupplier pendingCheck) {
        if (pendingCheck == null) {
            throw new IllegalArgumentException("pendingCheck must not be null");
        }
        this.pending = pendingCheck;
    }

    @Override
    public final void idle(final int workCount) {
        if (workCount > 0) {
            return;
        }
        idle();
    }

    @Override
    public final void idle() {
        sleeper = Thread.currentThread();
        sleeping = true;
        try {
            if (!pending.getAsBoolean()) {
                sleep();
            }
        } finally {
            sleeping = false;
        }
    }

    @Override
    public void reset() {
        // Nothing to reset: each idle period starts by announcing itself.
    }

    /** Called by producers after they publish: wakes the agent's thread if it is asleep. */
    public final void wake() {
        VarHandle.fullFence();
        if (sleeping) {
            wakeUp(sleeper);
        }
    }

    /**
     * Sleeps until {@link #wakeUp} or a bounded time passes (a spurious return is harmless: the
     * agent looks for work and comes back).
     */
    protected abstract void sleep();

    /**
     * Ends a {@link #sleep()} in progress.
     *
     * @param thread the sleeping agent's thread.
     */
    protected abstract void wakeUp(Thread thread);
}
