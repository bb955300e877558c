package io.sprocket.journal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The last record of a closed journal damaged in each way a torn write (or a bad disk) can damage it:
 * {@code verify} reports it at its position, recovery stops before it, and appending goes on there.
 */
class TornTailTest {
    private static final int SEGMENT = 64 * 1024;
    private static final int RECORDS = 50;
    private static final int PAYLOAD = 100;

    /** What is done to the last record, and how that reads. */
    enum Damage {
        FLIP_PAYLOAD_BYTE(RecordFault.CRC, RecordFault.CRC),
        LOSE_LAST_BYTES(RecordFault.CRC, RecordFault.CRC),
        FLIP_CRC_BYTE(RecordFault.CRC, RecordFault.CRC),
        FLIP_SEQUENCE_BYTE(RecordFault.CRC, RecordFault.CRC),
        LENGTH_TOO_LARGE(RecordFault.FRAME_LENGTH, RecordFault.FRAME_LENGTH),
        /** Read as it is, the record runs past the file's end; recovery first extends the file with zeros. */
        TRUNCATE_FILE_MID_RECORD(RecordFault.FRAME_LENGTH, RecordFault.CRC),
        /** The length word never made it: an unfinished record, which is not a fault. */
        LENGTH_WORD_ZERO(null, null);

        final RecordFault fault;
        final RecordFault recoveryFault;

        Damage(final RecordFault fault, final RecordFault recoveryFault) {
            this.fault = fault;
            this.recoveryFault = recoveryFault;
        }
    }

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(Damage.class)
    void shouldReportTheDamagedLastRecordAtItsPositionAndRecoverBeforeIt(final Damage damage) throws IOException {
        try (Journal journal = Journals.small(dir, SEGMENT).open()) {
            appendFixed(journal, 0, RECORDS);
        }
        final long last = positionOf(RECORDS - 1);
        final Path file = dir.resolve(JournalDescriptor.fileName(0));
        final int at = JournalDescriptor.offset(last, SEGMENT);
        final int frame = JournalDescriptor.frameLength(PAYLOAD);
        switch (damage) {
            case FLIP_PAYLOAD_BYTE:
                flip(file, at + JournalDescriptor.RECORD_HEADER_LENGTH + 17);
                break;
            case LOSE_LAST_BYTES:
                write(file, at + frame - 3, new byte[3]);
                break;
            case FLIP_CRC_BYTE:
                flip(file, at + JournalDescriptor.CRC_OFFSET + 1);
                break;
            case FLIP_SEQUENCE_BYTE:
                flip(file, at + JournalDescriptor.SEQUENCE_OFFSET);
                break;
            case LENGTH_TOO_LARGE:
                write(file, at, ByteBuffer.allocate(4).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(0, SEGMENT).array());
                break;
            case TRUNCATE_FILE_MID_RECORD:
                try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
                    ch.truncate(at + 50);
                }
                break;
            default:
                write(file, at, new byte[4]);
                break;
        }

        final VerifyReport verified = JournalVerifier.verify(dir);
        assertThat(verified.records()).as(verified.toString()).isEqualTo(RECORDS - 1);
        if (damage.fault != null) {
            assertThat(verified.ok()).as(verified.toString()).isFalse();
            assertThat(verified.fault()).isEqualTo(damage.fault);
            assertThat(verified.faultPosition()).isEqualTo(last);
            assertThat(verified.toString()).contains("CORRUPT at position " + last + " (segment 0, offset " + at + ")");
        } else {
            assertThat(verified.ok()).as(verified.toString()).isTrue();
            assertThat(verified.unfinishedTailPosition()).isEqualTo(last);
        }
        try (JournalReader reader = JournalReader.open(dir)) {
            final long[] seen = {0};
            while (reader.poll(r -> seen[0]++ >= 0, 10) > 0) {
                // a reader never hands out the damaged record
            }
            assertThat(seen[0]).isEqualTo(RECORDS - 1);
            assertThat(reader.fault()).isEqualTo(damage.fault);
        }

        try (Journal journal = Journals.small(dir, SEGMENT).open()) {
            final RecoveryReport recovery = journal.recovery();
            assertThat(recovery.lastSequence()).as(recovery.toString()).isEqualTo(RECORDS - 2);
            assertThat(recovery.tailPosition()).isEqualTo(last);
            assertThat(recovery.torn()).isEqualTo(damage.fault != null);
            assertThat(recovery.fault()).isEqualTo(damage.recoveryFault);
            assertThat(recovery.clearedBytes()).isPositive();
            assertThat(journal.writtenSequence()).isEqualTo(RECORDS - 2);
            appendFixed(journal, RECORDS - 1, RECORDS + 10);
        }
        final VerifyReport after = JournalVerifier.verify(dir);
        assertThat(after.ok()).as(after.toString()).isTrue();
        assertThat(after.records()).isEqualTo(RECORDS + 10);
        assertThat(after.unfinishedTailPosition()).isEqualTo(-1);
        assertThat(positionOf(RECORDS - 1)).isEqualTo(last);
    }

    private static void appendFixed(final Journal journal, final long from, final long to) {
        final UnsafeBuffer scratch = new UnsafeBuffer(new byte[PAYLOAD]);
        for (long q = from; q < to; q++) {
            Payloads.fill(scratch, 0, q, PAYLOAD);
            assertThat(journal.writer().append(scratch, 0, PAYLOAD, q, Payloads.peer(q), q)).isEqualTo(q);
        }
    }

    private long positionOf(final long sequence) {
        try (JournalReader reader = JournalReader.open(dir).seekToSequence(sequence)) {
            final long[] position = {-1};
            reader.poll(r -> {
                position[0] = r.position();
                return true;
            }, 1);
            assertThat(position[0]).as("record " + sequence + " found").isNotNegative();
            return position[0];
        }
    }

    private static void flip(final Path file, final long offset) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            final ByteBuffer b = ByteBuffer.allocate(1);
            ch.read(b, offset);
            b.put(0, (byte)(b.get(0) ^ 0x5A)).rewind();
            ch.write(b, offset);
        }
    }

    private static void write(final Path file, final long offset, final byte[] bytes) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(bytes), offset);
        }
    }
}
