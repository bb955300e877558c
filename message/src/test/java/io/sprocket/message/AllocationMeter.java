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

    /**
     * Parks the calling thread once. The JVM's first {@code LockSupport.park} sets {@code LockSupport}
     * up and allocates 280 B inside the JDK, on whichever thread parks first (later first parks, on
     * any thread, allocate nothing: measured here with three threads); a measured loop that may park
     * (a producer waiting on a full ring) calls this during its warm-up so that one-time cost is not
     * mistaken for steady-state allocation.
     */
    public static void parkOnce() {
        java.util.concurrent.locks.LockSupport.parkNanos(1_000);
    }

    /**
     * Measures a workload in the JVM's steady state: runs {@code window} up to {@code maxWindows}
     * times and returns the bytes allocated, on the calling thread and on each of {@code others},
     * by the first run during which the JIT compiled nothing.
     *
     * <p>Why: while the JIT is still at work, C2 deoptimizing a frame (a rarely taken branch taken
     * for the first time) re-materialises objects it had optimised away, and a recompiled method can
     * briefly run in the interpreter: a few hundred bytes, once, owed to the JVM rather than to the
     * code under test. A run with no compilation is steady state, and there the figure must be exact.
     * Nothing is subtracted or averaged; a quiet run that allocates is reported as it is.
     *
     * @return bytes of the first JIT-quiet run: index 0 the calling thread, then {@code others} in order.
     * <p>Only in the JVM the build gives tests tagged {@code alloc} (C1 only: no escape analysis to
     * hide an allocation, no speculation to undo mid-window); under C2 a measure is refused, so a test
     * that forgot its tag fails at once rather than now and then.
     *
     * @throws AssertionError when every run saw the JIT compiling, or when C2 is on.
     */
    public static long[] steadyState(final Runnable window, final int maxWindows, final Thread... others) {
        final java.lang.management.CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        final long[] before = new long[others.length];
        final long[] bytes = new long[others.length + 1];
        for (int run = 1; run <= maxWindows; run++) {
            for (int i = 0; i < others.length; i++) {
                before[i] = of(others[i]);
            }
            final long compileMsBefore = jit.getTotalCompilationTime();
            bytes[0] = measure(window);
            final long compileMs = jit.getTotalCompilationTime() - compileMsBefore;
            for (int i = 0; i < others.length; i++) {
                bytes[i + 1] = of(others[i]) - before[i];
            }
            if (compileMs == 0) {
                return bytes;
            }
        }
        throw new AssertionError("the JIT compiled during each of " + maxWindows + " runs: no steady state to measure");
    }

    /**
     * Fails unless this JVM runs C1 only ({@code -XX:TieredStopAtLevel=1}, as the build's
     * {@code allocation-tests} execution starts it).
     *
     * @throws AssertionError naming the missing tag otherwise.
     */
    public static void requireC1Only() {
        if (!ManagementFactory.getRuntimeMXBean().getInputArguments().contains("-XX:TieredStopAtLevel=1")) {
            throw new AssertionError("an allocation measure needs the C1-only JVM of the tests tagged \"alloc\""
                + " (C2's escape analysis and deoptimization move a few bytes in and out of a window): tag this test"
                + " @Tag(\"alloc\")");
        }
    }

    /** Bytes the calling thread has allocated so far. */
    public static long current() {
        return THREADS.getCurrentThreadAllocatedBytes();
    }

    /** Bytes the given live thread has allocated so far. */
    public static long of(final Thread thread) {
        return THREADS.getThreadAllocatedBytes(thread.getId());
    }

    /**
     * Bytes {@code task} allocates on the calling thread, less what the measurement itself costs.
     * Refused outside the C1-only JVM of the tests tagged {@code alloc} (see {@link #requireC1Only()}).
     */
    public static long measure(final Runnable task) {
        requireC1Only();
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
