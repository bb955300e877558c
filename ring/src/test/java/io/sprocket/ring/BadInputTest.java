package io.sprocket.ring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.sprocket.message.InfraConfig;

/**
 * The ring's public entry points against bad input: a clear exception or result code each, and
 * the ring still works afterwards. Rows of docs/RELIABILITY.md.
 */
class BadInputTest {
    private static final long WAIT_NS = TimeUnit.SECONDS.toNanos(10);

    private static MessageRing started(final String name) {
        return MessageRing.builder().name(name)
            .config(InfraConfig.builder().bufferSizeBytes(64).maxMessageSizeBytes(256).build()).ringSize(8)
            .handler((m, s, e) -> { }).build().start();
    }

    /** The ring still claims, publishes and handles after the bad input. */
    private static void assertStillWorks(final MessageRing ring) {
        final RingStats stats = new RingStats();
        Rings.awaitDrained(ring, stats);
        final long handledBefore = stats.handled();
        final long seq = Rings.claim(ring, 8);
        ring.message(seq).buffer().putLong(0, 1);
        ring.publish(seq);
        Rings.await("handled after bad input", 10_000, () -> ring.stats(new RingStats()).handled() == handledBefore + 1);
    }

    @Test
    void shouldRefuseBadLengthsAndTimeoutsWithoutClaiming() {
        final MessageRing ring = started("bad-lengths");
        try {
            assertThatThrownBy(() -> ring.tryClaim(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("message length -1 must be from 0 to maxMessageSizeBytes 256 (slot size 64)");
            assertThatThrownBy(() -> ring.tryClaim(257)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> ring.claim(257, 0)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> ring.claim(1, -1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("timeoutNs must be 0 or more, got -1");
            assertThatThrownBy(() -> ring.tryPublish(300, (m, s, a) -> { }, null))
                .isInstanceOf(IllegalArgumentException.class);
            assertThat(ring.stats(new RingStats()).claims()).as("nothing claimed").isZero();
            assertThat(ring.tryClaim(0)).as("zero length is legal").isZero();
            ring.publish(0);
            assertStillWorks(ring);
        } finally {
            assertThat(ring.close(WAIT_NS)).isZero();
        }
    }

    @Test
    void shouldRefuseSequencesThisThreadDidNotClaim() {
        final MessageRing ring = started("bad-sequences");
        try {
            assertThatThrownBy(() -> ring.message(5)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("message(5) on ring 'bad-sequences'").hasMessageContaining("not claimed by this thread");
            assertThatThrownBy(() -> ring.publish(5)).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> ring.cancel(-7)).isInstanceOf(IllegalStateException.class);
            final long seq = Rings.claim(ring, 1);
            ring.publish(seq);
            assertThatThrownBy(() -> ring.publish(seq)).as("publish twice").isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> ring.cancel(seq)).as("cancel after publish").isInstanceOf(IllegalStateException.class);
            assertStillWorks(ring);
        } finally {
            assertThat(ring.close(WAIT_NS)).isZero();
        }
    }

    @Test
    void shouldAnswerClosedToEveryProducerCallOnAClosedRing() {
        final MessageRing ring = started("bad-closed");
        assertThat(ring.close(WAIT_NS)).isZero();
        assertThat(ring.tryClaim(1)).isEqualTo(MessageRing.CLOSED);
        assertThat(ring.claim(1, WAIT_NS)).isEqualTo(MessageRing.CLOSED);
        assertThat(ring.tryPublish(1, (m, s, a) -> { }, null)).isEqualTo(MessageRing.CLOSED);
        assertThat(ring.stats(new RingStats()).closedRejections()).isEqualTo(3);
        assertThatThrownBy(ring::start).isInstanceOf(IllegalStateException.class).hasMessageContaining("is closed");
        assertThatThrownBy(() -> ring.close(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(ring.close(0)).isZero();
    }

    @Test
    void shouldRefuseStartingTwice() {
        final MessageRing ring = started("bad-start");
        try {
            assertThatThrownBy(ring::start).isInstanceOf(IllegalStateException.class).hasMessageContaining("already started");
            assertStillWorks(ring);
        } finally {
            assertThat(ring.close(WAIT_NS)).isZero();
        }
    }
}
