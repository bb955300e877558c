package io.sprocket.ring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.sprocket.message.InfraConfig;
import io.sprocket.message.Message;

/**
 * Fault injection on the ring's claim paths: whatever fails between a claim and its publish (the
 * one-lap buffer's allocation, a filler or translator that throws, one that declines), the claimed
 * slot is given back, the ring delivers the next message and closes cleanly. A slot left claimed
 * would stop every consumer at its sequence forever.
 */
@Timeout(60)
class ClaimFaultsTest {
    private static final long WAIT_NS = TimeUnit.SECONDS.toNanos(30);

    @Test
    void shouldGiveTheSlotBackWhenTheOneLapAllocationFails() {
        final AtomicBoolean failNext = new AtomicBoolean(true);
        final List<Long> seen = new CopyOnWriteArrayList<>();
        final MessageRing ring = MessageRing.builder().name("oom-on-claim")
            .config(InfraConfig.builder().bufferSizeBytes(64).maxMessageSizeBytes(4096).build()).ringSize(8)
            .directAllocator(bytes -> {
                if (failNext.getAndSet(false)) {
                    throw new OutOfMemoryError("injected: direct memory exhausted");
                }
                return ByteBuffer.allocateDirect(bytes);
            })
            .handler((m, seq, eob) -> seen.add(m.buffer().getLong(0))).build().start();
        try {
            assertThatThrownBy(() -> ring.tryClaim(1024)).isInstanceOf(OutOfMemoryError.class)
                .hasMessageContaining("injected");
            assertThat(ring.stats(new RingStats()).oversizedBytesHeld()).as("the reservation was returned").isZero();
            publish(ring, 1024, 7);
            publish(ring, 8, 8);
            Rings.awaitDrained(ring, new RingStats());
            assertThat(seen).containsExactly(7L, 8L);
            final RingStats stats = ring.stats(new RingStats());
            assertThat(stats.cancelled()).as("the slot whose allocation failed").isEqualTo(1);
            assertThat(stats.oversizedBytesHeld()).isZero();
        } finally {
            assertThat(ring.close(WAIT_NS)).isZero();
        }
    }

    @Test
    void shouldGiveTheSlotBackWhateverAFillerThrowsOrAnswers() {
        final List<Long> seen = new CopyOnWriteArrayList<>();
        final MessageRing ring = MessageRing.builder().name("filler-faults").config(Rings.small(64)).ringSize(8)
            .handler((m, seq, eob) -> seen.add(m.buffer().getLong(0))).build().start();
        try {
            assertThatThrownBy(() -> ring.tryFill(8, (m, seq, arg) -> {
                throw new IllegalStateException("injected: read failed");
            }, null)).hasMessageContaining("injected");
            assertThatThrownBy(() -> ring.tryFill(8, (m, seq, arg) -> {
                throw new OutOfMemoryError("injected: staging buffer");
            }, null)).isInstanceOf(OutOfMemoryError.class);
            assertThatThrownBy(() -> ring.tryFill(1024, (m, seq, arg) -> {
                throw new StackOverflowError("injected");
            }, null)).isInstanceOf(StackOverflowError.class);
            assertThat(ring.tryFill(8, (m, seq, arg) -> false, null)).isEqualTo(MessageRing.DISCARDED);
            assertThatThrownBy(() -> ring.tryPublish(8, (Message m, long seq, Object arg) -> {
                throw new IllegalArgumentException("injected: translator");
            }, null)).hasMessageContaining("injected");
            final long published = ring.tryFill(8, (m, seq, value) -> {
                m.buffer().putLong(0, value);
                return true;
            }, 42L);
            assertThat(published).isNotNegative();
            publish(ring, 8, 43);
            Rings.awaitDrained(ring, new RingStats());
            assertThat(seen).containsExactly(42L, 43L);
            final RingStats stats = ring.stats(new RingStats());
            assertThat(stats.cancelled()).as("three fillers that threw, one that declined, one translator").isEqualTo(5);
            assertThat(stats.oversizedBytesHeld()).as("the oversized filler's buffer was freed").isZero();
        } finally {
            assertThat(ring.close(WAIT_NS)).isZero();
        }
    }

    private static void publish(final MessageRing ring, final int length, final long value) {
        final long seq = Rings.claim(ring, length);
        ring.message(seq).buffer().putLong(0, value);
        ring.publish(seq);
    }
}
