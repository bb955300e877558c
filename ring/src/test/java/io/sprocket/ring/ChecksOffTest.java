package io.sprocket.ring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.sprocket.message.Addr;
import io.sprocket.message.Checks;
import io.sprocket.message.Message;

/**
 * The ring as production runs it, with {@code -Dsprocket.checks=false} (this class runs in a JVM of
 * its own with that flag): a claim then writes only what it must, so each lap must still start
 * clean (length, header, peer id, address), release and double release must still behave, and
 * oversized laps must still come and go.
 */
@Tag("checks-off")
@Timeout(60)
class ChecksOffTest {
    private static final long WAIT_NS = TimeUnit.SECONDS.toNanos(10);

    @Test
    void shouldRunWithChecksOff() {
        assertThat(Checks.ENABLED).as("this class runs with -Dsprocket.checks=false").isFalse();
    }

    @Test
    void shouldStartEveryLapCleanWhateverTheLastLapLeft() {
        final AtomicReference<String> wrong = new AtomicReference<>();
        final AtomicLong handled = new AtomicLong();
        final Addr addr = Addr.parse("tcp://10.0.0.1:1");
        final MessageRing ring = MessageRing.builder().name("checks-off-laps").config(Rings.small(64)).ringSize(4)
            .handler((m, seq, eob) -> {
                final boolean tagged = seq % 2 == 0;
                final int expectedLength = (int)(seq % 5) * 8;
                if (m.length() != expectedLength || m.peerId() != (tagged ? seq + 1 : 0)
                    || m.addr() != (tagged ? addr : null) || m.headerLength() != (tagged ? 4 : 0)
                    || (tagged && m.headerInt(0) != (int)seq) || (expectedLength > 0 && m.buffer().getLong(0) != seq)) {
                    wrong.compareAndSet(null, "sequence " + seq + ": length " + m.length() + ", peer " + m.peerId()
                        + ", header " + m.headerLength());
                }
                handled.incrementAndGet();
            }).build().start();
        try {
            // Every third message is written through the producer's view, the rest through the slot's
            // own message: either way the engine's view shows it, and the next lap starts clean.
            final Message view = ring.newView();
            for (long i = 0; i < 1_000; i++) {
                final long seq = Rings.claim(ring, (int)(i % 5) * 8);
                final Message m = i % 3 == 0 ? ring.message(seq, view) : ring.message(seq);
                if (m.length() > 0) {
                    m.buffer().putLong(0, seq);
                }
                if (seq % 2 == 0) {
                    m.peerId(seq + 1).addr(addr).pushHeaderInt((int)seq);
                }
                ring.publish(seq);
            }
            Rings.awaitDrained(ring, new RingStats());
            assertThat(wrong.get()).isNull();
            assertThat(handled.get()).isEqualTo(1_000);
        } finally {
            assertThat(ring.close(WAIT_NS)).isZero();
        }
    }

    @Test
    void shouldStillRefuseADoubleReleaseOfARingSlotAndRecycleItNextLap() {
        final AtomicReference<Throwable> second = new AtomicReference<>();
        final AtomicLong released = new AtomicLong();
        final MessageRing ring = MessageRing.builder().name("checks-off-release").config(Rings.small(64)).ringSize(4)
            .handler((m, seq, eob) -> {
                m.release();
                released.incrementAndGet();
                try {
                    m.release();
                } catch (final IllegalStateException e) {
                    second.compareAndSet(null, e);
                }
            }).build().start();
        try {
            for (int i = 0; i < 20; i++) {
                ring.publish(Rings.claim(ring, 8));
            }
            Rings.awaitDrained(ring, new RingStats());
            assertThat(released.get()).as("every lap's first release worked").isEqualTo(20);
            assertThat(second.get()).isNotNull().hasMessageContaining("it was released");
            assertThat(ring.stats(new RingStats()).handlerExceptions()).isZero();
        } finally {
            assertThat(ring.close(WAIT_NS)).isZero();
        }
    }

