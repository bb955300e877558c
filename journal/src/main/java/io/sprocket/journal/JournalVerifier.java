package io.sprocket.journal;

import java.nio.file.Path;

/**
 * Checks a whole journal: every segment's header, every record's length, CRC and sequence, that the
 * segments follow on from each other, and what lies after the last record.
 *
 * <p>After the last record of the last segment the bytes must be zero. If they are not, the process
 * died while writing a record whose length word it had not yet written (so the record was never
 * reported written): an <i>unfinished tail</i>. It is reported, and it is not a fault: no record is
 * damaged, and opening the journal clears it.
 *
 * <p><b>Note:</b> runs on the calling thread, reads every segment (mapped read-only, one at a time);
 * allocates per segment, not per record. It may run while the journal is being written: it then
 * checks what was written when it got there.
 */
public final class JournalVerifier {
    private JournalVerifier() {
    }

    /**
     * Verifies the journal in {@code dir}.
     *
     * @param dir the journal's directory.
     * @return what was found.
     * @throws IllegalArgumentException when the directory holds no segment.
     * @throws IllegalStateException    when the oldest segment's header is damaged.
     */
    public static VerifyReport verify(final Path dir) {
        final long[] indexes = SegmentFile.list(dir);
        final Counter counter = new Counter();
        try (JournalReader reader = JournalReader.open(dir)) {
            final long firstSequence = reader.nextSequence();
            while (reader.poll(counter, Integer.MAX_VALUE) > 0) {
                // counting
            }
            final int segments = indexes.length;
            if (reader.fault() != null) {
                return new VerifyReport(segments, counter.records, counter.bytes, firstSequence, counter.last,
                    reader.fault(), reader.faultPosition(), reader.faultDetail(), -1, reader.segmentSizeBytes());
            }
            final SegmentFile at = reader.segment();
            final long lastIndex = indexes[indexes.length - 1];
            if (at.index() < lastIndex && !(at.index() == lastIndex - 1 && holdsNoRecord(dir, lastIndex))) {
                return new VerifyReport(segments, counter.records, counter.bytes, firstSequence, counter.last,
                    RecordFault.FRAME_LENGTH, reader.position(), "segment " + at.index() + " ends without its"
                        + " end-of-segment marker, but segment " + lastIndex + " holds records after it", -1,
                    reader.segmentSizeBytes());
            }
            int from = reader.offset();
            if (from + Integer.BYTES <= at.mappedLength()
                && at.buffer().getInt(from) == JournalDescriptor.END_OF_SEGMENT) {
                from += Integer.BYTES;
            }
            final boolean junk = RecordCheck.firstNonZero(at.buffer(), from, at.mappedLength()) >= 0;
            return new VerifyReport(segments, counter.records, counter.bytes, firstSequence, counter.last, null, -1,
                null, junk ? reader.position() : -1, reader.segmentSizeBytes());
        }
    }

    /** Whether a segment file has no record (a crash between creating it and writing to it leaves that). */
    private static boolean holdsNoRecord(final Path dir, final long index) {
        final SegmentFile s = SegmentFile.openForRead(dir.resolve(JournalDescriptor.fileName(index)), index,
            JournalDescriptor.MAX_SEGMENT_SIZE);
        if (s == null) {
            return true;
        }
        try {
            return s.mappedLength() < JournalDescriptor.SEGMENT_HEADER_LENGTH + Integer.BYTES
                || s.buffer().getInt(JournalDescriptor.SEGMENT_HEADER_LENGTH) == 0;
        } finally {
            s.close();
        }
    }

    /** Counts records and payload bytes. */
    private static final class Counter implements RecordHandler {
        long records;
        long bytes;
        long last = -1;

        @Override
        public boolean onRecord(final JournalRecord record) {
            records++;
            bytes += record.length();
            last = record.sequence();
            return true;
        }
    }
}
