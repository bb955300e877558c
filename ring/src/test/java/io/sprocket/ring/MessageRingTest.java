package io.sprocket.ring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.sprocket.message.InfraConfig;
import io.sprocket.message.Message;

class MessageRingTest {
    @Test
    void shouldDeliverEveryMessageOnceInEachProducersOrder() throws Exception {
        final int producers = 3;
        final int perProducer = 100_000;
        final long[] next = new long[producers];
        final AtomicLong errors = new AtomicLong();
        final AtomicLong seen = new AtomicLong();
        final MessageRing ring = MessageRing.builder().name("order").config(Rings.small(64)).ringSize(1024)
            .engineWait(EngineWait.YIELDING)
            .handler((m, seq, eob) -> {
                final int p = m.buffer().getInt(0);
                final long n = m.buffer().getLong(4);
                final long check = m.buffer().getLong(12);
                if (m.length() != 20 || n != next[p] || check != (n * 31 + p)) {
                    errors.incrementAndGet();
                }
                next[p] = n + 1;
                seen.incrementAndGet();
            }).build().start();
        try {
            final List<Thread> threads = new ArrayList<>();
            for (int p = 0; p < producers; p++) {
                final int id = p;
                threads.add(new Thread(() -> {
                    for (long n = 0; n < perProducer; n++) {
                        final long seq = Rings.claim(ring, 20);
                        final Message m = ring.message(seq);
                        m.buffer().putInt(0, id);
                        m.buffer().putLong(4, n);
                        m.buffer().putLong(12, n * 31 + id);
                        ring.publish(seq);
                    }
                }, "producer-" + p));
            }
            threads.forEach(Thread::start);
            for (final Thread t : threads) {
                t.join(60_000);
                assertThat(t.isAlive()).isFalse();
            }
            Rings.await("all messages handled", 30_000, () -> seen.get() == (long)producers * perProducer);
        } finally {
            assertThat(ring.close(TimeUnit.SECONDS.toNanos(10))).isZero();
        }
        assertThat(errors.get()).isZero();
        assertThat(next).containsOnly(perProducer);
        final RingStats s = ring.stats(new RingStats());
        assertThat(s.handled()).isEqualTo(3L * perProducer);
        assertThat(s.claims()).isEqualTo(3L * perProducer);
        assertThat(s.recycled()).isEqualTo(3L * perProducer);
    }

    @ParameterizedTest(name = "single producer: {0}")
    @ValueSource(booleans = {false, true})
    void shouldReturnFullAfterExactlyRingSizeClaimsAndRecoverWhenTheHandlerMoves(final boolean singleProducer)
        throws Exception {
        final Semaphore go = new Semaphore(0);
        final AtomicInteger handled = new AtomicInteger();
        final MessageRing ring = MessageRing.builder().name("full").config(Rings.small(64)).ringSize(8)
            .singleProducer(singleProducer)
            .handler((m, seq, eob) -> {
                if (!go.tryAcquire(30, TimeUnit.SECONDS)) {
                    throw new AssertionError("never released");
                }
                handled.incrementAndGet();
            }).build().start();
        try {
            for (int i = 0; i < 8; i++) {
                final long seq = ring.tryClaim(4);
                assertThat(seq).isEqualTo(i);
                ring.publish(seq);
            }
            assertThat(ring.tryClaim(4)).isEqualTo(MessageRing.FULL);
            assertThat(ring.tryClaim(4)).isEqualTo(MessageRing.FULL);
            assertThat(ring.claim(4, TimeUnit.MILLISECONDS.toNanos(5))).isEqualTo(MessageRing.FULL);
            assertThat(ring.stats(new RingStats()).fullRejections()).isEqualTo(3);
            assertThat(ring.stats(new RingStats()).remainingCapacity()).isZero();

            go.release(8);
            Rings.await("the handler moved through the ring", 10_000, () -> handled.get() == 8);
            final long seq = Rings.claim(ring, 4);
            assertThat(seq).isEqualTo(8);
            ring.publish(seq);
            go.release(100);
            Rings.await("all handled", 10_000, () -> handled.get() == 9);
        } finally {
            go.release(100);
            assertThat(ring.close(TimeUnit.SECONDS.toNanos(10))).isZero();
        }
    }

