package io.sprocket.ring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A handler that closes its own ring: close cannot wait for a drain that the handler's own call
 * holds up, so it starts the close on another thread and returns {@link MessageRing#CLOSE_STARTED};
 * the close then drains everything published before it and frees the ring.
 */
@Timeout(60)
class CloseFromHandlerTest {
    private static final long WAIT_NS = TimeUnit.SECONDS.toNanos(30);

    @Test
    void shouldStartTheCloseAndDrainWhatWasPublishedBeforeIt() {
        final AtomicLong handled = new AtomicLong();
        final AtomicReference<Long> closeResult = new AtomicReference<>();
        final AtomicReference<Long> claimAfterClose = new AtomicReference<>();
        final AtomicReference<MessageRing> self = new AtomicReference<>();
        final MessageRing ring = MessageRing.builder().name("self-close").config(Rings.small(64)).ringSize(64)
            .handler((m, seq, eob) -> {
                handled.incrementAndGet();
                if (seq == 10) {
                    closeResult.set(self.get().close(TimeUnit.SECONDS.toNanos(2)));
                    claimAfterClose.set(self.get().tryClaim(8));
                }
            }).build();
        self.set(ring);
        for (int i = 0; i < 20; i++) {
            ring.publish(Rings.claim(ring, 8));   // all 20 published before the engine starts
        }
        ring.start();
        assertThat(ring.close(WAIT_NS)).as("a close from the test thread waits for the handler's close").isZero();
        assertThat(closeResult.get()).isEqualTo(MessageRing.CLOSE_STARTED);
        assertThat(claimAfterClose.get()).as("a claim once the handler asked for the close")
            .isEqualTo(MessageRing.CLOSED);
        assertThat(handled.get()).as("messages published before the close, all handled").isEqualTo(20);
        assertThat(ring.engineThread().isAlive()).isFalse();
        assertThat(ring.stats(new RingStats()).inFlight()).isZero();
    }

    @Test
    void shouldLetAReaderCloseTheRingToo() {
        final AtomicReference<Long> closeResult = new AtomicReference<>();
        final AtomicReference<MessageRing> self = new AtomicReference<>();
        final AtomicLong engineSaw = new AtomicLong();
        final MessageRing ring = MessageRing.builder().name("reader-close").config(Rings.small(64)).ringSize(64)
            .handler((m, seq, eob) -> engineSaw.incrementAndGet())
            .addReader("journal", (m, seq, eob) -> {
                if (seq == 3) {
                    closeResult.set(self.get().close(TimeUnit.SECONDS.toNanos(2)));
                }
            }).build();
        self.set(ring);
        for (int i = 0; i < 8; i++) {
            ring.publish(Rings.claim(ring, 8));
        }
        ring.start();
        Rings.await("the reader's close to finish", 30_000, ring::isClosed);
        assertThat(ring.close(WAIT_NS)).isZero();
        assertThat(closeResult.get()).isEqualTo(MessageRing.CLOSE_STARTED);
        assertThat(engineSaw.get()).isEqualTo(8);
    }
}
