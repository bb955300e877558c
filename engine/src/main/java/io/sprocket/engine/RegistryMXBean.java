package io.sprocket.engine;

import io.sprocket.ring.Described;

/**
 * A ring's registry figures for JMX, registered by {@link Engine#start()} as
 * {@code io.sprocket:type=Registry,name=<ring name>} and unregistered by close. Every attribute
 * has a description and a unit ({@link Described}).
 *
 * <p>Each attribute is read at its own moment; {@link #getSnapshot() Snapshot} reads every figure
 * at one moment (one {@link Registries#stats(RegistryStats)}).
 *
 * <p><b>Note:</b> called by JMX threads; each read fills a fresh {@link RegistryStats} (which
 * allocates: JMX itself allocates, and this is not a hot path).
 */
public interface RegistryMXBean extends RegistryFigures {
    /**
     * Every figure of this bean, read at one moment.
     *
     * @return the figures; JMX clients see a {@code CompositeData} whose items are named as the
     *         attributes, first letter in lower case.
     */
    @Described(value = "Every figure of these registries read at one moment (the separate attributes are each read at"
        + " their own moment). Items are named as the attributes, with the same meaning and unit.", units = "figures")
    RegistryFigures getSnapshot();
}
