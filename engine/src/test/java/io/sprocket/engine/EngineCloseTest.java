package io.sprocket.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.sprocket.message.Addr;
import io.sprocket.registry.SpSocket;
import io.sprocket.ring.MessageRing;
import io.sprocket.ring.Rings;

/**
 * A close that gives up on a stuck handler leaves the registries to the engine thread, which
 * releases them when the handler finally returns, never under it.
 */
@Timeout(120)
class EngineCloseTest {
    private static final long WAIT_NS = TimeUnit.SECONDS.toNanos(10);

    @Test
    void shouldGiveUpOnAHandlerBlockedPastTheCloseTimeoutAndReleaseWhenItReturns() throws Exception {
        final CountDownLatch entered = new CountDownLatch(1);
        final AtomicBoolean letGo = new AtomicBoolean();
        final AtomicLong handled = new AtomicLong();
        final Engine engine = Engine.builder().name("blocked").config(Rings.small(64))
            .ring(MessageRing.builder().ringSize(16).errorListener((c, e, s, m, count) -> { }))
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
        final MessageRing ring = engine.ring();
        final SpSocket socket = engine.control().newSocket("s", 0x51);
        assertThat(engine.control().openSocket(socket, WAIT_NS)).isNotNegative();
        assertThat(engine.control().peerConnecting(socket, engine.control().newPeerId(), Addr.parse("ipc:///p"), WAIT_NS))
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
        assertThat(engine.registries().stats(new RegistryStats()).peers()).as("not released under a running handler").isEqualTo(1);

        letGo.set(true);
        ring.engineThread().join(10_000);
        assertThat(ring.engineThread().isAlive()).isFalse();
        assertThat(handled.get()).as("nothing after the blocked message reached the handler").isEqualTo(1);
        final RegistryStats stats = engine.registries().stats(new RegistryStats());
        assertThat(stats.peers()).as("released once the handler returned").isZero();
        assertThat(stats.sockets()).isZero();
        assertThat(ring.close(0)).as("close again reports the same").isEqualTo(6);
    }
}
