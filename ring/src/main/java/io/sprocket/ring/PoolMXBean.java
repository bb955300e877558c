package io.sprocket.ring;

/**
 * A {@link io.sprocket.message.BufferPool}'s figures for JMX. A ring registers its clone pool as
 * {@code io.sprocket:type=BufferPool,name=<pool name>} (the pool is named {@code <ring>-clones}) on
 * start and unregisters it on close. Every attribute has a description and a unit
 * ({@link Described}).
 *
 * <p>Each attribute is read at its own moment; {@link #getSnapshot() Snapshot} reads every figure
 * at one moment (one {@link io.sprocket.message.BufferPool#stats}), in which
 * {@code releases <= acquires} always holds.
 *
 * <p><b>Note:</b> called by JMX threads; each read fills a fresh
 * {@link io.sprocket.message.PoolStats} (which allocates: JMX itself allocates, and this is not a
 * hot path).
 */
public interface PoolMXBean extends PoolFigures {
    /**
     * Every figure of this bean, read at one moment.
     *
     * @return the figures; JMX clients see a {@code CompositeData} whose items are named as the
     *         attributes, first letter in lower case.
     */
    @Described(value = "Every figure of this pool read at one moment, in which releases <= acquires always holds (the"
        + " separate attributes are each read at their own moment). Items are named as the attributes, with the same"
        + " meaning and unit.", units = "figures")
    PoolFigures getSnapshot();
}
