package io.sprocket.message;

/**
 * A snapshot of a {@link BufferPool}'s counters, filled into an object the caller owns and reuses.
 *
 * <p>Each figure is read atomically; the set is read one figure after another, the releases first,
 * so within one snapshot {@code puts <= gets} holds even while the pool is busy (see
 * {@link BufferPool#stats(PoolStats)}). Two snapshots taken one after the other may differ in every
 * count, the later one larger.
 *
 * <p><b>Note:</b> not thread-safe; one thread fills and reads one instance. Filling and reading
 * allocate nothing.
 */
public final class PoolStats {
    long gets;
    long puts;
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
    public long gets() {
        return gets;
    }

    /**
     * Releases back to the pool, including those it dropped.
     *
     * @return a count since the pool was created.
     */
    public long puts() {
        return puts;
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
     * @return gets minus buffersAllocated.
     */
    public long hits() {
        return gets - buffersAllocated;
    }

    /**
     * The share of acquires served without allocating: (gets - buffersAllocated) / gets.
     *
     * @return 0 to 1; 1 when there were no gets.
     */
    public double hitRate() {
        return gets == 0 ? 1.0 : (double)(gets - buffersAllocated) / gets;
    }

    @Override
    public String toString() {
        return "PoolStats{gets=" + gets + ", puts=" + puts + ", buffersAllocated=" + buffersAllocated
            + ", oversized=" + oversized
            + ", dropped=" + dropped + ", retained=" + retained + "/" + maxRetained + ", hitRate=" + hitRate() + '}';
    }
}
