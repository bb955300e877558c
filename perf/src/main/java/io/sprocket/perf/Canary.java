package io.sprocket.perf;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The two-thread canary: a bare busy-spin ping-pong over two padded longs, nothing else, whose median
 * round trip tells which mode the host placed the two vCPUs in right now. On this kind of machine it
 * is about 100 ns "near" and several times that "far" (PERF-NOTES), and two-thread figures taken in
 * different modes cannot be compared; so every two-thread series runs it before each round and after
 * the last, and prints what it saw.
 *
 * <p>Bounded: each side gives up at a deadline, so a canary can never hang or spin for ever.
 */
final class Canary {
    /** Median round trips below this are "near": about 100 ns near (PERF-NOTES), 250 ns and more far. */
    static final long NEAR_BELOW_NS = 175;
    private static final int WARMUP = 2_000;
    private static final int BATCHES = 21;
    private static final int BATCH = 500;
    /** Some 10 ms near or far; a canary that takes 50 times that is sharing the cores with other work. */
    private static final long TIMEOUT_NS = 500_000_000L;
    private static final int PING = 16;
    private static final int PONG = 32;
    private static final long STOP = -1;

    private Canary() {
    }

    /**
     * A canary reading: the median over 21 batches of the mean round trip in a batch of 500 (timing
     * batches, not single round trips, keeps the clock's own ~20 ns out of the figure), or -1 when it
     * could not finish in time, which happens when other runnable threads (another process, the JIT, the
     * GC) take turns with the two spinning ones.
     */
    static long medianNs() {
        final AtomicLongArray cells = new AtomicLongArray(48);
        final long deadline = System.nanoTime() + TIMEOUT_NS;
        final Thread ponger = new Thread(() -> pong(cells, deadline), "sprocket-perf-canary");
        ponger.setDaemon(true);
        ponger.start();
        final long[] batchNs = new long[BATCHES];
        long next = 1;
        boolean ok = pingPong(cells, next, WARMUP, deadline);
        next += WARMUP;
        for (int b = 0; b < BATCHES && ok; b++) {
            final long t0 = System.nanoTime();
            ok = pingPong(cells, next, BATCH, deadline);
            batchNs[b] = (System.nanoTime() - t0) / BATCH;
            next += BATCH;
        }
        cells.setRelease(PING, STOP);
        try {
            ponger.join(1000);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!ok) {
            return -1;
        }
        Arrays.sort(batchNs);
        return batchNs[BATCHES / 2];
    }

    /** {@code count} round trips numbered from {@code first}; false when the deadline passed. */
    private static boolean pingPong(final AtomicLongArray cells, final long first, final int count, final long deadline) {
        for (long i = first; i < first + count; i++) {
            cells.setRelease(PING, i);
            int spins = 0;
            while (cells.get(PONG) != i) {
                Thread.onSpinWait();
                if ((++spins & 0xFFF) == 0 && System.nanoTime() - deadline > 0) {
                    return false;
                }
            }
        }
        return true;
    }

    private static void pong(final AtomicLongArray cells, final long deadline) {
        long last = 0;
        int spins = 0;
        while (true) {
            final long v = cells.get(PING);
            if (v == STOP) {
                return;
            }
            if (v != last) {
                cells.setRelease(PONG, v);
                last = v;
            } else {
                Thread.onSpinWait();
                if ((++spins & 0xFFF) == 0 && System.nanoTime() - deadline > 0) {
                    return;
                }
            }
        }
    }

    static String mode(final long medianNs) {
        if (medianNs < 0) {
            return "busy";
        }
        return medianNs < NEAR_BELOW_NS ? "near" : "far";
    }

    /** The mode of a round given the canaries before and after it. */
    static String mode(final long beforeNs, final long afterNs) {
        final String before = mode(beforeNs);
        final String after = mode(afterNs);
        return before.equals(after) ? before : "mixed";
    }
}
