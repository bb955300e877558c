package io.sprocket.ring;

import java.util.concurrent.locks.LockSupport;

/**
 * How {@link MessageRing#claim(int, long)} waits for room when the ring is full. Unlike the raw
 * Disruptor's {@code next()}, which parks forever in one-nanosecond steps, every policy here is
 * bounded by the caller's timeout.
 *
 * <p><b>Note:</b> immutable and stateless; {@link #idle(int)} allocates nothing.
 */
public enum ProducerWait {
    /** Spins with {@link Thread#onSpinWait()}: lowest latency, a core spent while full. */
    SPIN,
    /** Yields the core between attempts. */
    YIELD,
    /** Spins 100 times, yields 100 times, then parks 50 microseconds per attempt. The default. */
    PHASED,
    /** Parks 50 microseconds per attempt: least CPU. */
    PARK;

    private static final int SPINS = 100;
    private static final int YIELDS = 100;
    private static final long PARK_NANOS = 50_000;

    /**
     * Waits once between two attempts.
     *
     * @param attempt how many attempts failed before this wait, from 0.
     */
    public void idle(final int attempt) {
        // if-chains, not a switch: an enum switch loads a synthetic class the first time it runs,
        // which allocates on whichever producer first waits.
        if (this == SPIN || (this == PHASED && attempt < SPINS)) {
            Thread.onSpinWait();
        } else if (this == YIELD || (this == PHASED && attempt < SPINS + YIELDS)) {
            Thread.yield();
        } else {
            LockSupport.parkNanos(PARK_NANOS);
        }
    }
}
