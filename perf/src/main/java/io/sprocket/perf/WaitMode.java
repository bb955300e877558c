package io.sprocket.perf;

import com.lmax.disruptor.WaitStrategy;

import io.sprocket.ring.EngineWait;

/**
 * The {@code --wait} option: how consumer threads wait, the same for Sprocket and the raw Disruptor
 * (both get the strategy from {@link EngineWait#newStrategy()}), and how a producer idles when it
 * cannot claim (the same for every system).
 */
enum WaitMode {
    /** Busy-spin consumers; producers spin with {@link Thread#onSpinWait()}. One core per thread. */
    BUSY(EngineWait.BUSY_SPIN),
    /** Yielding consumers; producers yield. */
    YIELD(EngineWait.YIELDING),
    /** Blocking consumers (a lock and a condition, woken by every publish); producers yield. */
    BLOCK(EngineWait.BLOCKING),
    /** Sleeping consumers (spin, yield, then short parks); producers yield. */
    SLEEP(EngineWait.SLEEPING);

    private final EngineWait engineWait;

    WaitMode(final EngineWait engineWait) {
        this.engineWait = engineWait;
    }

    EngineWait engineWait() {
        return engineWait;
    }

    /** The raw Disruptor's wait strategy that matches this mode, for the baselines. */
    WaitStrategy newStrategy() {
        return disruptorStrategy(engineWait);
    }

    /** The Disruptor wait strategy a raw-Disruptor baseline uses for a Sprocket engine wait. */
    static WaitStrategy disruptorStrategy(final EngineWait wait) {
        switch (wait) {
            case BUSY_SPIN:
                return new com.lmax.disruptor.BusySpinWaitStrategy();
            case YIELDING:
                return new com.lmax.disruptor.YieldingWaitStrategy();
            case SLEEPING:
                return new com.lmax.disruptor.SleepingWaitStrategy();
            default:
                return new com.lmax.disruptor.BlockingWaitStrategy();
        }
    }

    /** Whether the consumers spin (so every consumer thread holds a core). */
    boolean spins() {
        return this == BUSY || this == YIELD;
    }

    /** One idle step of a producer that found no room; allocates nothing. */
    void idle() {
        if (this == BUSY) {
            Thread.onSpinWait();
        } else {
            Thread.yield();
        }
    }

    String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
