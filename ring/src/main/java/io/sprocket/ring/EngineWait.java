package io.sprocket.ring;

import java.util.concurrent.TimeUnit;

import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.YieldingIdleStrategy;

/**
 * How the ring's consumer threads (the engine and the readers) idle when no message is waiting:
 * Agrona idle strategies, from lowest latency (a core spent spinning) to lowest CPU use.
 *
 * <p><b>Note:</b> immutable; {@link #newIdleStrategy()} allocates one strategy per consumer thread.
 */
public enum EngineWait {
    /** Spins ({@link BusySpinIdleStrategy}): the lowest latency, one core fully used. */
    BUSY_SPIN,
    /** Yields the core between looks ({@link YieldingIdleStrategy}): near busy-spin latency, lets others run. */
    YIELDING,
    /**
     * Parks, and is woken by the next publish ({@link ParkingIdleStrategy}): no CPU while idle, an
     * unpark (tens of microseconds across cores here) per hand-off, and a full fence per publish on
     * the producer. The default, because an embedded library should not spend a core unless asked.
     */
    BLOCKING,
    /**
     * Spins, yields, then parks from 1 microsecond up to 1 millisecond ({@link BackoffIdleStrategy}):
     * low CPU use, latency in the park's range, nothing paid by producers.
     */
    SLEEPING;

    /**
     * Creates the idle strategy for one consumer thread.
     *
     * @return a new strategy.
     */
    public IdleStrategy newIdleStrategy() {
        if (this == BUSY_SPIN) {
            return new BusySpinIdleStrategy();
        }
        if (this == YIELDING) {
            return new YieldingIdleStrategy();
        }
        if (this == SLEEPING) {
            return new BackoffIdleStrategy(100, 100, TimeUnit.MICROSECONDS.toNanos(1), TimeUnit.MILLISECONDS.toNanos(1));
        }
        return new ParkingIdleStrategy();
    }
}
