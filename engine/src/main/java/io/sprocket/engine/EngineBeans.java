package io.sprocket.engine;

import javax.management.JMException;
import javax.management.ObjectName;

import io.sprocket.ring.DescribedMBean;

/** JMX registration of an engine's registry MXBean, beside its ring's, with descriptions and units. */
final class EngineBeans {
    private final ObjectName registryName;

    EngineBeans(final String name, final Registries registries) {
        try {
            registryName = new ObjectName("io.sprocket:type=Registry,name=" + name);
            DescribedMBean.register(registryName, new RegistryBean(registries, null), RegistryMXBean.class,
                "The registries of engine '" + name + "': sockets, peers and connections now, and the control events"
                    + " that changed them. Each attribute is read at its own moment; Snapshot reads them all at one"
                    + " moment.", "an engine named '" + name
                    + "' is already registered with JMX: give each running engine its own name");
        } catch (final JMException e) {
            throw new IllegalStateException("could not register engine '" + name + "' with JMX", e);
        }
    }

    void unregister() {
        DescribedMBean.unregisterQuietly(registryName, "io.sprocket.engine");
    }

    /** The live bean (no fixed snapshot: each attribute read fills a fresh one), or one snapshot's figures. */
    private static final class RegistryBean implements RegistryMXBean {
        private final Registries registries;
        private final RegistryStats fixed;

        RegistryBean(final Registries registries, final RegistryStats fixed) {
            this.registries = registries;
            this.fixed = fixed;
        }

        private RegistryStats s() {
            return fixed != null ? fixed : registries.stats(new RegistryStats());
        }

        @Override
        public RegistryFigures getSnapshot() {
            return new RegistryBean(registries, registries.stats(new RegistryStats()));
        }

        @Override
        public long getSockets() {
            return s().sockets();
        }

        @Override
        public long getPeers() {
            return s().peers();
        }

        @Override
        public long getConnections() {
            return s().connections();
        }

        @Override
        public long getControlEvents() {
            return s().controlEvents();
        }

        @Override
        public long getControlErrors() {
            return s().controlErrors();
        }

        @Override
        public long getUnknownPeerMessages() {
            return s().unknownPeerMessages();
        }

        @Override
        public long getRehashes() {
            return s().rehashes();
        }

        @Override
        public long getSnapshots() {
            return s().snapshots();
        }
    }
}
