package io.sprocket.ring;

import java.lang.management.ManagementFactory;

import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

import io.sprocket.message.BufferPool;
import io.sprocket.message.PoolStats;

/** JMX registration of a ring's and its pool's MXBeans. */
final class Beans {
    private final ObjectName ringName;
    private final ObjectName poolName;

    Beans(final MessageRing ring, final BufferPool pool) {
        final MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        try {
            ringName = new ObjectName("io.sprocket:type=Ring,name=" + ring.name());
            poolName = new ObjectName("io.sprocket:type=BufferPool,name=" + ring.name());
            if (server.isRegistered(ringName) || server.isRegistered(poolName)) {
                throw new IllegalArgumentException("a ring named '" + ring.name()
                    + "' is already registered with JMX: give each running ring its own name");
            }
            server.registerMBean(new RingBean(ring), ringName);
            server.registerMBean(new PoolBean(pool), poolName);
        } catch (final JMException e) {
            unregister();
            throw new IllegalStateException("could not register ring '" + ring.name() + "' with JMX", e);
        }
    }

    void unregister() {
        final MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        for (final ObjectName name : new ObjectName[] {ringName, poolName}) {
            try {
                if (name != null && server.isRegistered(name)) {
                    server.unregisterMBean(name);
                }
            } catch (final JMException e) {
                System.getLogger("io.sprocket.ring").log(System.Logger.Level.WARNING, "could not unregister " + name, e);
            }
        }
    }

    private static final class RingBean implements RingMXBean {
        private final MessageRing ring;

        RingBean(final MessageRing ring) {
            this.ring = ring;
        }

        private RingStats s() {
            return ring.stats(new RingStats());
        }

        @Override
        public String getName() {
            return ring.name();
        }

        @Override
        public int getRingSize() {
            return ring.ringSize();
        }

        @Override
        public int getSlotSizeBytes() {
            return ring.slotSizeBytes();
        }

        @Override
        public long getClaims() {
            return s().claims();
        }

        @Override
        public long getRecycled() {
            return s().recycled();
        }

        @Override
        public long getInFlight() {
            return s().inFlight();
        }

        @Override
        public long getHandled() {
            return s().handled();
        }

        @Override
        public long getFullRejections() {
            return s().fullRejections();
        }

        @Override
        public long getClosedRejections() {
            return s().closedRejections();
        }

        @Override
        public long getCancelled() {
            return s().cancelled();
        }

        @Override
        public long getOversized() {
            return s().oversized();
        }

        @Override
        public long getBuffersAllocated() {
            return s().buffersAllocated();
        }

        @Override
        public double getHitRate() {
            return s().hitRate();
        }

        @Override
        public long getHandlerExceptions() {
            return s().handlerExceptions();
        }

        @Override
        public long getRemainingCapacity() {
            return s().remainingCapacity();
        }
    }

    private static final class PoolBean implements PoolMXBean {
        private final BufferPool pool;

        PoolBean(final BufferPool pool) {
            this.pool = pool;
        }

        private PoolStats s() {
            return pool.stats(new PoolStats());
        }

        @Override
        public String getName() {
            return pool.name();
        }

        @Override
        public long getGets() {
            return s().gets();
        }

        @Override
        public long getPuts() {
            return s().puts();
        }

        @Override
        public long getBuffersAllocated() {
            return s().buffersAllocated();
        }

        @Override
        public long getOversized() {
            return s().oversized();
        }

        @Override
        public long getDropped() {
            return s().dropped();
        }

        @Override
        public long getRetained() {
            return s().retained();
        }

        @Override
        public long getMaxRetained() {
            return s().maxRetained();
        }

        @Override
        public double getHitRate() {
            return s().hitRate();
        }
    }

}
