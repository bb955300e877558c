package io.sprocket.ring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.agrona.concurrent.AgentInvoker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The ring's consumers as Agrona agents in each threading mode: every message reaches the engine
 * and the reader, on the threads the mode promises, and close drains and stops them.
 */
@Timeout(60)
class ThreadingModeTest {
    private static final long WAIT_NS = TimeUnit.SECONDS.toNanos(30);
    private static final int MESSAGES = 20_000;

    @ParameterizedTest
    @EnumSource(value = ThreadingMode.class, names = {"DEDICATED", "SHARED"})
    void shouldRunEngineAndReaderOnTheThreadsTheModePromises(final ThreadingMode mode) {
        final Set<String> engineThreads = ConcurrentHashMap.newKeySet();
        final Set<String> readerThreads = ConcurrentHashMap.newKeySet();
        final AtomicLong engineSum = new AtomicLong();
        final AtomicLong readerSum = new AtomicLong();
        final MessageRing ring = MessageRing.builder().name("mode-" + mode).config(Rings.small(64)).ringSize(256)
            .threading(mode)
            .addReader("journal", (m, seq, eob) -> {
                readerThreads.add(Thread.currentThread().getName());
                readerSum.addAndGet(m.buffer().getLong(0));
            })
            .handler((m, seq, eob) -> {
                engineThreads.add(Thread.currentThread().getName());
                engineSum.addAndGet(m.buffer().getLong(0));
            }).build().start();
        long expected = 0;
        for (int i = 0; i < MESSAGES; i++) {
            final long seq = Rings.claim(ring, 8);
            ring.message(seq).buffer().putLong(0, i);
            ring.publish(seq);
            expected += i;
        }
        assertThat(ring.close(WAIT_NS)).isZero();
        assertThat(engineSum.get()).isEqualTo(expected);
        assertThat(readerSum.get()).isEqualTo(expected);
        if (mode == ThreadingMode.SHARED) {
            assertThat(engineThreads).containsExactly("mode-SHARED-engine");
            assertThat(readerThreads).isEqualTo(engineThreads);
        } else {
            assertThat(engineThreads).containsExactly("mode-DEDICATED-engine");
            assertThat(readerThreads).containsExactly("mode-DEDICATED-journal");
        }
        assertThat(ring.engineThread().isAlive()).isFalse();
    }

    @Test
    void shouldLetTheApplicationThreadDriveTheConsumers() {
        final AtomicLong engineSum = new AtomicLong();
        final Set<Thread> threads = ConcurrentHashMap.newKeySet();
        final MessageRing ring = MessageRing.builder().name("mode-invoker").config(Rings.small(64)).ringSize(64)
            .threading(ThreadingMode.INVOKER)
            .addReader("journal", (m, seq, eob) -> threads.add(Thread.currentThread()))
            .handler((m, seq, eob) -> {
                threads.add(Thread.currentThread());
                engineSum.addAndGet(m.buffer().getLong(0));
            }).build().start();
        final AgentInvoker invoker = ring.invoker();
        assertThat(ring.engineThread()).isSameAs(Thread.currentThread());
        long expected = 0;
        for (int i = 0; i < 1_000; i++) {
            final long seq = ring.tryClaim(8);
            if (seq < 0) {
                invoker.invoke();   // the ring is full: this thread is also its consumer
                i--;
                continue;
            }
            ring.message(seq).buffer().putLong(0, i);
            ring.publish(seq);
            expected += i;
        }
        for (int i = 0; i < 10; i++) {
            final long seq = Rings.claim(ring, 8);
            ring.message(seq).buffer().putLong(0, 1);
            ring.publish(seq);
            expected++;
        }
        assertThat(engineSum.get()).as("nothing runs until the application invokes").isLessThan(expected);
        assertThat(ring.close(WAIT_NS)).as("a close on the invoking thread drains by invoking").isZero();
        assertThat(engineSum.get()).isEqualTo(expected);
        assertThat(threads).containsExactly(Thread.currentThread());
    }

    @Test
    void shouldRefuseTheInvokerOfARingWithThreadsOfItsOwn() {
        final MessageRing ring = MessageRing.builder().name("mode-no-invoker").config(Rings.small(64)).ringSize(8)
            .handler((m, seq, eob) -> { }).build();
        assertThatThrownBy(ring::invoker).isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("threading(ThreadingMode.INVOKER)");
        assertThat(ring.close(0)).isZero();
    }
}
