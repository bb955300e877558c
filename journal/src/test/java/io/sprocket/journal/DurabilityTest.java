package io.sprocket.journal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.sprocket.message.Waits;
import io.sprocket.ring.MessageRing;
import io.sprocket.ring.ThreadingMode;

/** Each durability policy forces when it says, and "durable" follows what was forced. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DurabilityTest {
    private static final int SEGMENT = 1 << 20;
    private static final int SLOT = 128;

    @TempDir
    Path dir;

    @Test
    void shouldNeverForceUnderNone() {
        try (Journal journal = Journals.small(dir, SEGMENT).open()) {
            Journals.append(journal, 0, 10_000, SLOT);
            final JournalStats stats = journal.stats(new JournalStats());
            assertThat(stats.forces()).isZero();
            assertThat(stats.durableSequence()).isEqualTo(-1);
            assertThat(stats.writtenSequence()).isEqualTo(9_999);
        }
    }

    @Test
    void shouldForceBeforeTheEngineSeesARecordUnderBatch() {
        final AtomicReference<String> early = new AtomicReference<>();
        final AtomicLong handled = new AtomicLong();
        final int messages = 20_000;
        try (Journal journal = Journals.small(dir, SEGMENT).durability(Durability.BATCH).open()) {
            final MessageRing ring = journal.addTo(MessageRing.builder().name("batch")
                .config(Journals.ringConfig(SLOT, SLOT)).ringSize(256)
                .jmx(false), Journal.Placement.BEFORE_ENGINE)
                .handler((m, seq, eob) -> {
                    // A fresh journal and a ring with data only: the ring sequence is the journal sequence.
                    if (journal.durableSequence() < seq) {
                        early.compareAndSet(null, "engine saw " + seq + " when only " + journal.durableSequence()
                            + " was forced");
                    }
                    handled.incrementAndGet();
                }).build().start();
            for (long q = 0; q < messages; q++) {
                Journals.publish(ring, q, Payloads.length(q, SLOT, SLOT, 0));
            }
            assertThat(ring.close(Journals.TIMEOUT_NS)).isZero();
            final JournalStats stats = journal.stats(new JournalStats());
            assertThat(stats.forces()).isPositive().isLessThanOrEqualTo(messages);
            assertThat(stats.durableSequence()).isEqualTo(messages - 1);
        }
        assertThat(early.get()).isNull();
        assertThat(handled.get()).isEqualTo(messages);
    }

    /**
     * A batch that ends on a slot the journal never sees (a cancelled claim, here the last one
     * available) still forces what came before it, before the engine may see those records. The
     * application's thread drives both consumers (INVOKER), so the order is exact.
     */
    @Test
    void shouldForceWhenABatchEndsOnASlotTheJournalDoesNotSee() {
        final AtomicReference<String> early = new AtomicReference<>();
        final AtomicLong handled = new AtomicLong();
        try (Journal journal = Journals.small(dir, SEGMENT).durability(Durability.BATCH).open()) {
            final MessageRing ring = journal.addTo(MessageRing.builder().name("batch-cancelled")
                .config(Journals.ringConfig(SLOT, SLOT)).ringSize(256).jmx(false).threading(ThreadingMode.INVOKER),
                Journal.Placement.BEFORE_ENGINE)
                .handler((m, seq, eob) -> {
                    if (journal.durableSequence() < seq) {
                        early.compareAndSet(null, "engine saw " + seq + " when only " + journal.durableSequence()
                            + " was forced");
                    }
                    handled.incrementAndGet();
                }).build().start();
            for (long q = 0; q < 20; q++) {
                Journals.publish(ring, q, Payloads.length(q, SLOT, SLOT, 0));
            }
            final long cancelled = ring.tryClaim(SLOT);
            assertThat(cancelled).isEqualTo(20);
            ring.cancel(cancelled);
            for (int i = 0; i < 10 && ring.invoker().invoke() > 0; i++) {
                // both consumers, in the order the ring gives: the journal first
            }
            assertThat(handled.get()).isEqualTo(20);
            assertThat(journal.durableSequence()).as("forced at the batch's end, on the cancelled slot").isEqualTo(19);
            assertThat(ring.close(Journals.TIMEOUT_NS)).isZero();
        }
        assertThat(early.get()).isNull();
    }

    @Test
    void shouldForceEveryNRecords() {
        final Journal journal = Journals.small(dir, SEGMENT).durability(Durability.everyN(100)).open();
        final MessageRing ring = journal.addTo(MessageRing.builder().name("every-n")
            .config(Journals.ringConfig(SLOT, SLOT)).ringSize(256)
            .jmx(false), Journal.Placement.BEFORE_ENGINE).handler((m, seq, eob) -> { }).build().start();
        for (long q = 0; q < 1_050; q++) {
            Journals.publish(ring, q, Payloads.length(q, SLOT, SLOT, 0));
        }
        assertThat(ring.close(Journals.TIMEOUT_NS)).isZero();
        final JournalStats stats = journal.stats(new JournalStats());
        assertThat(stats.segmentsCreated()).isZero();
        assertThat(stats.forces()).isEqualTo(10);
        assertThat(stats.durableSequence()).isEqualTo(999);
        journal.close();
        assertThat(journal.durableSequence()).as("the close forces the rest").isEqualTo(1_049);
    }

    @Test
    void shouldForceFromTheFlusherEveryInterval() {
        try (Journal journal = Journals.small(dir, SEGMENT).durability(Durability.interval(TimeUnit.MILLISECONDS.toNanos(5)))
            .open()) {
            Journals.append(journal, 0, 1_000, SLOT);
            Waits.await("the flusher forced every record", 10_000, () -> journal.durableSequence() == 999);
            final long forces = journal.stats(new JournalStats()).forces();
            assertThat(forces).isPositive();
            Journals.append(journal, 1_000, 2_000, SLOT);
            Waits.await("the flusher forced the next records", 10_000, () -> journal.durableSequence() == 1_999);
            assertThat(journal.stats(new JournalStats()).forces()).isGreaterThan(forces);
        }
    }
}
