package io.sprocket.ring;

/**
 * A ring's figures for JMX, registered by {@link MessageRing#start()} as
 * {@code io.sprocket:type=Ring,name=<ring name>} and unregistered by close. Every attribute has a
 * description and a unit ({@link Described}).
 *
 * <p>Each attribute is read at its own moment, so reading them one after another under traffic can
 * show more handled than claimed. {@link #getSnapshot() Snapshot} reads every figure at one moment
 * (one {@link MessageRing#stats(RingStats)}), in which {@code handled <= claims} and
 * {@code recycled <= claims} always hold.
 *
 * <p><b>Note:</b> called by JMX threads; each read fills a fresh {@link RingStats} (which allocates:
 * JMX itself allocates, and this is not a hot path).
 */
public interface RingMXBean extends RingFigures {
    /**
     * Every figure of this bean, read at one moment.
     *
     * @return the figures; JMX clients see a {@code CompositeData} whose items are named as the
     *         attributes, first letter in lower case.
     */
    @Described(value = "Every figure of this ring read at one moment, in which handled <= claims and recycled <= claims"
        + " always hold (the separate attributes are each read at their own moment). Items are named as the"
        + " attributes, with the same meaning and unit.", units = "figures")
    RingFigures getSnapshot();
}
