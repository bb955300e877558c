package io.sprocket.message;

/**
 * A snapshot of a {@link BufferPool}'s counters, filled into an object the caller owns and reuses.
 *
 * <p>Each figure is read atomically; the set is read one figure after another, the releases first,
 * so within one snapshot {@code releases <= acquires} holds even while the pool is busy (see
 * {@link BufferPool#stats(PoolStats)}). Two snapshots taken one after the other may differ in every
 * count, the later one larger.
 *
 * <p><b>Note:</b> not thread-safe; one thread fills and reads one instance. Filling and reading
 * allocate nothing.
 */
public final class PoolStats {
    long acquires;
    long releases;
    long buffersAllocated;
    long oversized;
    long dropped;
    long retained;
    long maxRetained;

    /** Creates an empty snapshot to be filled by {@link BufferPool#stats(PoolStats)}. */
    public PoolStats() {
    }

    /**
     * Acquires, including those served by a new allocation.
     *
     * @return a count since the pool was created.
     */
    public long acquires() {
        return acquires;
    }

    /**
     * Releases back to the pool, including those it dropped.
     *
     * @return a count since the pool was created.
     */
    public long releases() {
        return releases;
    }

    /**
     * Buffers the pool allocated because its free list could not serve an acquire: the misses
     * (the free list was empty, as it is until the pool is warm) and the {@link #oversized()}
     * requests. Once the pool is warm this stays still; a count that keeps growing means
     * {@code maxRetained} is too small for the messages held at once.
     *
     * @return a count since the pool was created.
     */
    public long buffersAllocated() {
        return buffersAllocated;
    }

    /**
     * Acquires above the pooled size, each served by a one-off allocation (also counted in
     * {@link #buffersAllocated()}).
     *
     * @return a count since the pool was created.
     */
    public long oversized() {
        return oversized;
    }

    /**
     * Releases the pool did not keep because it already held its maximum.
     *
     * @return a count since the pool was created.
     */
    public long dropped() {
        return dropped;
    }

    /**
     * Buffers on the free list now.
     *
     * @return a count, at most {@link #maxRetained()}.
     */
    public long retained() {
        return retained;
    }

    /**
     * The most buffers the pool keeps.
     *
     * @return the bound.
     */
    public long maxRetained() {
        return maxRetained;
    }

    /**
     * Acquires that needed no allocation.
     *
     * @return acquires minus buffersAllocated.
     */
    public long hits() {
        return acquires - buffersAllocated;
    }

    /**
     * The share of acquires served without allocating: (acquires - buffersAllocated) / acquires.
     *
     * @return 0 to 1; 1 when there were no acquires.
     */
    public double hitRate() {
        return acquires == 0 ? 1.0 : (double)(acquires - buffersAllocated) / acquires;
    }

    @Override
    public String toString() {
        return "PoolStats{acquires=" + acquires + ", releases=" + releases + ", buffersAllocated=" + buffersAllocated
            + ", oversized=" + oversized
            + ", dropped=" + dropped + ", retained=" + retained + "/" + maxRetained + ", hitRate=" + hitRate() + '}';
    }
}
