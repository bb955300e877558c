package io.sprocket.journal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.sprocket.ring.MessageRing;

/** A reader polling while the journal is written follows it, across segments, and sees every record once, in order. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class JournalTailTest {
    private static final int SEGMENT = 64 * 1024;
    private static final int SLOT = 256;
    private static final int MESSAGES = 200_000;

    @TempDir
    Path dir;

    @Test
    void shouldFollowTheWriterAcrossSegmentsAndSeeEveryRecordInOrder() throws Exception {
        final AtomicReference<String> problem = new AtomicReference<>();
        final long[] next = {0};
        try (Journal journal = Journals.small(dir, SEGMENT).open()) {
            final MessageRing ring = journal.addTo(MessageRing.builder().name("tailed")
                .config(Journals.ringConfig(SLOT, SLOT)).ringSize(1024)
                .jmx(false), Journal.Placement.BESIDE_ENGINE).handler((m, seq, eob) -> { }).build().start();
            final Thread tail = new Thread(() -> {
                final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                try (JournalReader reader = journal.newReader()) {
                    while (next[0] < MESSAGES && problem.get() == null) {
                        final int n = reader.poll(record -> {
                            final String p = record.sequence() != next[0] ? "sequence " + record.sequence() + ", expected "
                                + next[0] : Journals.problem(record, SLOT, SLOT, 0);
                            if (p != null) {
                                problem.compareAndSet(null, p);
                            }
                            next[0]++;
                            return true;
                        }, 256);
                        if (reader.fault() != null) {
                            problem.compareAndSet(null, reader.toString());
                        }
                        if (n == 0) {
                            if (System.nanoTime() - deadline > 0) {
                                problem.compareAndSet(null, "the tail stopped at " + next[0]);
                            }
                            LockSupport.parkNanos(20_000);
                        }
                    }
                }
            }, "tail");
            tail.start();
            for (long q = 0; q < MESSAGES; q++) {
                Journals.publish(ring, q, Payloads.length(q, SLOT, SLOT, 0));
            }
            tail.join(TimeUnit.SECONDS.toMillis(90));
            assertThat(tail.isAlive()).isFalse();
            assertThat(ring.close(Journals.TIMEOUT_NS)).isZero();
            assertThat(journal.stats(new JournalStats()).segmentsCreated()).isGreaterThan(100);
        }
        assertThat(problem.get()).isNull();
        assertThat(next[0]).isEqualTo(MESSAGES);
    }
}
