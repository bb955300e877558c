package io.sprocket.perf;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.HdrHistogram.Histogram;
import org.agrona.BufferUtil;
import org.agrona.concurrent.UnsafeBuffer;

/** Small helpers shared by the suites: histograms, off-heap slots, bounded waits, allocation counters. */
final class Support {
    /** Latencies above this are recorded as this: 100 s. */
    static final long HIGHEST_NS = 100_000_000_000L;
    private static final com.sun.management.ThreadMXBean THREADS =
        (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();

    static {
        if (THREADS.isThreadAllocatedMemorySupported()) {
            THREADS.setThreadAllocatedMemoryEnabled(true);
        }
    }

    private Support() {
    }

    /** A histogram of nanoseconds, 3 significant digits, up to {@link #HIGHEST_NS}. */
    static Histogram newHistogram() {
        return new Histogram(HIGHEST_NS, 3);
    }

    /**
     * A copy of a histogram just measured, stamped with the interval it covers, from {@code startMs} to
     * now (milliseconds since the epoch), for {@link io.sprocket.perf.report.LatencySeries#addInterval}.
     */
    static Histogram interval(final Histogram measured, final long startMs) {
        final Histogram copy = measured.copy();
        copy.setStartTimeStamp(startMs);
        copy.setEndTimeStamp(Math.max(startMs, System.currentTimeMillis()));
        return copy;
    }

    /** Records a value, clamped into the histogram's range; allocates nothing. */
    static void record(final Histogram histogram, final long ns) {
        histogram.recordValue(ns < 0 ? 0 : Math.min(ns, HIGHEST_NS));
    }

    /**
     * {@code count} views of {@code sizeBytes} each over one 64-byte-aligned direct region, each view on
     * its own cache lines: the raw baselines' slots, laid out as Sprocket lays out its ring.
     */
    static UnsafeBuffer[] slices(final int count, final int sizeBytes) {
        final int stride = (sizeBytes + 63) & ~63;
        final ByteBuffer region = BufferUtil.allocateDirectAligned(stride * count, 64);
        final UnsafeBuffer[] views = new UnsafeBuffer[count];
        for (int i = 0; i < count; i++) {
            views[i] = new UnsafeBuffer(region, i * stride, sizeBytes);
        }
        return views;
    }

    /** A payload template of random bytes, so no system gets a compressible or all-zero payload. */
    static UnsafeBuffer template(final int sizeBytes) {
        final UnsafeBuffer b = new UnsafeBuffer(BufferUtil.allocateDirectAligned((sizeBytes + 63) & ~63, 64));
        final SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < sizeBytes; i++) {
            b.putByte(i, (byte)random.nextInt());
        }
        return b;
    }

    /** Waits for a latch, at most {@code timeoutNs}; a timeout is a {@link RunFailure}. */
    static void await(final CountDownLatch latch, final long timeoutNs, final String what) {
        try {
            if (!latch.await(timeoutNs, TimeUnit.NANOSECONDS)) {
                throw new RunFailure(what + " did not finish within " + timeoutNs / 1_000_000 + " ms");
            }
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RunFailure(what + " was interrupted");
        }
    }

    /** Joins a thread, at most {@code timeoutNs}, interrupting it if it is still alive then. */
    static void join(final Thread thread, final long timeoutNs) {
        try {
            thread.join(Math.max(1, timeoutNs / 1_000_000));
            if (thread.isAlive()) {
                thread.interrupt();
                thread.join(100);
            }
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static Thread daemon(final Runnable task, final String name) {
        final Thread t = new Thread(task, name);
        t.setDaemon(true);
        return t;
    }

    /** Bytes the calling thread has allocated so far (exact, from HotSpot's TLAB accounting). */
    static long allocatedBytes() {
        return THREADS.getCurrentThreadAllocatedBytes();
    }

    /** Bytes a live thread has allocated so far; -1 when it is not alive. */
    static long allocatedBytes(final Thread thread) {
        return THREADS.getThreadAllocatedBytes(thread.getId());
    }

    /** What measuring {@link #allocatedBytes()} twice costs by itself (0 on HotSpot once warm). */
    static long allocationProbeOverhead() {
        long min = Long.MAX_VALUE;
        for (int i = 0; i < 16; i++) {
            final long a = allocatedBytes();
            final long b = allocatedBytes();
            min = Math.min(min, b - a);
        }
        return min;
    }

    /**
     * Initializes the Disruptor's preallocated {@code InsufficientCapacityException}, which a claim that
     * loses the race for the last free slot to another producer receives. Its class creates it (40 B)
     * when first used, on whichever thread first loses that race: a one-off of the library, not a cost
     * per message, that would otherwise land in whatever window it happens in.
     */
    static void initClaimRaceException() {
        if (com.lmax.disruptor.InsufficientCapacityException.INSTANCE == null) {
            throw new IllegalStateException("the Disruptor's preallocated exception is missing");
        }
    }

    static long millisToNanos(final long millis) {
        return TimeUnit.MILLISECONDS.toNanos(millis);
    }
}
