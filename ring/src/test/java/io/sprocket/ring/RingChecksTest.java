package io.sprocket.ring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import io.sprocket.message.Checks;
import io.sprocket.message.Message;

class RingChecksTest {
    @Test
    void shouldCatchAMessageTouchedAfterItsHandlerReturned() throws Exception {
        assertThat(Checks.ENABLED).isTrue();
        final AtomicReference<Message> kept = new AtomicReference<>();
        final AtomicReference<String> seenInLaterHandler = new AtomicReference<>();
        final MessageRing ring = MessageRing.builder().name("kept").config(Rings.small(64)).ringSize(4)
            .handler((m, seq, eob) -> {
                if (seq == 0) {
                    kept.set(m);
                } else if (seq == 1) {
                    final Message k = kept.get();
                    seenInLaterHandler.set((k == m) + " " + k.index() + " " + k.buffer().getLong(0));
                }
            }).build().start();
        try {
            final long first = Rings.claim(ring, 8);
            ring.message(first).buffer().putLong(0, 100);
            ring.publish(first);
            Rings.await("first handled", 10_000, () -> ring.stats(new RingStats()).handled() == 1);
            final Message stale = kept.get();
            assertThatThrownBy(stale::buffer).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("ring 'kept' slot 0")
                .hasMessageContaining("published as sequence 0")
                .hasMessageContaining("in no handler");

            // The handler's message is the engine's one view, pointed at each slot in turn: kept past its
            // handler, the reference shows the next message in the next call (as a Disruptor event does).
            final long second = Rings.claim(ring, 8);
            ring.message(second).buffer().putLong(0, 200);
            ring.publish(second);
            Rings.await("second handled", 10_000, () -> ring.stats(new RingStats()).handled() == 2);
            assertThat(seenInLaterHandler.get()).isEqualTo("true 1 200");

            // Reclaim slot 0 (sequence 4): its own message belongs to the producer, and the kept view,
            // last pointed at slot 3, is refused to any thread outside a handler.
            for (int i = 2; i < 4; i++) {
                ring.publish(Rings.claim(ring, 8));
            }
            Rings.await("four handled", 10_000, () -> ring.stats(new RingStats()).handled() == 4);
            final long seq = Rings.claim(ring, 8);
            assertThat(seq).isEqualTo(4);
            final Message slotZero = ring.message(seq);
            assertThat(slotZero).isNotSameAs(stale);
            assertThatThrownBy(() -> stale.length(1)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("ring 'kept' slot 3").hasMessageContaining("published as sequence 3");
            final CompletableFuture<Throwable> other = CompletableFuture.supplyAsync(() -> {
                try {
                    slotZero.length(1);
                    return null;
                } catch (final IllegalStateException e) {
                    return e;
                }
            });
            assertThat(other.get(10, TimeUnit.SECONDS)).isNotNull()
                .hasMessageContaining("claimed by thread '" + Thread.currentThread().getName() + "' for sequence 4");
            ring.publish(seq);
        } finally {
            assertThat(ring.close(TimeUnit.SECONDS.toNanos(10))).isZero();
        }
    }

    @Test
    void shouldLetAHandlerKeepACloneAfterReturning() throws Exception {
        final AtomicReference<Message> kept = new AtomicReference<>();
        final MessageRing ring = MessageRing.builder().name("clone").config(Rings.small(64)).ringSize(4)
            .handler((m, seq, eob) -> {
                if (seq == 0) {
                    kept.set(m.clone());
                }
            }).build().start();
        try {
            final long seq = Rings.claim(ring, 5);
            ring.message(seq).buffer().putStringWithoutLengthAscii(0, "hello");
            ring.message(seq).pushHeaderInt(0x8000_0007).peerId(42);
            ring.publish(seq);
            Rings.await("handled", 10_000, () -> kept.get() != null);
            for (int i = 0; i < 8; i++) {
                ring.publish(Rings.claim(ring, 1));
            }
            final Message copy = kept.get();
            assertThat(copy.buffer().getStringWithoutLengthAscii(0, 5)).isEqualTo("hello");
            assertThat(copy.headerInt(0)).isEqualTo(0x8000_0007);
            assertThat(copy.peerId()).isEqualTo(42);
            copy.release();
            assertThat(ring.clonePool().stats(new io.sprocket.message.PoolStats()).releases()).isEqualTo(1);
        } finally {
            assertThat(ring.close(TimeUnit.SECONDS.toNanos(10))).isZero();
        }
    }

    @Test
    void shouldRefuseAnotherThreadsClaimAndAPublishedSlot() throws Exception {
        final MessageRing ring = MessageRing.builder().name("owner").config(Rings.small(64)).ringSize(4)
            .handler((m, seq, eob) -> { }).build().start();
        try {
            final long seq = Rings.claim(ring, 8);
            final CompletableFuture<Throwable> other = CompletableFuture.supplyAsync(() -> {
                try {
                    ring.publish(seq);
                    return null;
                } catch (final IllegalStateException e) {
                    return e;
                }
            });
            assertThat(other.get(10, TimeUnit.SECONDS)).isNotNull()
                .hasMessageContaining("publish(0) on ring 'owner'").hasMessageContaining("not claimed by this thread");
            final Message m = ring.message(seq);
            ring.publish(seq);
            assertThatThrownBy(() -> m.buffer()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("published as sequence 0");
            assertThatThrownBy(() -> ring.publish(seq)).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> ring.message(seq)).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> ring.cancel(seq)).isInstanceOf(IllegalStateException.class);
        } finally {
            assertThat(ring.close(TimeUnit.SECONDS.toNanos(10))).isZero();
        }
    }

    @Test
    void shouldCatchAReleasedSlotUsedAgainByItsHandler() throws Exception {
        final AtomicReference<Throwable> second = new AtomicReference<>();
        final MessageRing ring = MessageRing.builder().name("release").config(Rings.small(64)).ringSize(4)
            .handler((m, seq, eob) -> {
                m.release();
                try {
                    m.release();
                } catch (final IllegalStateException e) {
                    second.set(e);
                }
            }).build().start();
        try {
            ring.publish(Rings.claim(ring, 8));
            Rings.await("handled", 10_000, () -> second.get() != null);
            assertThat(second.get()).hasMessageContaining("release() on Message[ring 'release' slot 0");
            ring.publish(Rings.claim(ring, 8));
            Rings.await("next handled", 10_000, () -> ring.stats(new RingStats()).handled() == 2);
            assertThat(ring.stats(new RingStats()).handlerExceptions()).isZero();
        } finally {
            assertThat(ring.close(TimeUnit.SECONDS.toNanos(10))).isZero();
        }
    }
}