    @Test
    void shouldGiveSlotsBackWhileALongBatchIsStillBeingHandled() throws Exception {
        final Semaphore go = new Semaphore(0);
        final AtomicInteger handled = new AtomicInteger();
        final MessageRing ring = MessageRing.builder().name("long-batch").config(Rings.small(64)).ringSize(64)
            .handler((m, seq, eob) -> {
                if (seq == 40 && !go.tryAcquire(30, TimeUnit.SECONDS)) {
                    throw new AssertionError("never released");
                }
                handled.incrementAndGet();
            }).build().start();
        try {
            for (int i = 0; i < 64; i++) {
                ring.publish(Rings.claim(ring, 4));
            }
            Rings.await("stuck at sequence 40", 10_000, () -> handled.get() == 40);
            int claimed = 0;
            for (long seq = ring.tryClaim(4); seq >= 0; seq = ring.tryClaim(4)) {
                ring.publish(seq);
                claimed++;
            }
            assertThat(claimed).as("slots given back before the stuck message, whatever the batch boundaries")
                .isBetween(32, 40);
            go.release();
            final int expected = 64 + claimed;
            Rings.await("all handled", 10_000, () -> handled.get() == expected);
        } finally {
            go.release(100);
            assertThat(ring.close(TimeUnit.SECONDS.toNanos(10))).isZero();
        }
    }

    @Test
    void shouldCarryAnOversizedMessageForOneLapOnly() throws Exception {
        final int slot = 1024;
        final AtomicLong checksum = new AtomicLong();
        final AtomicInteger capacities = new AtomicInteger();
        final MessageRing ring = MessageRing.builder().name("oversize").config(Rings.small(slot)).ringSize(4)
            .handler((m, seq, eob) -> {
                long sum = 0;
                for (int i = 0; i < m.length(); i++) {
                    sum += (m.buffer().getByte(i) & 0xff) * (i + 1L);
                }
                checksum.addAndGet(sum);
                capacities.set(m.capacity());
            }).build().start();
        try {
            final int big = 3 * slot;
            long expected = 0;
            final long seq = Rings.claim(ring, big);
            final Message m = ring.message(seq);
            assertThat(m.capacity()).isGreaterThanOrEqualTo(big);
            for (int i = 0; i < big; i++) {
                m.buffer().putByte(i, (byte)(i * 7));
                expected += ((i * 7) & 0xff) * (i + 1L);
            }
            ring.publish(seq);
            Rings.await("oversized handled", 10_000, () -> ring.stats(new RingStats()).handled() == 1);
            assertThat(checksum.get()).isEqualTo(expected);
            assertThat(capacities.get()).isGreaterThanOrEqualTo(big);

            final RingStats s = ring.stats(new RingStats());
            assertThat(s.oversized()).isEqualTo(1);
            assertThat(s.buffersAllocated()).isEqualTo(1);
            assertThat(s.hitRate()).isEqualTo(0.0);

            for (int lap = 1; lap <= 4; lap++) {
                final long next = Rings.claim(ring, 10);
                ring.publish(next);
                if (next % 4 == seq % 4) {
                    Rings.await("next lap handled", 10_000, () -> ring.stats(new RingStats()).handled() == next + 1);
                    assertThat(capacities.get()).as("slot has its own buffer back").isEqualTo(slot);
                }
            }
            assertThat(ring.stats(new RingStats()).oversized()).isEqualTo(1);
        } finally {
            assertThat(ring.close(TimeUnit.SECONDS.toNanos(10))).isZero();
        }
    }

