package io.sprocket.ring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * "Journal, then business logic": with {@code engineAfter(reader)} the engine sees a message only
 * after that reader has finished with it; without it readers run beside the engine.
 */
@Timeout(60)
class ConsumerOrderTest {
    private static final long WAIT_NS = TimeUnit.SECONDS.toNanos(30);

    @Test
    void shouldHandEachMessageToTheEngineOnlyAfterTheJournalHasIt() {
        final AtomicLong journalled = new AtomicLong(-1);
        final AtomicReference<String> early = new AtomicReference<>();
        final AtomicLong handled = new AtomicLong();
        final MessageRing ring = MessageRing.builder().name("journal-first").config(Rings.small(64)).ringSize(64)
            .addReader("journal", (m, seq, eob) -> {
                if (seq % 100 == 0) {
                    Thread.yield();   // a slower reader: the engine must still never pass it
                }
                journalled.set(seq);
            })
            .engineAfter("journal")
            .handler((m, seq, eob) -> {
                if (journalled.get() < seq) {
                    early.compareAndSet(null, "engine saw " + seq + " before the journal (at " + journalled.get() + ")");
                }
                handled.incrementAndGet();
            }).build().start();
        try {
            for (int i = 0; i < 100_000; i++) {
                ring.publish(Rings.claim(ring, 8));
            }
            Rings.awaitDrained(ring, new RingStats());
            assertThat(early.get()).isNull();
            assertThat(handled.get()).isEqualTo(100_000);
        } finally {
            assertThat(ring.close(WAIT_NS)).isZero();
        }
    }

    @Test
    void shouldRefuseAnUnknownReaderName() {
        assertThatThrownBy(() -> MessageRing.builder().engineAfter("journal").handler((m, s, e) -> { }).build())
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'journal', which was not added");
        assertThatThrownBy(() -> MessageRing.builder().engineAfter("j").engineAfter("j"))
            .isInstanceOf(IllegalArgumentException.class);
    }
}
