package io.sprocket.journal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sprocket.message.Waits;

/** The next segment made ahead on the preparer's thread: taken by the roll-over, and never left behind. */
class SegmentPreparerTest {
    private static final int SEGMENT = 4096;
    private static final int MAX = 200;

    @TempDir
    Path dir;

    @Test
    void shouldRollIntoTheSegmentPreparedAheadAndDeleteTheUnusedOneAtClose() throws IOException {
        final JournalStats stats = new JournalStats();
        long appended = 0;
        try (Journal journal = Journals.small(dir, SEGMENT).open()) {
            Waits.await("segment 1 prepared ahead", 10_000, () -> Files.exists(temp(1)));
            // Records one at a time until the first roll-over: it takes segment 1 as prepared.
            while (journal.stats(stats).segmentsCreated() == 0) {
                Journals.append(journal, appended, appended + 1, MAX);
                appended++;
            }
            assertThat(stats.segmentsPreparedAhead()).isEqualTo(1);
            assertThat(Files.exists(dir.resolve(JournalDescriptor.fileName(1)))).isTrue();
            assertThat(Files.exists(temp(1))).isFalse();
            // The roll-over asked for segment 2.
            Waits.await("segment 2 prepared ahead", 10_000, () -> Files.exists(temp(2)));
        }
        assertThat(tempFiles()).as("the unused prepared segment is deleted at close").isZero();
        assertThat(SegmentFile.list(dir)).containsExactly(0, 1);
        final VerifyReport verified = JournalVerifier.verify(dir);
        assertThat(verified.ok()).as(verified.toString()).isTrue();
        assertThat(verified.lastSequence()).isEqualTo(appended - 1);

        // Reopened with nothing left behind to recover, it goes on where it stopped.
        try (Journal journal = Journals.small(dir, SEGMENT).open()) {
            assertThat(journal.recovery().tempFilesDeleted()).isZero();
            assertThat(journal.recovery().nextSequence()).isEqualTo(appended);
        }
    }

    @Test
    void shouldMakeEachSegmentAtItsRollOverWhenNotPreparingAhead() throws IOException {
        final JournalStats stats = new JournalStats();
        try (Journal journal = Journals.small(dir, SEGMENT).prepareAhead(false).open()) {
            Journals.append(journal, 0, 200, MAX);
            journal.stats(stats);
            assertThat(tempFiles()).isZero();
        }
        assertThat(stats.segmentsCreated()).isPositive();
        assertThat(stats.segmentsPreparedAhead()).isZero();
        assertThat(JournalVerifier.verify(dir).ok()).isTrue();
    }

    @Test
    void shouldKeepEveryRecordWhetherTheRollOverFindsTheSegmentReadyOrNot() {
        // Back-to-back appends: some roll-overs find the next segment ready, others make it or wait.
        final JournalStats stats = new JournalStats();
        try (Journal journal = Journals.small(dir, SEGMENT).open()) {
            Journals.append(journal, 0, 2000, MAX);
            journal.stats(stats);
        }
        assertThat(stats.segmentsCreated()).isEqualTo(SegmentFile.list(dir).length - 1);
        assertThat(stats.segmentsPreparedAhead()).isBetween(0L, stats.segmentsCreated());
        final VerifyReport verified = JournalVerifier.verify(dir);
        assertThat(verified.ok()).as(verified.toString()).isTrue();
        assertThat(verified.lastSequence()).isEqualTo(1999);
    }

    private Path temp(final long index) {
        return dir.resolve(JournalDescriptor.tempFileName(index));
    }

    private long tempFiles() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(JournalDescriptor.TEMP_SUFFIX)).count();
        }
    }
}
