package io.sprocket.ring;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;

import javax.management.JMException;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanInfo;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;

/** Test helpers, shared through the ring's test jar: what every Sprocket MXBean must show a JMX client. */
public final class JmxChecks {
    private JmxChecks() {
    }

    /**
     * Checks that the bean has a description of its own, and that every attribute has a description
     * other than its name and a {@code units} descriptor field; returns how many attributes it has.
     */
    public static int assertEveryAttributeDescribed(final ObjectName name) throws JMException {
        final MBeanInfo info = ManagementFactory.getPlatformMBeanServer().getMBeanInfo(name);
        assertThat(info.getDescription()).as("%s's own description", name).isNotBlank()
            .isNotEqualTo(info.getClassName());
        final MBeanAttributeInfo[] attributes = info.getAttributes();
        assertThat(attributes).as("%s's attributes", name).isNotEmpty();
        for (final MBeanAttributeInfo a : attributes) {
            assertThat(a.getDescription()).as("%s %s: description", name, a.getName())
                .isNotBlank().isNotEqualTo(a.getName()).hasSizeGreaterThan(a.getName().length() + 10);
            assertThat(a.getDescriptor().getFieldValue("units")).as("%s %s: units", name, a.getName())
                .isInstanceOf(String.class).asString().isNotBlank();
        }
        return attributes.length;
    }

    /** The bean's Snapshot attribute: every figure at one moment. */
    public static CompositeData snapshot(final ObjectName name) throws JMException {
        return (CompositeData)ManagementFactory.getPlatformMBeanServer().getAttribute(name, "Snapshot");
    }
}