    /**
     * The slot metadata lives in the slot's off-heap descriptor: with checks off, claiming,
     * writing (payload, length, peer id) and publishing a slot changes no field of its heap
     * {@link Message}, nor of the buffer views the message holds, whatever the length (and a
     * cancelled claim in between changes none either).
     */
    @Test
    void shouldWriteNoHeapFieldOfASlotOnClaimAndPublish() throws Exception {
        final AtomicReference<String> wrong = new AtomicReference<>();
        final MessageRing ring = MessageRing.builder().name("checks-off-heap").config(Rings.small(64)).ringSize(4)
            .handler((m, seq, eob) -> {
                if (m.length() != 8 + (int)(seq % 3) * 8 || m.peerId() != seq + 100 || m.buffer().getLong(0) != seq) {
                    wrong.compareAndSet(null, "sequence " + seq + ": length " + m.length() + ", peer " + m.peerId());
                }
            }).build().start();
        try {
            for (int i = 0; i < 4; i++) {
                claimWriteAndPublish(ring);
            }
            Rings.awaitDrained(ring, new RingStats());
            final Message[] slots = new Message[4];
            for (int i = 0; i < 4; i++) {
                slots[i] = ring.message(i);   // with checks off, a slot's message without a claim
            }
            final List<Object> before = heapState(slots);
            for (int i = 0; i < 64; i++) {
                claimWriteAndPublish(ring);
            }
            Rings.awaitDrained(ring, new RingStats());
            assertThat(heapState(slots)).as("every heap field of the 4 slots' messages and their views")
                .containsExactlyElementsOf(before);
            assertThat(wrong.get()).isNull();
        } finally {
            assertThat(ring.close(WAIT_NS)).isZero();
        }
    }

    private static void claimWriteAndPublish(final MessageRing ring) {
        final long seq = Rings.claim(ring, 64);
        ring.cancel(seq);
        final long next = Rings.claim(ring, 8 + (int)((seq + 1) % 3) * 8);
        final Message m = ring.message(next);
        m.buffer().putLong(0, next);
        m.peerId(next + 100);
        ring.publish(next);
    }

    /**
     * The values of every instance field of each message and of each Agrona buffer it refers to:
     * primitives boxed (compared by value), references as an identity token.
     */
    private static List<Object> heapState(final Message[] messages) throws IllegalAccessException {
        final List<Object> state = new ArrayList<>();
        for (final Message m : messages) {
            addFields(m, state, true);
        }
        return state;
    }

    private static void addFields(final Object o, final List<Object> state, final boolean descend)
        throws IllegalAccessException {
        for (Class<?> c = o.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
            for (final Field f : c.getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers())) {
                    continue;
                }
                f.setAccessible(true);
                final Object value = f.get(o);
                state.add(c.getSimpleName() + "." + f.getName() + "=" + (f.getType().isPrimitive()
                    ? String.valueOf(value) : "@" + System.identityHashCode(value)));
                if (descend && value instanceof UnsafeBuffer) {
                    addFields(value, state, false);
                }
            }
        }
    }

    @Test
    void shouldCarryOversizedLapsAndGoBackToTheSlot() {
        final AtomicLong bigSum = new AtomicLong();
        final AtomicLong capacities = new AtomicLong();
        final MessageRing ring = MessageRing.builder().name("checks-off-oversize").config(Rings.small(64)).ringSize(4)
            .handler((m, seq, eob) -> {
                if (m.length() > 64) {
                    bigSum.addAndGet(m.buffer().getLong(m.length() - 8));
                } else {
                    capacities.addAndGet(m.capacity());
                }
            }).build().start();
        try {
            for (int i = 0; i < 40; i++) {
                final int length = i % 4 == 0 ? 512 : 16;
                final long seq = Rings.claim(ring, length);
                if (length == 512) {
                    ring.message(seq).buffer().putLong(504, i);
                }
                ring.publish(seq);
            }
            Rings.awaitDrained(ring, new RingStats());
            assertThat(bigSum.get()).isEqualTo(0 + 4 + 8 + 12 + 16 + 20 + 24 + 28 + 32 + 36);
            assertThat(capacities.get()).as("small laps see the slot's own 64 bytes").isEqualTo(30 * 64);
            assertThat(ring.stats(new RingStats()).oversized()).isEqualTo(10);
        } finally {
            assertThat(ring.close(WAIT_NS)).isZero();
        }
    }

    @Test
    void shouldStillReportAPublishAfterCloseOnASingleProducerRing() {
        final MessageRing ring = MessageRing.builder().name("checks-off-late").singleProducer(true)
            .config(Rings.small(64)).ringSize(4).handler((m, seq, eob) -> { }).build().start();
        final long seq = ring.tryClaim(8);
        final Thread closer = new Thread(() -> ring.close(WAIT_NS));
        closer.start();
        try {
            closer.join(30_000);
        } catch (final InterruptedException e) {
            throw new AssertionError(e);
        }
        assertThatThrownBy(() -> ring.publish(seq)).isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("published after ring 'checks-off-late' closed");
    }
}
