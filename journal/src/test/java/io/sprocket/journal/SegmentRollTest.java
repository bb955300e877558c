package io.sprocket.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tiny segments: records roll over into new segments, the retention deletes the oldest, positions and sequences find records. */
class SegmentRollTest {
    private static final int SEGMENT = 4096;
    private static final int MAX = 200;

    @TempDir
    Path dir;

    @Test
    void shouldRollOverIntoConsecutiveSegmentsEachEndingWithItsMarker() throws Exception {
        final JournalStats stats = new JournalStats();
        try (Journal journal = Journals.small(dir, SEGMENT).open()) {
            Journals.append(journal, 0, 1000, MAX);
            journal.stats(stats);
        }
        final long[] indexes = SegmentFile.list(dir);
        assertThat(indexes.length).isGreaterThan(20);
        assertThat(stats.segmentsCreated()).isEqualTo(indexes.length - 1);
        assertThat(stats.recordsWritten()).isEqualTo(1000);
        long expectedFirst = 0;
        for (int i = 0; i < indexes.length; i++) {
            assertThat(indexes[i]).isEqualTo(i);
            final SegmentFile s = SegmentFile.openForRead(dir.resolve(JournalDescriptor.fileName(i)), i, SEGMENT);
            try {
                assertThat(s.headerProblem(SEGMENT)).isNull();
                assertThat(s.firstSequence()).isEqualTo(expectedFirst);
                assertThat(s.mappedLength()).isEqualTo(SEGMENT);
                // Walk the records to the segment's end: the marker, except in the last segment.
                final RecordCheck check = new RecordCheck();
                check.wrap(s, JournalDescriptor.dataEnd(SEGMENT));
                int at = JournalDescriptor.SEGMENT_HEADER_LENGTH;
                int result;
                while ((result = check.check(at, expectedFirst)) == RecordCheck.RECORD) {
                    at += JournalDescriptor.alignedLength(check.frameLength());
                    expectedFirst++;
                }
                assertThat(result).isEqualTo(i < indexes.length - 1 ? RecordCheck.END : RecordCheck.EMPTY);
            } finally {
                s.close();
            }
        }
        assertThat(expectedFirst).isEqualTo(1000);
        assertThat(JournalVerifier.verify(dir).toString()).startsWith("OK: " + indexes.length + " segment(s), 1000 records");
    }

    @Test
    void shouldKeepOnlyTheNewestSegmentsAndReadFromTheOldestKept() {
        final JournalStats stats = new JournalStats();
        try (Journal journal = Journals.small(dir, SEGMENT).retainSegments(3).open()) {
            Journals.append(journal, 0, 1000, MAX);
            journal.stats(stats);
        }
        final long[] indexes = SegmentFile.list(dir);
        assertThat(indexes).hasSize(3);
        assertThat(stats.segmentsDeleted()).isEqualTo(stats.segmentsCreated() - 2);
        final long first = SegmentFile.readFirstSequence(dir.resolve(JournalDescriptor.fileName(indexes[0])));
        assertThat(first).isPositive();
        final List<Long> read = readAll(JournalReader.open(dir));
        assertThat(read).hasSize((int)(1000 - first));
        assertThat(read.get(0)).isEqualTo(first);
        assertThat(read.get(read.size() - 1)).isEqualTo(999);
        // A sequence that retention deleted: the reader starts at the oldest record kept.
        assertThat(readAll(JournalReader.open(dir).seekToSequence(0)).get(0)).isEqualTo(first);

        // Reopened, the journal goes on from 1000 and still keeps 3.
        try (Journal journal = Journals.small(dir, SEGMENT).retainSegments(3).open()) {
            assertThat(journal.recovery().nextSequence()).isEqualTo(1000);
            Journals.append(journal, 1000, 1500, MAX);
        }
        assertThat(SegmentFile.list(dir)).hasSize(3);
        assertThat(JournalVerifier.verify(dir).lastSequence()).isEqualTo(1499);
    }

    @Test
    void shouldFindRecordsBySequenceAndByPositionAcrossSegments() {
        try (Journal journal = Journals.small(dir, SEGMENT).open()) {
            Journals.append(journal, 0, 1000, MAX);
        }
        final long[] positions = new long[1000];
        try (JournalReader reader = JournalReader.open(dir)) {
            while (reader.poll(r -> {
                positions[(int)r.sequence()] = r.position();
                return true;
            }, 100) > 0) {
                // collecting positions
            }
        }
        for (final long q : new long[] {0, 1, 37, 499, 500, 998, 999}) {
            try (JournalReader bySequence = JournalReader.open(dir).seekToSequence(q);
                 JournalReader byPosition = JournalReader.open(dir).seek(positions[(int)q])) {
                assertThat(bySequence.position()).isEqualTo(positions[(int)q]);
                assertThat(readAll(bySequence)).hasSize((int)(1000 - q)).startsWith(q);
                assertThat(byPosition.nextSequence()).isEqualTo(q);
                try (JournalReader bySegment = JournalReader.open(dir).seek(
                    JournalDescriptor.segmentIndex(positions[(int)q], SEGMENT), JournalDescriptor.offset(positions[(int)q], SEGMENT))) {
                    assertThat(bySegment.nextSequence()).isEqualTo(q);
                }
                assertThat(readAll(byPosition)).hasSize((int)(1000 - q)).startsWith(q);
            }
        }
        try (JournalReader pastTheEnd = JournalReader.open(dir).seekToSequence(5000)) {
            assertThat(pastTheEnd.nextSequence()).isEqualTo(1000);
            assertThat(readAll(pastTheEnd)).isEmpty();
        }
        try (JournalReader reader = JournalReader.open(dir)) {
            assertThatThrownBy(() -> reader.seek(positions[10] + 8)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not where a record starts");
            assertThatThrownBy(() -> reader.seek(JournalDescriptor.position(1_000_000, 64, SEGMENT)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is not in");
        }
    }

    @Test
    void shouldRollOverWithPreallocatedSegments() throws Exception {
        try (Journal journal = Journal.builder(dir).segmentSizeBytes(SEGMENT).maxMessageSizeBytes(MAX).open()) {
            Journals.append(journal, 0, 300, MAX);
        }
        for (final long index : SegmentFile.list(dir)) {
            assertThat(Files.size(dir.resolve(JournalDescriptor.fileName(index)))).isEqualTo(SEGMENT);
        }
        assertThat(JournalVerifier.verify(dir).records()).isEqualTo(300);
    }

    static List<Long> readAll(final JournalReader reader) {
        final List<Long> sequences = new ArrayList<>();
        try (reader) {
            while (reader.poll(r -> sequences.add(r.sequence()), 100) > 0) {
                // reading
            }
            assertThat(reader.fault()).isNull();
        }
        return sequences;
    }
}