    @Test
    void shouldRejectLengthsOutsideTheBoundsNamingThem() {
        final MessageRing ring = MessageRing.builder().name("bounds")
            .config(InfraConfig.builder().bufferSizeBytes(64).maxMessageSizeBytes(256).build()).ringSize(4)
            .handler((m, seq, eob) -> { }).jmx(false).build();
        try {
            assertThatThrownBy(() -> ring.tryClaim(257)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("message length 257 must be from 0 to maxMessageSizeBytes 256");
            assertThatThrownBy(() -> ring.tryClaim(-1)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> ring.claim(1, -1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("timeoutNs");
            assertThat(ring.stats(new RingStats()).claims()).isZero();
        } finally {
            ring.close(0);
        }
    }

    @Test
    void shouldSurviveAHandlerThrowingOnEveryTenthMessage() throws Exception {
        final AtomicLong listened = new AtomicLong();
        final AtomicLong lastCount = new AtomicLong();
        final MessageRing ring = MessageRing.builder().name("throws").config(Rings.small(64)).ringSize(64)
            .engineWait(EngineWait.YIELDING)
            .errorListener((consumer, error, seq, m, count) -> {
                assertThat(consumer).isEqualTo("engine");
                assertThat(m.buffer().getLong(0)).isEqualTo(seq);
                listened.incrementAndGet();
                lastCount.set(count);
            })
            .handler((m, seq, eob) -> {
                if (m.buffer().getLong(0) % 10 == 9) {
                    throw new IllegalStateException("boom " + seq);
                }
            }).build().start();
        final int n = 10_000;
        try {
            for (int i = 0; i < n; i++) {
                final long seq = Rings.claim(ring, 8);
                ring.message(seq).buffer().putLong(0, seq);
                ring.publish(seq);
            }
            Rings.await("all handled", 30_000, () -> ring.stats(new RingStats()).handled() == n);
        } finally {
            assertThat(ring.close(TimeUnit.SECONDS.toNanos(10))).isZero();
        }
        final RingStats s = ring.stats(new RingStats());
        assertThat(s.handlerExceptions()).isEqualTo(n / 10);
        assertThat(listened.get()).isEqualTo(n / 10);
        assertThat(lastCount.get()).isEqualTo(n / 10);
        assertThat(s.recycled()).isEqualTo(n);
        assertThat(s.inFlight()).isZero();
    }

    @Test
    void shouldKeepTheEngineAliveWhenTheErrorListenerThrowsToo() throws Exception {
        final MessageRing ring = MessageRing.builder().name("listener-throws").config(Rings.small(64)).ringSize(8)
            .errorListener((c, e, s, m, n) -> {
                throw new IllegalStateException("listener");
            })
            .handler((m, seq, eob) -> {
                throw new java.io.IOException("checked " + seq);
            }).build().start();
        try {
            for (int i = 0; i < 20; i++) {
                ring.publish(Rings.claim(ring, 1));
            }
            Rings.await("all handled", 10_000, () -> ring.stats(new RingStats()).handled() == 20);
            assertThat(ring.stats(new RingStats()).handlerExceptions()).isEqualTo(20);
        } finally {
            assertThat(ring.close(TimeUnit.SECONDS.toNanos(10))).isZero();
        }
    }

    private static final MessageTranslator<long[]> PUT_FIRST = (m, seq, arg) -> m.buffer().putLong(0, arg[0]);
    private static final MessageTranslator2<String, Integer> PUT_TWO = (m, seq, a, b) -> {
        m.buffer().putStringWithoutLengthAscii(0, a);
        m.buffer().putInt(a.length(), b);
    };

    @Test
    void shouldPublishThroughTranslatorsAndCancelWhenOneThrows() throws Exception {
        final List<String> seen = new ArrayList<>();
        final MessageRing ring = MessageRing.builder().name("translate").config(Rings.small(64)).ringSize(8)
            .handler((m, seq, eob) -> {
                synchronized (seen) {
                    seen.add(m.length() + ":" + m.buffer().getLong(0));
                }
            }).build().start();
        try {
            assertThat(ring.tryPublish(8, PUT_FIRST, new long[] {77})).isZero();
            assertThat(ring.tryPublish(8, PUT_TWO, "abcd", 0x01020304)).isEqualTo(1);
            final MessageTranslator<Object> failing = (m, seq, arg) -> {
                throw new IllegalArgumentException("bad arg");
            };
            assertThatThrownBy(() -> ring.tryPublish(8, failing, null)).hasMessage("bad arg");
            assertThat(ring.tryPublish(8, PUT_FIRST, new long[] {78})).isEqualTo(3);
            Rings.await("three handled", 10_000, () -> ring.stats(new RingStats()).handled() == 3);
            final RingStats s = ring.stats(new RingStats());
            assertThat(s.cancelled()).isEqualTo(1);
            assertThat(s.claims()).isEqualTo(4);
            synchronized (seen) {
                assertThat(seen).hasSize(3).startsWith("8:77").endsWith("8:78");
            }
        } finally {
            assertThat(ring.close(TimeUnit.SECONDS.toNanos(10))).isZero();
        }
    }

    @Test
    void shouldSkipCancelledSlots() throws Exception {
        final AtomicLong handled = new AtomicLong();
        final MessageRing ring = MessageRing.builder().name("cancel").config(Rings.small(64)).ringSize(4)
            .handler((m, seq, eob) -> handled.addAndGet(m.buffer().getLong(0))).build().start();
        try {
            for (int i = 0; i < 10; i++) {
                final long seq = Rings.claim(ring, 8);
                if (i % 2 == 0) {
                    ring.cancel(seq);
                } else {
                    ring.message(seq).buffer().putLong(0, 1L << i);
                    ring.publish(seq);
                }
            }
            Rings.await("passed all", 10_000, () -> ring.stats(new RingStats()).recycled() == 10);
            assertThat(handled.get()).isEqualTo(2 + 8 + 32 + 128 + 512);
            final RingStats s = ring.stats(new RingStats());
            assertThat(s.handled()).isEqualTo(5);
            assertThat(s.cancelled()).isEqualTo(5);
        } finally {
            assertThat(ring.close(TimeUnit.SECONDS.toNanos(10))).isZero();
        }
    }

    @Test
    void shouldRecycleASlotOnlyWhenEveryReaderHasPassedIt() throws Exception {
        final CountDownLatch readerGo = new CountDownLatch(1);
        final AtomicLong engineSum = new AtomicLong();
        final AtomicLong readerSum = new AtomicLong();
        final MessageRing ring = MessageRing.builder().name("readers").config(Rings.small(64)).ringSize(4)
            .handler((m, seq, eob) -> engineSum.addAndGet(m.buffer().getInt(0)))
            .addReader("journal", (m, seq, eob) -> {
                if (!readerGo.await(30, TimeUnit.SECONDS)) {
                    throw new AssertionError("journal never released");
                }
                readerSum.addAndGet(m.buffer().getInt(0));
            }).build().start();
        try {
            for (int i = 1; i <= 4; i++) {
                final long seq = Rings.claim(ring, 4);
                ring.message(seq).buffer().putInt(0, i);
                ring.publish(seq);
            }
            Rings.await("engine handled 4", 10_000, () -> engineSum.get() == 10);
            assertThat(ring.tryClaim(4)).as("journal still holds every slot").isEqualTo(MessageRing.FULL);
            readerGo.countDown();
            Rings.await("journal read 4", 10_000, () -> readerSum.get() == 10);
            Rings.await("slots recycled", 10_000, () -> ring.stats(new RingStats()).recycled() == 4);
            assertThat(ring.tryClaim(4)).isEqualTo(4);
            ring.publish(4);
        } finally {
            readerGo.countDown();
            assertThat(ring.close(TimeUnit.SECONDS.toNanos(10))).isZero();
        }
        assertThatThrownBy(() -> MessageRing.builder().handler((m, s, e) -> { }).addReader("engine", (m, s, e) -> { }))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("already taken");
    }

    @Test
    void shouldWorkAsASingleProducerRing() throws Exception {
        final AtomicLong sum = new AtomicLong();
        final MessageRing ring = MessageRing.builder().name("single").singleProducer(true)
            .config(Rings.small(64)).ringSize(16).engineWait(EngineWait.YIELDING)
            .handler((m, seq, eob) -> sum.addAndGet(m.buffer().getLong(0))).build().start();
        final int n = 50_000;
        try {
            for (int i = 1; i <= n; i++) {
                final long seq = Rings.claim(ring, 8);
                ring.message(seq).buffer().putLong(0, i);
                ring.publish(seq);
            }
        } finally {
            assertThat(ring.close(TimeUnit.SECONDS.toNanos(10))).isZero();
        }
        assertThat(sum.get()).isEqualTo((long)n * (n + 1) / 2);
        assertThat(ring.stats(new RingStats()).claims()).isEqualTo(n);
    }

    /**
     * A single producer may hold several claims before it publishes them (a batch). A claim made after
     * the consumers moved on must not tell them those claims are published: the Disruptor's
     * single-producer {@code tryNext()}, left to refresh its view of the consumers itself, moves the
     * cursor to its last claim as it does. The engine runs on this thread ({@code INVOKER}), so the
     * consumers move exactly where the test says.
     */
    @Test
    void shouldShowASingleProducersOutstandingClaimsToNoConsumerAfterTheConsumersMoveOn() throws Exception {
        final List<Long> seen = new ArrayList<>();
        final MessageRing ring = MessageRing.builder().name("single-batch").singleProducer(true)
            .config(Rings.small(64)).ringSize(8).threading(ThreadingMode.INVOKER)
            .handler((m, seq, eob) -> seen.add(m.buffer().getLong(0))).build().start();
        final org.agrona.concurrent.AgentInvoker engine = ring.invoker();
        try {
            for (long i = 0; i < 4; i++) {
                publish(ring, ring.tryClaim(8), i);
            }
            engine.invoke();
            for (long i = 4; i < 8; i++) {
                publish(ring, ring.tryClaim(8), i);
            }
            final long[] batch = new long[5];
            for (int k = 0; k < 4; k++) {
                batch[k] = ring.tryClaim(8);
                assertThat(batch[k]).isEqualTo(8 + k);
            }
            engine.invoke();                       // the consumers move on to 7, the batch still unpublished
            batch[4] = ring.tryClaim(8);
            assertThat(batch[4]).isEqualTo(12);
            assertThat(ring.stats(new RingStats()).claims()).as("published, as the consumers see it").isEqualTo(8);
            engine.invoke();
            assertThat(seen).as("what the engine handled before the batch was published").hasSize(8);
            for (int k = 0; k < 5; k++) {
                publish(ring, batch[k], 8 + k);
            }
            engine.invoke();
            assertThat(seen).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L, 12L);
        } finally {
            assertThat(ring.close(TimeUnit.SECONDS.toNanos(10))).isZero();
        }
    }

    private static void publish(final MessageRing ring, final long seq, final long value) {
        assertThat(seq).isNotNegative();
        ring.message(seq).buffer().putLong(0, value);
        ring.publish(seq);
    }

    @Test
    void shouldRefuseASingleProducerPublishThatLandsAfterAForeignClose() throws Exception {
        final MessageRing ring = MessageRing.builder().name("single-late").singleProducer(true)
            .config(Rings.small(64)).ringSize(8).handler((m, seq, eob) -> { }).build().start();
        final long seq = ring.tryClaim(8);
        assertThat(seq).isZero();
        final Thread closer = new Thread(() -> ring.close(TimeUnit.SECONDS.toNanos(10)));
        closer.start();
        closer.join(30_000);
        assertThat(closer.isAlive()).isFalse();
        assertThatThrownBy(() -> ring.publish(seq)).isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("published after ring 'single-late' closed")
            .hasMessageContaining("closed on its producer thread");
    }

    @Test
    void shouldValidateTheBuilder() {
        assertThatThrownBy(() -> MessageRing.builder().build()).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("needs a handler");
        assertThatThrownBy(() -> MessageRing.builder().name("has space")).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("ring name must be 1 to 64 of");
        assertThatThrownBy(() -> MessageRing.builder().config(null)).hasMessageContaining("config must not be null");
        assertThatThrownBy(() -> MessageRing.builder().engineWait(null)).hasMessageContaining("engineWait");
        assertThatThrownBy(() -> MessageRing.builder().producerWait(null)).hasMessageContaining("producerWait");
        assertThatThrownBy(() -> MessageRing.builder().handler(null)).hasMessageContaining("handler");
    }

    @Test
    void shouldValidateTheRingSizeNamingTheBound() {
        assertThat(MessageRing.builder().ringSize()).isEqualTo(MessageRing.DEFAULT_RING_SIZE).isEqualTo(1024);
        assertThat(MessageRing.builder().ringSize(8).ringSize()).isEqualTo(8);
        assertThatThrownBy(() -> MessageRing.builder().ringSize(0)).isInstanceOf(IllegalArgumentException.class)
            .hasMessage("ringSize must be from 1 to 16777216, got 0");
        assertThatThrownBy(() -> MessageRing.builder().ringSize(1 << 25)).isInstanceOf(IllegalArgumentException.class)
            .hasMessage("ringSize must be from 1 to 16777216, got 33554432");
        assertThatThrownBy(() -> MessageRing.builder().ringSize(1000)).isInstanceOf(IllegalArgumentException.class)
            .hasMessage("ringSize must be a power of two, got 1000");
        assertThatThrownBy(() -> MessageRing.builder().ringSize(1 << 16).config(InfraConfig.builder()
            .bufferSizeBytes(1 << 16).build()).handler((m, s, e) -> { }).build())
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("ringSize (65536) x slot of 65536 + 64 header bytes needs")
            .hasMessageContaining("over the 2147483583 one off-heap region can hold");
    }

    @Test
    void shouldReportTheSizeItWasBuiltWith() {
        final MessageRing ring = MessageRing.builder().name("sized").config(Rings.small(64)).ringSize(32).jmx(false)
            .handler((m, s, e) -> { }).build();
        try {
            assertThat(ring.ringSize()).isEqualTo(32);
            assertThat(ring.stats(new RingStats()).ringSize()).isEqualTo(32);
        } finally {
            ring.close();
        }
        final MessageRing byDefault = MessageRing.builder().name("default-size").config(Rings.small(64)).jmx(false)
            .handler((m, s, e) -> { }).build();
        try {
            assertThat(byDefault.ringSize()).isEqualTo(1024);
        } finally {
            byDefault.close();
        }
    }

    @Test
    void shouldHandOutPublishedMessagesForEachWaitStrategy() throws Exception {
        for (final EngineWait wait : EngineWait.values()) {
            final AtomicLong sum = new AtomicLong();
            final MessageRing ring = MessageRing.builder().name("wait-" + wait).config(Rings.small(64)).ringSize(8)
                .engineWait(wait).producerWait(ProducerWait.values()[wait.ordinal() % ProducerWait.values().length])
                .handler((m, seq, eob) -> sum.addAndGet(m.buffer().getInt(0))).build().start();
            try {
                for (int i = 1; i <= 100; i++) {
                    final long seq = Rings.claim(ring, 4);
                    ring.message(seq).buffer().putInt(0, i);
                    ring.publish(seq);
                }
            } finally {
                assertThat(ring.close(TimeUnit.SECONDS.toNanos(10))).isZero();
            }
            assertThat(sum.get()).as(wait.name()).isEqualTo(5050);
        }
    }
}
