package io.sprocket.ring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;

import org.junit.jupiter.api.Test;

import io.sprocket.message.Message;

class RingBeansTest {
    private static final MBeanServer SERVER = ManagementFactory.getPlatformMBeanServer();

    @Test
    void shouldDescribeEveryAttributeOfTheRingAndPoolBeansWithAUnit() throws Exception {
        final MessageRing ring = MessageRing.builder().name("described").config(Rings.small(64)).ringSize(8)
            .handler((m, seq, eob) -> { }).build().start();
        try {
            assertThat(JmxChecks.assertEveryAttributeDescribed(new ObjectName("io.sprocket:type=Ring,name=described")))
                .isEqualTo(RingFigures.class.getMethods().length + 1);
            assertThat(JmxChecks.assertEveryAttributeDescribed(new ObjectName("io.sprocket:type=BufferPool,name=described-clones")))
                .isEqualTo(PoolFigures.class.getMethods().length + 1);
            final MBeanAttributeInfo handled = Arrays.stream(SERVER.getMBeanInfo(
                new ObjectName("io.sprocket:type=Ring,name=described")).getAttributes())
                .filter(a -> a.getName().equals("Handled")).findFirst().orElseThrow();
            assertThat(handled.getDescription()).startsWith("Messages the engine's handler has been given")
                .contains("a later read").contains("Snapshot");
            assertThat(handled.getDescriptor().getFieldValue("units")).isEqualTo("messages");
        } finally {
            assertThat(ring.close(TimeUnit.SECONDS.toNanos(10))).isZero();
        }
    }

    @Test
    void shouldRefuseAnMXBeanInterfaceWithAnUndescribedAttribute() {
        assertThatThrownBy(() -> new DescribedMBean(new Half(), HalfMXBean.class, "half described"))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("HalfMXBean").hasMessageContaining("[Bare]");
    }

    @Test
    void shouldRegisterTheClonePoolUnderTheNameItsNameAttributeGives() throws Exception {
        final MessageRing ring = MessageRing.builder().name("orders").config(Rings.small(64)).ringSize(8)
            .handler((m, seq, eob) -> m.clone().release()).build().start();
        try {
            ring.publish(Rings.claim(ring, 8));
            Rings.await("one handled", 10_000, () -> ring.stats(new RingStats()).handled() == 1);
            final ObjectName pool = new ObjectName("io.sprocket:type=BufferPool,name=orders-clones");
            assertThat(SERVER.queryNames(new ObjectName("io.sprocket:type=BufferPool,*"), null)).contains(pool);
            assertThat(SERVER.getAttribute(pool, "Name")).isEqualTo(pool.getKeyProperty("name"))
                .isEqualTo(ring.clonePool().name());
            assertThat(SERVER.getAttribute(pool, "Acquires")).isEqualTo(1L);
            assertThat(SERVER.getAttribute(new ObjectName("io.sprocket:type=Ring,name=orders"), "Name"))
                .isEqualTo("orders");
        } finally {
            assertThat(ring.close(TimeUnit.SECONDS.toNanos(10))).isZero();
        }
        assertThat(SERVER.isRegistered(new ObjectName("io.sprocket:type=BufferPool,name=orders-clones"))).isFalse();
    }

    @Test
    void shouldReadEveryFigureOfASnapshotAtOneMomentWhileTrafficRuns() throws Exception {
        final int messages = 20_000;
        final MessageRing ring = MessageRing.builder().name("snapshots").config(Rings.small(64)).ringSize(1024)
            .engineWait(EngineWait.YIELDING).handler((m, seq, eob) -> {
                if (seq % 64 == 0) {
                    final Message copy = m.clone();
                    copy.release();
                }
            }).build().start();
        final ObjectName ringBean = new ObjectName("io.sprocket:type=Ring,name=snapshots");
        final ObjectName poolBean = new ObjectName("io.sprocket:type=BufferPool,name=snapshots-clones");
        // The producer keeps the engine caught up, so handled and claims are equal most of the time and
        // figures read at two moments would often disagree.
        final Thread producer = Rings.lockStepProducer(ring, messages, "snapshots-producer");
        try {
            final CompositeData first = JmxChecks.snapshot(ringBean);
            assertThat(first.getCompositeType().keySet()).as("the snapshot's items are the attributes")
                .isEqualTo(Arrays.stream(RingFigures.class.getMethods())
                    .map(m -> Character.toLowerCase(m.getName().charAt(3)) + m.getName().substring(4))
                    .collect(Collectors.toSet()));
            producer.start();
            long snapshots = 0;
            long handled;
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            do {
                final CompositeData s = JmxChecks.snapshot(ringBean);
                snapshots++;
                handled = (Long)s.get("handled");
                final long claims = (Long)s.get("claims");
                final long recycled = (Long)s.get("recycled");
                assertThat(handled).as("snapshot %d: handled <= claims", snapshots).isLessThanOrEqualTo(claims);
                assertThat(recycled).as("snapshot %d: recycled <= claims", snapshots).isLessThanOrEqualTo(claims);
                assertThat((Long)s.get("inFlight")).as("snapshot %d: in flight", snapshots).isEqualTo(claims - recycled);
                final CompositeData p = JmxChecks.snapshot(poolBean);
                assertThat((Long)p.get("releases")).as("snapshot %d: releases <= acquires", snapshots)
                    .isLessThanOrEqualTo((Long)p.get("acquires"));
                assertThat(System.nanoTime() - deadline).as("the ring handled every message within 60 s").isNegative();
            } while (handled < messages);
            producer.join(TimeUnit.SECONDS.toMillis(30));
            assertThat(producer.isAlive()).isFalse();
            assertThat(snapshots).isGreaterThan(1);
            assertThat(JmxChecks.snapshot(ringBean).get("claims")).isEqualTo((long)messages);
        } finally {
            assertThat(ring.close(TimeUnit.SECONDS.toNanos(10))).isZero();
        }
    }

    /** An MXBean interface with one getter left undescribed. */
    public interface HalfMXBean {
        /** Described. */
        @Described(value = "A described figure, for the test.", units = "things")
        long getCovered();

        /** Not described. */
        long getBare();
    }

    static final class Half implements HalfMXBean {
        @Override
        public long getCovered() {
            return 1;
        }

        @Override
        public long getBare() {
            return 2;
        }
    }
}
