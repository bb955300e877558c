package io.sprocket.ring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.sprocket.message.AllocationMeter;
import io.sprocket.message.Message;

@Tag("alloc")
class RingAllocationTest {
    private static final int CYCLES = 1_000_000;

    /** Reads the payload so the engine really touches each message; no state that allocates. */
    private static final class SummingHandler implements MessageHandler {
        long sum;

        @Override
        public void onMessage(final Message message, final long sequence, final boolean endOfBatch) {
            sum += message.buffer().getLong(0) + message.length();
        }
    }

    @ParameterizedTest
    @EnumSource(value = EngineWait.class, names = {"YIELDING", "BLOCKING"})
    void shouldAllocateNothingOnProducerOrEngineInSteadyState(final EngineWait wait) {
        assertProducerAndEngineAllocateNothing("alloc-" + wait, wait, false);
    }

    /** A producer writing through its view (message(seq, view)) allocates nothing either. */
    @Test
    void shouldAllocateNothingWhenTheProducerWritesThroughItsView() {
        assertProducerAndEngineAllocateNothing("alloc-view", EngineWait.YIELDING, true);
    }

    private static void assertProducerAndEngineAllocateNothing(final String name, final EngineWait wait,
        final boolean throughView) {
        final WarmUp.Stallable handler = new WarmUp.Stallable(new SummingHandler());
        final MessageRing ring = MessageRing.builder().name(name).config(Rings.small(256)).ringSize(1024)
            .engineWait(wait).handler(handler).build().start();
        try {
            final Thread engine = ring.engineThread();
            final Message view = throughView ? ring.newView() : null;
            final WarmUp.Sender sender = throughView ? (r, i) -> sendThroughView(r, view, i) : RingAllocationTest::sendOne;
            WarmUp.run(ring, handler, sender);
            awaitHandled(ring);
            final long[] bytes = AllocationMeter.steadyState(() -> {
                for (int i = 0; i < CYCLES; i++) {
                    sender.send(ring, i);
                }
                awaitHandled(ring);
            }, 10, engine);

            assertThat(bytes[0]).as("bytes allocated by the producer over %d cycles", CYCLES).isZero();
            assertThat(bytes[1]).as("bytes allocated by the engine over %d cycles", CYCLES).isZero();
            final RingStats stats = ring.stats(new RingStats());
            assertThat(stats.handled()).isEqualTo(stats.claims());
        } finally {
            assertThat(ring.close(TimeUnit.SECONDS.toNanos(10))).isZero();
        }
    }

    private static void sendThroughView(final MessageRing ring, final Message view, final int i) {
        final long seq = ring.claim(64, 30_000_000_000L);
        if (seq < 0) {
            throw new AssertionError("claim failed: " + seq);
        }
        final Message m = ring.message(seq, view);
        m.buffer().putLong(0, i);
        m.buffer().putLong(56, seq);
        ring.publish(seq);
    }

    /** All consumers (engine and a reader) on one thread: SHARED mode allocates nothing either. */
    @ParameterizedTest
    @EnumSource(value = EngineWait.class, names = {"YIELDING", "BLOCKING"})
    void shouldAllocateNothingWithEngineAndReaderSharingAThread(final EngineWait wait) {
        final WarmUp.Stallable handler = new WarmUp.Stallable(new SummingHandler());
        final SummingHandler journal = new SummingHandler();
        final MessageRing ring = MessageRing.builder().name("alloc-shared-" + wait).config(Rings.small(256)).ringSize(1024)
            .threading(ThreadingMode.SHARED).engineWait(wait).addReader("journal", journal).engineAfter("journal")
            .handler(handler).build().start();
        try {
            final Thread shared = ring.engineThread();
            WarmUp.run(ring, handler, RingAllocationTest::sendOne);
            awaitHandled(ring);
            final long[] bytes = AllocationMeter.steadyState(() -> {
                runCycles(ring, CYCLES);
                awaitHandled(ring);
            }, 10, shared);
            assertThat(bytes[0]).as("bytes allocated by the producer over %d cycles", CYCLES).isZero();
            assertThat(bytes[1]).as("bytes allocated by the shared consumer thread over %d cycles", CYCLES).isZero();
            assertThat(journal.sum).isNotZero();
        } finally {
            assertThat(ring.close(TimeUnit.SECONDS.toNanos(10))).isZero();
        }
    }

    /** INVOKER mode: the test thread produces and drives the engine itself, and allocates nothing. */
    @Test
    void shouldAllocateNothingWhenTheApplicationThreadDrivesTheEngine() {
        final SummingHandler handler = new SummingHandler();
        final MessageRing ring = MessageRing.builder().name("alloc-invoker").config(Rings.small(256)).ringSize(1024)
            .threading(ThreadingMode.INVOKER).handler(handler).build().start();
        try {
            final org.agrona.concurrent.AgentInvoker invoker = ring.invoker();
            final Runnable window = () -> {
                for (int i = 0; i < CYCLES; i += 512) {
                    for (int k = 0; k < 512; k++) {
                        sendOne(ring, i + k);
                    }
                    while (invoker.invoke() > 0) {
                        // drain what was just published
                    }
                }
            };
            window.run();
            final long[] bytes = AllocationMeter.steadyState(window, 10);
            assertThat(bytes[0]).as("bytes allocated by the producing and invoking thread over %d cycles", CYCLES)
                .isZero();
            final RingStats stats = ring.stats(new RingStats());
            assertThat(stats.handled()).isEqualTo(stats.claims());
        } finally {
            assertThat(ring.close(TimeUnit.SECONDS.toNanos(10))).isZero();
        }
    }

    private static void runCycles(final MessageRing ring, final int cycles) {
        for (int i = 0; i < cycles; i++) {
            sendOne(ring, i);
        }
    }

    private static void sendOne(final MessageRing ring, final int i) {
        final long seq = ring.claim(64, 30_000_000_000L);
        if (seq < 0) {
            throw new AssertionError("claim failed: " + seq);
        }
        final Message m = ring.message(seq);
        m.buffer().putLong(0, i);
        m.buffer().putLong(56, seq);
        ring.publish(seq);
    }

    private static final RingStats DRAINED = new RingStats();

    /** Waits without allocating until the engine has handled every claimed slot (test thread only). */
    private static void awaitHandled(final MessageRing ring) {
        Rings.awaitDrained(ring, DRAINED);
    }

    @Test
    void shouldAllocateNothingInTheTimedWaitOfAFullRing() {
        final MessageRing ring = MessageRing.builder().name("alloc-full").config(Rings.small(64)).ringSize(4)
            .handler((m, seq, eob) -> { }).build();
        try {
            for (int i = 0; i < 4; i++) {
                ring.publish(ring.tryClaim(8));
            }
            for (int warm = 0; warm < 3; warm++) {
                ring.claim(8, 2_000_000);
                ring.tryClaim(8);
            }
            // The measured claim waits long enough to park, and the JVM's first park allocates inside
            // the JDK (this test may be the first of its JVM to park); the warm-up's short claims reach
            // the parking stage only when the core is free (a loaded machine can spend their 2 ms in the
            // spins and yields before it).
            WarmUp.producerWaits();
            final long bytes = AllocationMeter.measure(() -> {
                for (int i = 0; i < 1000; i++) {
                    if (ring.tryClaim(8) != MessageRing.FULL) {
                        throw new AssertionError();
                    }
                }
                if (ring.claim(8, 20_000_000) != MessageRing.FULL) {
                    throw new AssertionError();
                }
            });
            assertThat(bytes).isZero();
        } finally {
            ring.close(0);
        }
    }
}
