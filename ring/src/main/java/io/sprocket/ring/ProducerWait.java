package io.sprocket.ring;

import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.SleepingIdleStrategy;
import org.agrona.concurrent.YieldingIdleStrategy;

/**
 * How {@link MessageRing#claim(int, long)} waits for room when the ring is full: a choice of Agrona
 * idle strategies. Unlike the raw Disruptor's {@code next()}, which parks forever in
 * one-nanosecond steps, every policy here is bounded by the caller's timeout.
 *
 * <p>A claim can wait on any producer thread, so the waiting is done with Agrona's stateless
 * strategies ({@link BusySpinIdleStrategy}, {@link YieldingIdleStrategy},
 * {@link SleepingIdleStrategy}), shared by every thread, and the claim's own attempt count plays
 * the state that Agrona's {@link BackoffIdleStrategy} keeps per thread: {@link #PHASED} is that
 * backoff. {@link #newIdleStrategy()} gives the per-thread Agrona strategy each choice stands for,
 * for a producer loop of one's own.
 *
 * <p><b>Note:</b> immutable and stateless; {@link #idle(int)} allocates nothing.
 */
public enum ProducerWait {
    /** Spins ({@link BusySpinIdleStrategy}): lowest latency, a core spent while full. */
    SPIN,
    /** Yields the core between attempts ({@link YieldingIdleStrategy}). */
    YIELD,
    /**
     * Spins 100 times, yields 100 times, then parks 50 microseconds per attempt, as Agrona's
     * {@link BackoffIdleStrategy}. The default.
     */
    PHASED,
    /** Parks 50 microseconds per attempt ({@link SleepingIdleStrategy}): least CPU. */
    PARK;

    private static final int SPINS = 100;
    private static final int YIELDS = 100;
    private static final long PARK_NANOS = 50_000;
    private static final IdleStrategy SPINNING = new BusySpinIdleStrategy();
    private static final IdleStrategy YIELDING = new YieldingIdleStrategy();
    private static final IdleStrategy PARKING = new SleepingIdleStrategy(PARK_NANOS);

    /**
     * Waits once between two attempts.
     *
     * @param attempt how many attempts failed before this wait, from 0.
     */
    public void idle(final int attempt) {
        // if-chains, not a switch: an enum switch loads a synthetic class the first time it runs,
        // which allocates on whichever producer first waits.
        if (this == SPIN || (this == PHASED && attempt < SPINS)) {
            SPINNING.idle();
        } else if (this == YIELD || (this == PHASED && attempt < SPINS + YIELDS)) {
            YIELDING.idle();
        } else {
            PARKING.idle();
        }
    }

    /**
     * The Agrona idle strategy this choice stands for, for one thread's own loop (a producer that
     * retries {@link MessageRing#tryClaim}, say): stateful ones such as the backoff must not be
     * shared between threads.
     *
     * <p><b>Note:</b> any thread; allocates the strategy.
     *
     * @return a new strategy.
     */
    public IdleStrategy newIdleStrategy() {
        if (this == SPIN) {
            return new BusySpinIdleStrategy();
        }
        if (this == YIELD) {
            return new YieldingIdleStrategy();
        }
        if (this == PHASED) {
            return new BackoffIdleStrategy(SPINS, YIELDS, PARK_NANOS, PARK_NANOS);
        }
        return new SleepingIdleStrategy(PARK_NANOS);
    }
}
