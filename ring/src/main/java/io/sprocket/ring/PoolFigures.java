package io.sprocket.ring;

/**
 * A {@link io.sprocket.message.BufferPool}'s figures as JMX shows them: the attributes of
 * {@link PoolMXBean}, each read at its own moment, and the items of its
 * {@link PoolMXBean#getSnapshot() Snapshot}, all read at one moment. The figures are those of
 * {@link io.sprocket.message.PoolStats}.
 *
 * <p><b>Note:</b> a view for JMX; its getters are called by JMX threads and allocate nothing
 * beyond what the bean they belong to says.
 */
public interface PoolFigures {
    /**
     * The pool's name.
     *
     * @return the name.
     */
    @Described(value = "The pool's name, as its error messages give it: <ring>-clones for a ring's clone pool.",
        units = "text")
    String getName();

    /**
     * See {@link io.sprocket.message.PoolStats#acquires()}.
     *
     * @return messages.
     */
    @Described(value = "Messages taken from the pool since it was created (Message.clone() of a ring message takes"
        + " one), those served by a new buffer included." + Described.ALONE, units = "messages")
    long getAcquires();

    /**
     * See {@link io.sprocket.message.PoolStats#releases()}.
     *
     * @return messages.
     */
    @Described(value = "Messages given back to the pool since it was created, those it dropped included."
        + Described.ALONE, units = "messages")
    long getReleases();

    /**
     * See {@link io.sprocket.message.PoolStats#buffersAllocated()}.
     *
     * @return buffers.
     */
    @Described(value = "Buffers the pool allocated since it was created because its free list had none to give:"
        + " while it warms up, whenever more messages are out at once than it keeps, and for every request above the"
        + " pooled size. Flat once the pool is warm." + Described.ALONE, units = "buffers")
    long getBuffersAllocated();

    /**
     * See {@link io.sprocket.message.PoolStats#oversized()}.
     *
     * @return messages.
     */
    @Described(value = "Acquires above the pooled size since the pool was created, each served by a one-off buffer"
        + " that is never kept (also counted in BuffersAllocated)." + Described.ALONE, units = "messages")
    long getOversized();

    /**
     * See {@link io.sprocket.message.PoolStats#dropped()}.
     *
     * @return buffers.
     */
    @Described(value = "Releases the pool did not keep since it was created, because it already held MaxRetained"
        + " buffers; their memory goes back with the garbage collector." + Described.ALONE, units = "buffers")
    long getDropped();

    /**
     * See {@link io.sprocket.message.PoolStats#retained()}.
     *
     * @return buffers.
     */
    @Described(value = "Buffers on the free list now, ready for the next acquire.", units = "buffers")
    long getRetained();

    /**
     * See {@link io.sprocket.message.PoolStats#maxRetained()}.
     *
     * @return buffers.
     */
    @Described(value = "The most buffers the pool keeps on its free list.", units = "buffers")
    long getMaxRetained();

    /**
     * See {@link io.sprocket.message.PoolStats#hitRate()}.
     *
     * @return 0 to 1.
     */
    @Described(value = "Share of acquires served without allocating: (Acquires - BuffersAllocated) / Acquires; 1"
        + " before the first acquire.", units = "ratio")
    double getHitRate();
}
