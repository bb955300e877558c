package io.sprocket.transport;

import io.sprocket.ring.Described;

/**
 * A transport's figures for JMX, registered when the transport is built, if its engine registers
 * its own beans, as {@code io.sprocket:type=Transport,name=<ring name>}, and unregistered by its
 * close. Every attribute has a description and a unit ({@link Described}).
 *
 * <p>Each attribute is read at its own moment; {@link #getSnapshot() Snapshot} reads every figure at
 * one moment (one {@link Transport#stats(TransportStats)}).
 *
 * <p><b>Note:</b> called by JMX threads; each read fills a fresh {@link TransportStats} (which
 * allocates: JMX itself allocates, and this is not a hot path).
 */
public interface TransportMXBean extends TransportFigures {
    /**
     * Every figure of this bean, read at one moment.
     *
     * @return the figures; JMX clients see a {@code CompositeData} whose items are named as the
     *         attributes, first letter in lower case.
     */
    @Described(value = "Every figure of this transport read at one moment (the separate attributes are each read at"
        + " their own moment). Items are named as the attributes, with the same meaning and unit.", units = "figures")
    TransportFigures getSnapshot();
}
