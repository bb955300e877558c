package io.sprocket.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What opening a journal does with each state a crash (or a hand) can leave behind. */
class RecoveryTest {
    private static final int SEGMENT = 4096;
    private static final int MAX = 200;

    @TempDir
    Path dir;

    @Test
    void shouldStartANewJournalAtSequenceZero() {
        try (Journal journal = Journals.small(dir.resolve("new"), SEGMENT).open()) {
            final RecoveryReport r = journal.recovery();
            assertThat(r.segments()).isZero();
            assertThat(r.nextSequence()).isZero();
            assertThat(r.lastSequence()).isEqualTo(-1);
            assertThat(r.torn()).isFalse();
            assertThat(journal.writtenSequence()).isEqualTo(-1);
        }
        assertThat(SegmentFile.list(dir.resolve("new"))).containsExactly(0L);
    }

    @Test
    void shouldDeleteAHalfCreatedSegmentAndAnEmptyLastOne() throws IOException {
        try (Journal journal = Journals.small(dir, SEGMENT).open()) {
            Journals.append(journal, 0, 100, MAX);
        }
        final long[] before = SegmentFile.list(dir);
        final long last = before[before.length - 1];
        // A crash while creating the next segment leaves its temporary file; one after creating it and
        // before writing to it leaves an empty segment.
        Files.write(dir.resolve(JournalDescriptor.tempFileName(last + 2)), new byte[100]);
        SegmentFile.create(dir, last + 1, SEGMENT, 100, 0, false, false).close();
        try (Journal journal = Journals.small(dir, SEGMENT).open()) {
            final RecoveryReport r = journal.recovery();
            assertThat(r.tempFilesDeleted()).isEqualTo(1);
            assertThat(r.segmentsDropped()).containsExactly(JournalDescriptor.fileName(last + 1));
            assertThat(r.nextSequence()).isEqualTo(100);
            assertThat(r.torn()).isFalse();
            Journals.append(journal, 100, 200, MAX);
        }
        assertThat(JournalVerifier.verify(dir).lastSequence()).isEqualTo(199);
        assertThat(Files.exists(dir.resolve(JournalDescriptor.tempFileName(last + 2)))).isFalse();
    }

    @Test
    void shouldRollOverOnTheNextAppendWhenTheLastSegmentEndsWithItsMarker() throws IOException {
        try (Journal journal = Journals.small(dir, SEGMENT).open()) {
            Journals.append(journal, 0, 100, MAX);
        }
        // A crash after rolling over, before the first record of the new segment: recovery drops the empty
        // segment, and the one before it ends with its marker.
        final long[] before = SegmentFile.list(dir);
        final long last = before[before.length - 1];
        final long tail = JournalVerifier.verify(dir).lastSequence() + 1;
        final Path lastFile = dir.resolve(JournalDescriptor.fileName(last));
        try (JournalReader reader = JournalReader.open(dir).seekToSequence(tail)) {
            final int at = JournalDescriptor.offset(reader.position(), SEGMENT);
            try (FileChannel ch = FileChannel.open(lastFile, StandardOpenOption.WRITE)) {
                ch.write(ByteBuffer.allocate(4).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(0, -1), at);
            }
        }
        SegmentFile.create(dir, last + 1, SEGMENT, tail, 0, false, false).close();
        try (Journal journal = Journals.small(dir, SEGMENT).open()) {
            assertThat(journal.recovery().segmentsDropped()).hasSize(1);
            assertThat(journal.recovery().nextSequence()).isEqualTo(tail);
            Journals.append(journal, tail, tail + 1, MAX);
        }
        assertThat(SegmentFile.list(dir)).endsWith(last + 1);
        final VerifyReport v = JournalVerifier.verify(dir);
        assertThat(v.ok()).as(v.toString()).isTrue();
        assertThat(v.lastSequence()).isEqualTo(tail);
    }

    @Test
    void shouldRefuseAJournalWithAHoleAnotherSegmentSizeOrADamagedHeader() throws IOException {
        try (Journal journal = Journals.small(dir, SEGMENT).open()) {
            Journals.append(journal, 0, 300, MAX);
        }
        assertThatThrownBy(() -> Journals.small(dir, 2 * SEGMENT).open()).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("was written with segment size 4096").hasMessageContaining("8192");

        final long[] indexes = SegmentFile.list(dir);
        final Path lastFile = dir.resolve(JournalDescriptor.fileName(indexes[indexes.length - 1]));
        try (FileChannel ch = FileChannel.open(lastFile, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(new byte[] {'X'}), 0);
        }
        assertThatThrownBy(() -> Journals.small(dir, SEGMENT).open()).isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("damaged header (no journal magic)");
        assertThat(JournalVerifier.verify(dir).fault()).isEqualTo(RecordFault.SEGMENT_HEADER);

        Files.delete(dir.resolve(JournalDescriptor.fileName(indexes[1])));
        assertThatThrownBy(() -> Journals.small(dir, SEGMENT).open()).isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("segment 1 is missing");
        assertThat(JournalVerifier.verify(dir).fault()).isEqualTo(RecordFault.SEGMENT_MISSING);
    }
}
