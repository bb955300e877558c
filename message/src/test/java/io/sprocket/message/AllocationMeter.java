package io.sprocket.message;

import java.lang.management.ManagementFactory;

/**
 * Exact bytes allocated by a thread, from {@code com.sun.management.ThreadMXBean}. Shared with the
 * other modules' tests through this module's test jar.
 */
public final class AllocationMeter {
    private static final com.sun.management.ThreadMXBean THREADS =
        (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();

    static {
        THREADS.setThreadAllocatedMemoryEnabled(true);
    }

    private AllocationMeter() {
    }

    /** Bytes the calling thread has allocated so far. */
    public static long current() {
        return THREADS.getCurrentThreadAllocatedBytes();
    }

    /** Bytes the given live thread has allocated so far. */
    public static long of(final Thread thread) {
        return THREADS.getThreadAllocatedBytes(thread.getId());
    }

    /** Bytes {@code task} allocates on the calling thread, less what the measurement itself costs. */
    public static long measure(final Runnable task) {
        final long overhead = overhead();
        final long before = current();
        task.run();
        final long after = current();
        return after - before - overhead;
    }

    private static long overhead() {
        final long a = current();
        final long b = current();
        return b - a;
    }
}
