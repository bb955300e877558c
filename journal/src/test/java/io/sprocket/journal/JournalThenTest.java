package io.sprocket.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.sprocket.ring.MessageRing;
import io.sprocket.ring.RingStats;

/** "Journal, then business logic" on the engine's own thread. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class JournalThenTest {
    private static final int SLOT = 256;

    @TempDir
    Path dir;

    @Test
    void shouldWriteEachMessageBeforeTheBusinessLogicSeesItOnTheSameThread() {
        final int messages = 100_000;
        final AtomicReference<String> problem = new AtomicReference<>();
        final AtomicLong seen = new AtomicLong();
        try (Journal journal = Journals.small(dir, 1 << 20).open()) {
            final MessageRing ring = MessageRing.builder().name("journal-then")
                .config(Journals.ringConfig(SLOT, SLOT)).ringSize(1024)
                .singleProducer(true).jmx(false)
                .handler(journal.journalThen((m, seq, eob) -> {
                    if (journal.writtenSequence() != seq && problem.get() == null) {
                        problem.set("business logic saw " + seq + " with " + journal.writtenSequence() + " written");
                    }
                    seen.incrementAndGet();
                })).build().start();
            assertThatThrownBy(journal::journaller).isInstanceOf(IllegalStateException.class);
            for (long q = 0; q < messages; q++) {
                Journals.publish(ring, q, Payloads.length(q, SLOT, SLOT, 0));
            }
            assertThat(ring.close(Journals.TIMEOUT_NS)).isZero();
        }
        assertThat(problem.get()).isNull();
        assertThat(seen.get()).isEqualTo(messages);
        final long[] next = {0};
        try (JournalReader reader = JournalReader.open(dir)) {
            while (reader.poll(r -> {
                if (problem.get() == null) {
                    final String p = r.sequence() != next[0] ? "sequence " + r.sequence() : Journals.problem(r, SLOT, SLOT, 0);
                    if (p != null) {
                        problem.set(p);
                    }
                }
                next[0]++;
                return true;
            }, 1000) > 0) {
                // reading
            }
        }
        assertThat(problem.get()).isNull();
        assertThat(next[0]).isEqualTo(messages);
    }

    @Test
    void shouldNotHandTheBusinessLogicAMessageTheJournalCouldNotWrite() {
        final AtomicLong seen = new AtomicLong();
        try (Journal journal = Journal.builder(dir).segmentSizeBytes(4096).maxMessageSizeBytes(1000).preallocate(false).open()) {
            assertThatThrownBy(() -> journal.journalThen(null)).isInstanceOf(IllegalArgumentException.class);
            final MessageRing ring = MessageRing.builder().name("journal-then-refused")
                .config(Journals.ringConfig(64, 8192)).ringSize(64)
                .errorListener((name, t, seq, m, count) -> { }).jmx(false)
                .handler(journal.journalThen((m, seq, eob) -> seen.incrementAndGet())).build().start();
            Journals.publish(ring, 0, 10);
            Journals.publish(ring, 1, 5000);
            Journals.publish(ring, 2, 10);
            assertThat(ring.close(Journals.TIMEOUT_NS)).isZero();
            assertThat(ring.stats(new RingStats()).handlerExceptions()).isEqualTo(1);
        }
        assertThat(seen.get()).as("the business logic saw only what was journalled").isEqualTo(2);
        assertThat(JournalVerifier.verify(dir).records()).isEqualTo(2);
    }
}
