package io.sprocket.ring;

import java.util.concurrent.locks.LockSupport;

/**
 * Parks the agent's thread when it has nothing to do, for at most 100 ms at a time, and unparks it
 * when a producer publishes: the default for ring consumers, which then cost no CPU while idle and
 * wake within an unpark (some tens of microseconds across cores here) when a message comes.
 *
 * <p><b>Note:</b> as {@link WakeableIdleStrategy}. The JVM's first park, on whichever thread parks
 * first, allocates 280 B inside the JDK as it sets {@code LockSupport} up, once.
 */
public final class ParkingIdleStrategy extends WakeableIdleStrategy {
    /** The longest single park: an upper bound on a sleep, never reached while messages flow. */
    public static final long MAX_PARK_NS = 100_000_000L;

    /** Creates the strategy; one per agent thread. */
    public ParkingIdleStrategy() {
        // No state beyond the base class's.
    }

    @Override
    protected void sleep() {
        LockSupport.parkNanos(this, MAX_PARK_NS);
    }

    @Override
    protected void wakeUp(final Thread thread) {
        LockSupport.unpark(thread);
    }

    @Override
    public String alias() {
        return "parking";
    }
}
