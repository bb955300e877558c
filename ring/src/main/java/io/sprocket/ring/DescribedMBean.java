package io.sprocket.ring;

import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.management.JMException;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.StandardMBean;

/**
 * An MXBean whose attributes carry the descriptions and units of their {@link Described}
 * annotations, and which has a description of its own. Without it, JMX describes every attribute
 * by its own name and gives no unit. Sprocket's ring, pool and registry beans are registered
 * through it.
 *
 * <pre>{@code
 * server.registerMBean(new DescribedMBean(bean, RingMXBean.class, "A Sprocket ring: ..."), name);
 * }</pre>
 *
 * <p><b>Note:</b> safe for any number of JMX threads once constructed; construction reads the
 * interface's annotations once (and allocates), and the {@link MBeanInfo} is built once and cached.
 */
public final class DescribedMBean extends StandardMBean {
    private final String description;
    private final Map<String, String> attributes;

    /**
     * Wraps an MXBean implementation.
     *
     * @param <T>             the MXBean interface.
     * @param implementation  the bean.
     * @param mxbeanInterface its MXBean interface, every getter of which has {@link Described}.
     * @param description     what the bean as a whole is, and how its attributes are read.
     * @throws IllegalArgumentException when a getter of the interface has no {@link Described}, or
     *                                  the interface is not a compliant MXBean interface.
     */
    public <T> DescribedMBean(final T implementation, final Class<T> mxbeanInterface, final String description) {
        super(implementation, mxbeanInterface, true);
        this.description = description;
        this.attributes = describedAttributes(mxbeanInterface);
    }

    /**
     * Registers {@code implementation}, described, with the platform MBean server under {@code name}:
     * what the ring's, the engine's and the transport's beans do at start.
     *
     * <p><b>Note:</b> any thread; allocates (JMX does).
     *
     * @param <T>             the MXBean interface.
     * @param name            where to register it.
     * @param implementation  the bean.
     * @param mxbeanInterface its MXBean interface, every getter of which has {@link Described}.
     * @param description     what the bean as a whole is, and how its attributes are read.
     * @param whenTaken       the message of the {@link IllegalArgumentException} when {@code name} is
     *                        registered already (who owns it, and what to do).
     * @throws IllegalArgumentException when {@code name} is registered already.
     * @throws JMException              when the server refuses the bean.
     */
    public static <T> void register(final ObjectName name, final T implementation, final Class<T> mxbeanInterface,
        final String description, final String whenTaken) throws JMException {
        final MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        if (server.isRegistered(name)) {
            throw new IllegalArgumentException(whenTaken);
        }
        server.registerMBean(new DescribedMBean(implementation, mxbeanInterface, description), name);
    }

    /**
     * Unregisters the bean under {@code name} from the platform MBean server, if there is one; a
     * failure is logged as a warning on {@code loggerName}, never thrown (a close goes on).
     *
     * <p><b>Note:</b> any thread; allocates.
     *
     * @param name       the bean's name; null does nothing.
     * @param loggerName the logger for a failure, for example {@code io.sprocket.ring}.
     */
    public static void unregisterQuietly(final ObjectName name, final String loggerName) {
        if (name == null) {
            return;
        }
        try {
            final MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            if (server.isRegistered(name)) {
                server.unregisterMBean(name);
            }
        } catch (final JMException e) {
            System.getLogger(loggerName).log(System.Logger.Level.WARNING, "could not unregister " + name, e);
        }
    }

    /**
     * The description of each attribute of an MXBean interface, by attribute name.
     *
     * @param mxbeanInterface the interface.
     * @return a new map from attribute name ({@code getClaims} is {@code Claims}) to description.
     * @throws IllegalArgumentException when a getter has no {@link Described}.
     */
    static Map<String, String> describedAttributes(final Class<?> mxbeanInterface) {
        final Map<String, String> described = new HashMap<>();
        final List<String> missing = new ArrayList<>();
        for (final Method m : mxbeanInterface.getMethods()) {
            final String attribute = attributeName(m);
            if (attribute == null) {
                continue;
            }
            final Described d = m.getAnnotation(Described.class);
            if (d == null || d.value().isBlank() || d.units().isBlank()) {
                missing.add(attribute);
            } else {
                described.put(attribute, d.value());
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException(mxbeanInterface.getName() + " has attributes without a @Described "
                + "description and unit: " + missing);
        }
        return described;
    }

    /** The attribute a getter reads ({@code getX} or boolean {@code isX}), or null for another method. */
    private static String attributeName(final Method m) {
        if (m.getParameterCount() != 0 || m.getReturnType() == void.class || Modifier.isStatic(m.getModifiers())) {
            return null;
        }
        final String name = m.getName();
        if (name.startsWith("get") && name.length() > 3) {
            return name.substring(3);
        }
        if (name.startsWith("is") && name.length() > 2 && m.getReturnType() == boolean.class) {
            return name.substring(2);
        }
        return null;
    }

    @Override
    protected String getDescription(final MBeanInfo info) {
        return description;
    }

    @Override
    protected String getDescription(final MBeanAttributeInfo info) {
        return attributes.getOrDefault(info.getName(), info.getDescription());
    }
}
