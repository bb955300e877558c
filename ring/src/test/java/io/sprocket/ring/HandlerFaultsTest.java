package io.sprocket.ring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.sprocket.message.Addr;
import io.sprocket.registry.SpSocket;

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
        final MessageRing ring = MessageRing.builder().name("kth").config(Rings.small(1024, 64))
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
        final MessageRing ring = MessageRing.builder().name("error").config(Rings.small(16, 64))
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

    @Test
    void shouldGiveUpOnAHandlerBlockedPastTheCloseTimeoutAndReleaseWhenItReturns() throws Exception {
        final CountDownLatch entered = new CountDownLatch(1);
        final AtomicBoolean letGo = new AtomicBoolean();
        final AtomicLong handled = new AtomicLong();
        final MessageRing ring = MessageRing.builder().name("blocked").config(Rings.small(16, 64))
            .errorListener((c, e, s, m, count) -> { })
            .handler((m, seq, eob) -> {
                if (m.length() == 1) {
                    entered.countDown();
                    // Ignores interrupts on purpose: the worst kind of stuck handler.
                    while (!letGo.get()) {
                        try {
                            Thread.sleep(5);
                        } catch (final InterruptedException ignored) {
                            // keep blocking
                        }
                    }
                }
                handled.incrementAndGet();
            }).build().start();
        final SpSocket socket = ring.control().newSocket("s", 0x51);
        assertThat(ring.control().openSocket(socket, WAIT_NS)).isNotNegative();
        assertThat(ring.control().peerConnecting(socket, ring.control().newPeerId(), Addr.parse("ipc:///p"), WAIT_NS))
            .isNotNegative();
        ring.publish(Rings.claim(ring, 1));
        assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
        for (int i = 0; i < 5; i++) {
            ring.publish(Rings.claim(ring, 8));
        }

        final long start = System.nanoTime();
        final long leftovers = ring.close(TimeUnit.MILLISECONDS.toNanos(300));
        final long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertThat(leftovers).as("the blocked message and the 5 behind it").isEqualTo(6);
        // Not a timing: the handler blocks until this test lets it go, after close returned, so a close
        // that waited for it would never return. The bound is 30 s, 100 x the 300 ms timeout, which no
        // load on a 2-core machine stretches a close that gives up on time to.
        assertThat(tookMs).as("close returned after %d ms", tookMs).isLessThan(30_000);
        assertThat(ring.isClosed()).isTrue();
        assertThat(ring.tryClaim(1)).isEqualTo(MessageRing.CLOSED);
        assertThat(ring.engineThread().isAlive()).as("still inside the handler").isTrue();
        assertThat(ring.registries().stats(new RegistryStats()).peers()).as("not released under a running handler").isEqualTo(1);

        letGo.set(true);
        ring.engineThread().join(10_000);
        assertThat(ring.engineThread().isAlive()).isFalse();
        assertThat(handled.get()).as("nothing after the blocked message reached the handler").isEqualTo(1);
        final RegistryStats stats = ring.registries().stats(new RegistryStats());
        assertThat(stats.peers()).as("released once the handler returned").isZero();
        assertThat(stats.sockets()).isZero();
        assertThat(ring.close(0)).as("close again reports the same").isEqualTo(6);
    }
}
