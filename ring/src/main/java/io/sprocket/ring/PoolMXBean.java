package io.sprocket.ring;

/**
 * A {@link io.sprocket.message.BufferPool}'s figures for JMX. A ring registers its clone pool as
 * {@code io.sprocket:type=BufferPool,name=<ring name>} on start and unregisters it on close. The
 * figures are those of {@link io.sprocket.message.PoolStats}.
 *
 * <p><b>Note:</b> called by JMX threads; each attribute read takes a fresh snapshot (which
 * allocates: JMX itself allocates, and this is not a hot path).
 */
public interface PoolMXBean {
    /**
     * The pool's name.
     *
     * @return the name.
     */
    String getName();

    /**
     * Acquires.
     *
     * @return a count.
     */
    long getGets();

    /**
     * Releases.
     *
     * @return a count.
     */
    long getPuts();

    /**
     * Allocations (misses).
     *
     * @return a count.
     */
    long getBuffersAllocated();

    /**
     * Acquires above the pooled size.
     *
     * @return a count.
     */
    long getOversized();

    /**
     * Releases dropped because the pool was full.
     *
     * @return a count.
     */
    long getDropped();

    /**
     * Buffers on the free list.
     *
     * @return a count.
     */
    long getRetained();

    /**
     * The retention bound.
     *
     * @return a count.
     */
    long getMaxRetained();

    /**
     * (gets - buffersAllocated) / gets.
     *
     * @return 0 to 1.
     */
    double getHitRate();
}
