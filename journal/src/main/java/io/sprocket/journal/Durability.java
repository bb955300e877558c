package io.sprocket.journal;

import java.util.concurrent.TimeUnit;

/**
 * When the journal forces what it wrote to the storage device ({@code msync} of the mapped
 * segment). Every policy survives a crash of the process: a record is in the kernel's page cache
 * the moment the journaller reports it written, and the kernel writes it out whether or not the
 * process lives. The policies differ in what a power loss (or a kernel crash) can take:
 *
 * <ul>
 *   <li>{@link #NONE}: never forced; the kernel writes the pages back in its own time (on Linux
 *       within about 30 s by default). A power loss loses what it had not written yet.</li>
 *   <li>{@link #BATCH}: forced before the ring lets the engine pass the records, that is at the
 *       end of each ring batch (the last slot available, or the slot ending a block of 32, where
 *       the ring hands a reader's progress on), also when that slot is one the journal never sees
 *       (a control event, a cancelled claim). A power loss loses nothing the engine has seen, with
 *       {@link Journal.Placement#BEFORE_ENGINE}.</li>
 *   <li>{@link #everyN(int) EVERY_N}: forced after every n records. A power loss loses at most the
 *       last n - 1 records; records wait for the next n-th (or for a segment change or the close)
 *       however long the stream is quiet.</li>
 *   <li>{@link #interval(long) INTERVAL}: a flusher thread forces what was written every interval.
 *       A power loss loses at most the records of the last interval (and of the force under way).</li>
 * </ul>
 *
 * <p>Every policy but {@code NONE} also forces a segment when it is complete, a new segment's
 * header and its directory entry before records go into it, and everything at the close.
 *
 * <p><b>Note:</b> immutable; any thread. The factories allocate; {@link #NONE} and {@link #BATCH}
 * are shared constants.
 */
public final class Durability {
    /**
     * The kind of policy.
     *
     * <p><b>Note:</b> constants: any thread, no allocation.
     */
    public enum Kind {
        /** Never forced. */
        NONE,
        /** Forced before the engine may pass the records. */
        BATCH,
        /** Forced after every n records. */
        EVERY_N,
        /** Forced by a flusher thread every interval. */
        INTERVAL
    }

    /** Never forced: the page cache only. Survives a process crash. */
    public static final Durability NONE = new Durability(Kind.NONE, 0, 0);
    /** Forced before the ring lets the engine pass the records. */
    public static final Durability BATCH = new Durability(Kind.BATCH, 0, 0);

    private final Kind kind;
    private final int records;
    private final long intervalNs;

    private Durability(final Kind kind, final int records, final long intervalNs) {
        this.kind = kind;
        this.records = records;
        this.intervalNs = intervalNs;
    }

    /**
     * Forced after every {@code n} records.
     *
     * @param n records between forces, 1 or more (1: every record).
     * @return the policy.
     * @throws IllegalArgumentException when {@code n} is below 1.
     */
    public static Durability everyN(final int n) {
        if (n < 1) {
            throw new IllegalArgumentException("everyN needs 1 record or more between forces, got " + n);
        }
        return new Durability(Kind.EVERY_N, n, 0);
    }

    /**
     * Forced by a flusher thread every {@code intervalNs}.
     *
     * @param intervalNs from 1 ms to 1 hour.
     * @return the policy.
     * @throws IllegalArgumentException when out of range.
     */
    public static Durability interval(final long intervalNs) {
        if (intervalNs < TimeUnit.MILLISECONDS.toNanos(1) || intervalNs > TimeUnit.HOURS.toNanos(1)) {
            throw new IllegalArgumentException("interval must be from 1 ms to 1 hour, got " + intervalNs + " ns");
        }
        return new Durability(Kind.INTERVAL, 0, intervalNs);
    }

    /**
     * The kind.
     *
     * @return the kind of policy.
     */
    public Kind kind() {
        return kind;
    }

    /**
     * Records between forces.
     *
     * @return n for {@link Kind#EVERY_N}, otherwise 0.
     */
    public int records() {
        return records;
    }

    /**
     * Time between forces.
     *
     * @return nanoseconds for {@link Kind#INTERVAL}, otherwise 0.
     */
    public long intervalNs() {
        return intervalNs;
    }

    /**
     * Whether this policy ever forces.
     *
     * @return false for {@link #NONE}.
     */
    public boolean forces() {
        return kind != Kind.NONE;
    }

    @Override
    public String toString() {
        if (kind == Kind.EVERY_N) {
            return "EVERY_N(" + records + ")";
        }
        if (kind == Kind.INTERVAL) {
            return "INTERVAL(" + TimeUnit.NANOSECONDS.toMillis(intervalNs) + " ms)";
        }
        return kind.name();
    }
}
