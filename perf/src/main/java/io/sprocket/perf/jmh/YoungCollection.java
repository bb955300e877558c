package io.sprocket.perf.jmh;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;

/**
 * Makes the garbage collector run once by allocation, as it does in a service that has been up for
 * a while: a collector that evacuates (G1's young collections, Parallel's scavenges) copies the live
 * objects it finds, so objects that were allocated side by side may no longer be after it.
 * {@code System.gc()} would not do: G1's full collection slides objects and keeps their order.
 *
 * <p><b>Note:</b> called from a benchmark's setup, outside any measurement; allocates by design.
 */
final class YoungCollection {
    /** Bytes allocated per step: small enough for the young generation, never humongous in G1. */
    private static final int CHUNK = 64 * 1024;
    /** Far more than any young generation this harness runs with: past it, something is wrong. */
    private static final long LIMIT_BYTES = 64L * 1024 * 1024 * 1024;

    /** Keeps the last chunk reachable until the next, so the allocation is not removed. */
    static byte[] sink;

    private YoungCollection() {
    }

    /**
     * Allocates garbage until one collection has run.
     *
     * @throws IllegalStateException when none ran after {@value #LIMIT_BYTES} bytes.
     */
    static void run() {
        final long before = collections();
        long bytes = 0;
        while (collections() == before) {
            if (bytes > LIMIT_BYTES) {
                throw new IllegalStateException("no garbage collection ran after allocating " + bytes + " bytes");
            }
            sink = new byte[CHUNK];
            bytes += CHUNK;
        }
        sink = null;
    }

    private static long collections() {
        long count = 0;
        for (final GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            count += Math.max(0, gc.getCollectionCount());
        }
        return count;
    }
}
