package io.sprocket.ring;

import com.lmax.disruptor.BlockingWaitStrategy;
import com.lmax.disruptor.BusySpinWaitStrategy;
import com.lmax.disruptor.SleepingWaitStrategy;
import com.lmax.disruptor.WaitStrategy;
import com.lmax.disruptor.YieldingWaitStrategy;

/**
 * How the engine and reader threads wait for the next message: the Disruptor wait strategies,
 * from lowest latency (a core spent spinning) to lowest CPU use.
 *
 * <p><b>Note:</b> immutable; {@link #newStrategy()} allocates one strategy per ring.
 */
public enum EngineWait {
    /** Spins on the sequence: the lowest latency, one core fully used. */
    BUSY_SPIN,
    /** Spins, then yields the core: near busy-spin latency, but lets other threads run. */
    YIELDING,
    /**
     * Sleeps on a monitor and is woken by every publish: lowest CPU use when idle, a wake-up
     * (tens of microseconds across cores) per hand-off. The default, because an embedded library
     * should not spend a core unless asked to.
     */
    BLOCKING,
    /** Spins, yields, then parks for short periods: low CPU use, latency in the park's range. */
    SLEEPING;

    /**
     * Creates the Disruptor wait strategy.
     *
     * @return a new strategy.
     */
    public WaitStrategy newStrategy() {
        switch (this) {
            case BUSY_SPIN:
                return new BusySpinWaitStrategy();
            case YIELDING:
                return new YieldingWaitStrategy();
            case SLEEPING:
                return new SleepingWaitStrategy();
            default:
                return new BlockingWaitStrategy();
        }
    }
}
