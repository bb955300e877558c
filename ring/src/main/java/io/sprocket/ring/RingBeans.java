package io.sprocket.ring;

import java.lang.management.ManagementFactory;

import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

import io.sprocket.message.BufferPool;
import io.sprocket.message.PoolStats;

/**
 * Registers a ring's and its clone pool's MXBeans with the platform MBean server, with descriptions
 * and units, and unregisters them.
 *
 * <p><b>Note:</b> built by the ring's start and unregistered by its close, both under the ring's
 * lifecycle lock; the beans' attributes are read on JMX threads, each read filling a fresh stats
 * object (JMX allocates anyway).
 */
final class RingBeans {
    private final ObjectName ringName;
    private final ObjectName poolName;

    RingBeans(final MessageRing ring, final BufferPool pool) {
        final MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        try {
            ringName = ringName(ring.name());
            poolName = poolName(pool.name());
            if (server.isRegistered(ringName) || server.isRegistered(poolName)) {
                throw new IllegalArgumentException("a ring named '" + ring.name()
                    + "' is already registered with JMX: give each running ring its own name");
            }
            server.registerMBean(new DescribedMBean(new RingBean(ring, null), RingMXBean.class,
                "A Sprocket ring '" + ring.name() + "': slots claimed, handled and recycled, refusals and allocations."
                    + " Each attribute is read at its own moment; Snapshot reads them all at one moment."), ringName);
            server.registerMBean(new DescribedMBean(new PoolBean(pool, null), PoolMXBean.class,
                "The clone pool '" + pool.name() + "' of ring '" + ring.name() + "': messages acquired and released,"
                    + " buffers allocated, kept and dropped. Each attribute is read at its own moment; Snapshot reads"
                    + " them all at one moment."), poolName);
        } catch (final JMException e) {
            unregister();
            throw new IllegalStateException("could not register ring '" + ring.name() + "' with JMX", e);
        }
    }

    /** {@code io.sprocket:type=Ring,name=<ring>}. */
    static ObjectName ringName(final String ring) throws JMException {
        return new ObjectName("io.sprocket:type=Ring,name=" + ring);
    }

    /** {@code io.sprocket:type=BufferPool,name=<pool>}: the pool's own name, {@code <ring>-clones}. */
    static ObjectName poolName(final String pool) throws JMException {
        return new ObjectName("io.sprocket:type=BufferPool,name=" + pool);
    }

    void unregister() {
        DescribedMBean.unregisterQuietly(ringName, "io.sprocket.ring");
        DescribedMBean.unregisterQuietly(poolName, "io.sprocket.ring");
    }

    /** The live bean (no fixed snapshot: each attribute read fills a fresh one), or one snapshot's figures. */
    private static final class RingBean implements RingMXBean {
        private final MessageRing ring;
        private final RingStats fixed;

        RingBean(final MessageRing ring, final RingStats fixed) {
            this.ring = ring;
            this.fixed = fixed;
        }

        private RingStats s() {
            return fixed != null ? fixed : ring.stats(new RingStats());
        }

        @Override
        public RingFigures getSnapshot() {
            return new RingBean(ring, ring.stats(new RingStats()));
        }

        @Override
        public String getName() {
            return ring.name();
        }

        @Override
        public int getRingSize() {
            return s().ringSize();
        }

        @Override
        public int getSlotSizeBytes() {
            return s().slotSizeBytes();
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
        public long getOversizedBytesHeld() {
            return s().oversizedBytesHeld();
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

    /** The live bean (no fixed snapshot: each attribute read fills a fresh one), or one snapshot's figures. */
    private static final class PoolBean implements PoolMXBean {
        private final BufferPool pool;
        private final PoolStats fixed;

        PoolBean(final BufferPool pool, final PoolStats fixed) {
            this.pool = pool;
            this.fixed = fixed;
        }

        private PoolStats s() {
            return fixed != null ? fixed : pool.stats(new PoolStats());
        }

        @Override
        public PoolFigures getSnapshot() {
            return new PoolBean(pool, pool.stats(new PoolStats()));
        }

        @Override
        public String getName() {
            return pool.name();
        }

        @Override
        public long getAcquires() {
            return s().acquires();
        }

        @Override
        public long getReleases() {
            return s().releases();
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
