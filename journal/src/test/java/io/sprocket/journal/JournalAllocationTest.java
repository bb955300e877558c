package io.sprocket.journal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.sprocket.message.AllocationMeter;
import io.sprocket.message.Message;
import io.sprocket.ring.MessageHandler;
import io.sprocket.ring.MessageRing;
import io.sprocket.ring.MessageRingBuilder;
import io.sprocket.ring.ProducerWait;
import io.sprocket.ring.RingStats;

/**
 * Zero allocation per message, measured in bytes on every thread involved: the producer, the
 * journaller (the ring's journal thread), the engine behind it, a live tail following the writer,
 * and a replay of the whole journal. The journal is one large sparse segment, so no roll-over falls
 * in the measured windows (a roll-over creates a file and a mapping, which allocates).
 */
@Tag("alloc")
class JournalAllocationTest {
    private static final int SEGMENT = JournalDescriptor.MAX_SEGMENT_SIZE;
    private static final int MESSAGES = 300_000;
    private static final int SIZE = 64;
    private static final long TIMEOUT_NS = TimeUnit.SECONDS.toNanos(60);

    @TempDir
    Path dir;

    /** Sums what it is given; stalls now and then during the warm-up, so the ring fills. */
    private static final class Engine implements MessageHandler {
        volatile int stallEvery;
        long sum;

        @Override
        public void onMessage(final Message message, final long sequence, final boolean endOfBatch) {
            final int every = stallEvery;
            if (every != 0 && sequence % every == 0) {
                LockSupport.parkNanos(200_000);
            }
            sum += message.buffer().getLong(0) + message.length();
        }
    }

    /** Follows the writer until stopped, parking when there is nothing new. */
    private static final class Tail implements Runnable, RecordHandler {
        final JournalReader reader;
        volatile boolean stop;
        volatile long read;
        long sum;

        Tail(final JournalReader reader) {
            this.reader = reader;
        }

        @Override
        public boolean onRecord(final JournalRecord record) {
            sum += record.buffer().getLong(0) + record.peerId();
            return true;
        }

        @Override
        public void run() {
            long count = 0;
            while (!stop) {
                final int n = reader.poll(this, 256);
                count += n;
                read = count;
                if (n == 0) {
                    LockSupport.parkNanos(10_000);
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"NONE", "EVERY_N", "ENGINE_THREAD"})
    void shouldAllocateNothingPerMessageOnAnyThread(final String policy) throws Exception {
        final Durability durability = "EVERY_N".equals(policy) ? Durability.everyN(4096) : Durability.NONE;
        final boolean inline = "ENGINE_THREAD".equals(policy);
        final Engine engine = new Engine();
        final Journal journal = Journal.builder(dir).segmentSizeBytes(SEGMENT).preallocate(false).maxMessageSizeBytes(SIZE)
            .durability(durability).open();
        final MessageRingBuilder builder = MessageRing.builder().name("alloc-" + policy)
            .config(Journals.ringConfig(SIZE, SIZE)).ringSize(1024).singleProducer(true).jmx(false);
        final MessageRing ring = (inline ? builder.handler(journal.journalThen(engine))
            : journal.addTo(builder, Journal.Placement.BEFORE_ENGINE).handler(engine)).build().start();
        final Tail tail = new Tail(journal.newReader());
        final Thread tailThread = new Thread(tail, "alloc-tail");
        tailThread.start();
        final long[] sent = {0};
        try {
            warmUp(ring, engine, sent);
            awaitAll(ring, tail, sent[0]);
            // Journalled on the engine's thread, the engine is measured twice: that is harmless.
            final Thread journaller = inline ? ring.engineThread() : thread("alloc-" + policy + "-journal");
            final long[] bytes = AllocationMeter.steadyState(() -> {
                for (int i = 0; i < MESSAGES; i++) {
                    send(ring, sent[0]++);
                }
                awaitAll(ring, tail, sent[0]);
            }, 10, ring.engineThread(), journaller, tailThread);

            assertThat(bytes[0]).as("producer bytes over %d messages", MESSAGES).isZero();
            assertThat(bytes[1]).as("engine bytes").isZero();
            assertThat(bytes[2]).as("journaller bytes").isZero();
            assertThat(bytes[3]).as("live tail bytes").isZero();
            assertThat(journal.stats(new JournalStats()).segmentsCreated()).as("no roll-over").isZero();
        } finally {
            tail.stop = true;
            tailThread.join(10_000);
            tail.reader.close();
            assertThat(ring.close(TIMEOUT_NS)).isZero();
            journal.close();
        }
        assertThat(journal.writtenSequence()).isEqualTo(sent[0] - 1);

        // Replaying the whole journal allocates nothing per record either.
        try (JournalReader reader = JournalReader.open(dir)) {
            final Tail replay = new Tail(reader);
            // The first poll resolves the calls it makes (which allocates once); the rest is measured.
            assertThat(reader.poll(replay, 1)).isEqualTo(1);
            final long[] replayed = {1};
            final long bytes = AllocationMeter.measure(() -> {
                int n;
                while ((n = reader.poll(replay, 256)) > 0) {
                    replayed[0] += n;
                }
            });
            assertThat(replayed[0]).isEqualTo(sent[0]);
            assertThat(bytes).as("replay bytes over %d records", replayed[0]).isZero();
        }
    }

    private static void warmUp(final MessageRing ring, final Engine engine, final long[] sent) {
        AllocationMeter.parkOnce();
        ProducerWait.PHASED.idle(0);
        ProducerWait.PHASED.idle(150);
        ProducerWait.PHASED.idle(Integer.MAX_VALUE);
        for (int round = 0; round < 3; round++) {
            engine.stallEvery = 0;
            for (int i = 0; i < 100_000; i++) {
                send(ring, sent[0]++);
            }
            engine.stallEvery = 512;
            for (int i = 0; i < 20_000; i++) {
                send(ring, sent[0]++);
            }
            engine.stallEvery = 0;
            for (int i = 0; i < 20_000; i++) {
                send(ring, sent[0]++);
                if (i % 2_000 == 0) {
                    LockSupport.parkNanos(500_000);
                }
            }
        }
    }

    private static void send(final MessageRing ring, final long q) {
        final long seq = ring.claim(SIZE, TIMEOUT_NS);
        if (seq < 0) {
            throw new AssertionError("claim refused: " + seq);
        }
        final Message m = ring.message(seq);
        m.buffer().putLong(0, q);
        m.buffer().putLong(SIZE - 8, q);
        m.peerId(q & 1023);
        ring.publish(seq);
    }

    private static final RingStats DRAINED = new RingStats();

    /** Waits, without allocating, until the engine has handled and the tail has read every message sent. */
    private static void awaitAll(final MessageRing ring, final Tail tail, final long sent) {
        final long deadline = System.nanoTime() + TIMEOUT_NS;
        while (ring.stats(DRAINED).recycled() != DRAINED.claims() || tail.read < sent) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("not drained within 60 s");
            }
            LockSupport.parkNanos(50_000);
        }
    }

    private static Thread thread(final String name) {
        for (final Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().equals(name)) {
                return t;
            }
        }
        throw new AssertionError("no thread named " + name);
    }
}
