package io.sprocket.ring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;


/** The engine's defined behaviour when the application's handler fails (docs/RELIABILITY.md). */
@Timeout(120)
class HandlerFaultsTest {
    private static final long WAIT_NS = TimeUnit.SECONDS.toNanos(30);

    @Test
    @Tag("slow")
    void shouldCountEveryKthExceptionOverAMillionMessagesAndKeepGoing() {
        final int k = 7;
        final int n = 1_000_000;
        final AtomicLong listened = new AtomicLong();
        final MessageRing ring = MessageRing.builder().name("kth").config(Rings.small(64)).ringSize(1024)
            .engineWait(EngineWait.YIELDING)
            .errorListener((c, e, s, m, count) -> listened.incrementAndGet())
            .handler((m, seq, eob) -> {
                if (m.buffer().getInt(0) % k == k - 1) {
                    throw new IllegalStateException("every " + k + "th");
                }
            }).build().start();
        try {
            for (int i = 0; i < n; i++) {
                final long seq = Rings.claim(ring, 4);
                ring.message(seq).buffer().putInt(0, i);
                ring.publish(seq);
            }
            final RingStats stats = new RingStats();
            Rings.awaitDrained(ring, stats);
            assertThat(stats.handlerExceptions()).isEqualTo(n / k);
            assertThat(listened.get()).isEqualTo(n / k);
            assertThat(stats.handled()).as("a failed message counts as handled: the handler saw it").isEqualTo(n);
            assertThat(stats.recycled()).isEqualTo(n);
        } finally {
            assertThat(ring.close(WAIT_NS)).isZero();
        }
    }

    @Test
    void shouldSurviveAHandlerThatThrowsAnError() {
        final AtomicReference<Throwable> reported = new AtomicReference<>();
        final AtomicLong handled = new AtomicLong();
        final MessageRing ring = MessageRing.builder().name("error").config(Rings.small(64)).ringSize(16)
            .errorListener((c, e, s, m, count) -> reported.compareAndSet(null, e))
            .handler((m, seq, eob) -> {
                final int kind = m.buffer().getInt(0);
                if (kind == 1) {
                    throw new OutOfMemoryError("simulated by the test");
                } else if (kind == 2) {
                    throw new StackOverflowError("simulated by the test");
                } else if (kind == 3) {
                    throw new AssertionError("simulated by the test");
                }
                handled.incrementAndGet();
            }).build().start();
        try {
            for (int kind = 0; kind <= 4; kind++) {
                final long seq = Rings.claim(ring, 4);
                ring.message(seq).buffer().putInt(0, kind);
                ring.publish(seq);
            }
            final RingStats stats = new RingStats();
            Rings.awaitDrained(ring, stats);
            assertThat(stats.handlerExceptions()).isEqualTo(3);
            assertThat(handled.get()).isEqualTo(2);
            assertThat(reported.get()).isInstanceOf(OutOfMemoryError.class);
            assertThat(ring.engineThread().isAlive()).isTrue();
        } finally {
            assertThat(ring.close(WAIT_NS)).isZero();
        }
    }
}
