package io.sprocket.journal;

import static io.sprocket.journal.JournalDescriptor.SEGMENT_HEADER_LENGTH;

import java.nio.file.Path;

import org.agrona.concurrent.UnsafeBuffer;

/**
 * Reads a journal's records in order, from its first record or from a position, and hands each to a
 * {@link RecordHandler}; every record's length, CRC and sequence are checked first, so a corrupt
 * record is never handed out. The reader stops at the first one that does not hold and says where
 * and why ({@link #fault()}, {@link #faultPosition()}).
 *
 * <p>A reader is also a live tail: {@link #poll} hands out what is there and answers 0 at the end;
 * called again later, it goes on where it stopped, following the writer across segments (the writer
 * creates the next segment before it marks the end of the current one, and stores a record's length
 * word last with release semantics, so a record the reader sees is whole).
 *
 * <pre>{@code
 * try (JournalReader reader = JournalReader.open(dir).seekToSequence(from)) {
 *     while (reader.poll(record -> { use(record.buffer(), record.length()); return true; }, 256) > 0) {
 *     }
 *     if (reader.fault() != null) { ... reader.faultPosition() ... }
 * }
 * }</pre>
 *
 * <p><b>Note:</b> one thread. {@link #poll} allocates nothing per record; moving to the next segment
 * maps it (allocates), and a reader waiting at the end of a segment whose successor does not exist
 * yet looks for the file on each poll. The segments are mapped read-only; deleting one (retention)
 * while it is mapped does not disturb the reader.
 */
public final class JournalReader implements AutoCloseable {
    private final Path dir;
    private final int segmentSize;
    private final int dataEnd;
    private final RecordCheck check = new RecordCheck();
    private final JournalRecord record = new JournalRecord();
    private SegmentFile segment;
    private UnsafeBuffer buffer;
    private long segmentIndex;
    private int offset;
    private long nextSequence;
    private RecordFault fault;
    private long faultPosition = -1;
    private String faultDetail;

    private JournalReader(final Path dir, final SegmentFile first) {
        this.dir = dir;
        this.segmentSize = first.segmentSize();
        this.dataEnd = JournalDescriptor.dataEnd(segmentSize);
        use(first);
    }

    /**
     * Opens a journal for reading, at the first record of its oldest segment.
     *
     * @param dir the journal's directory.
     * @return the reader; the caller closes it.
     * @throws IllegalArgumentException when the directory holds no segment.
     * @throws IllegalStateException    when the oldest segment's header is damaged.
     */
    public static JournalReader open(final Path dir) {
        final SegmentFile first = openSegment(dir, oldestIndex(dir), 0);
        return new JournalReader(dir, first);
    }

    private static long oldestIndex(final Path dir) {
        final long[] indexes = SegmentFile.list(dir);
        if (indexes.length == 0) {
            throw new IllegalArgumentException("no journal segments (*" + JournalDescriptor.SUFFIX + ") in " + dir);
        }
        return indexes[0];
    }

    private static SegmentFile openSegment(final Path dir, final long index, final int segmentSize) {
        final SegmentFile s = SegmentFile.openForRead(dir.resolve(JournalDescriptor.fileName(index)), index,
            segmentSize != 0 ? segmentSize : JournalDescriptor.MAX_SEGMENT_SIZE);
        if (s == null) {
            throw new IllegalArgumentException("journal segment " + index + " is not in " + dir);
        }
        final String problem = s.headerProblem(segmentSize);
        if (problem != null) {
            s.close();
            throw new IllegalStateException("journal segment " + s.path() + ": " + problem);
        }
        return s;
    }

    private void use(final SegmentFile s) {
        if (segment != null) {
            segment.close();
        }
        segment = s;
        buffer = s.buffer();
        segmentIndex = s.index();
        offset = SEGMENT_HEADER_LENGTH;
        nextSequence = s.firstSequence();
        check.wrap(s, dataEnd);
    }

    /**
     * Goes back to the first record of the oldest segment there is now.
     *
     * @return this reader.
     */
    public JournalReader seekToStart() {
        use(openSegment(dir, oldestIndex(dir), segmentSize));
        clearFault();
        return this;
    }

    /**
     * Goes to the record with sequence {@code sequence}: the first record at or after it that the
     * journal holds (the oldest record, if retention deleted the one asked for), or the end if the
     * journal does not reach it yet. Records on the way are checked as {@link #poll} checks them.
     *
     * @param sequence 0 or more.
     * @return this reader.
     * @throws IllegalArgumentException when negative.
     */
    public JournalReader seekToSequence(final long sequence) {
        if (sequence < 0) {
            throw new IllegalArgumentException("sequence must be 0 or more, got " + sequence);
        }
        final long[] indexes = SegmentFile.list(dir);
        long chosen = indexes.length > 0 ? indexes[0] : -1;
        for (final long index : indexes) {
            final long first = SegmentFile.readFirstSequence(dir.resolve(JournalDescriptor.fileName(index)));
            if (first >= 0 && first <= sequence) {
                chosen = index;
            }
        }
        if (chosen < 0) {
            throw new IllegalArgumentException("no journal segments in " + dir);
        }
        use(openSegment(dir, chosen, segmentSize));
        clearFault();
        skipWhile(sequence, Integer.MAX_VALUE);
        return this;
    }

    /**
     * Goes to a position that a record gave ({@link JournalRecord#position()}), or that
     * {@link #position()} answered. The records before it in its segment are checked on the way, so
     * a position inside a record is refused.
     *
     * @param position a journal position: segment index x segment size + offset.
     * @return this reader.
     * @throws IllegalArgumentException when the segment does not exist or the position is not where a
     *                                  record starts (or the tail).
     */
    public JournalReader seek(final long position) {
        if (position < 0) {
            throw new IllegalArgumentException("position must be 0 or more, got " + position);
        }
        final long index = JournalDescriptor.segmentIndex(position, segmentSize);
        final int target = JournalDescriptor.offset(position, segmentSize);
        use(openSegment(dir, index, segmentSize));
        clearFault();
        skipWhile(Long.MAX_VALUE, target);
        if (offset != target && fault == null) {
            throw new IllegalArgumentException("position " + position + " (segment " + index + ", offset " + target
                + ") is not where a record starts: the records of that segment reach offset " + offset);
        }
        return this;
    }

    /**
     * Goes to a segment and an offset in it: {@link #seek(long)} of
     * {@link JournalDescriptor#position(long, int, int)}.
     *
     * @param segmentIndex the segment's index.
     * @param offset       where a record starts in it (the first is at
     *                     {@link JournalDescriptor#SEGMENT_HEADER_LENGTH}).
     * @return this reader.
     * @throws IllegalArgumentException as {@link #seek(long)}, or when the offset is outside a segment.
     */
    public JournalReader seek(final long segmentIndex, final int offset) {
        if (segmentIndex < 0 || offset < 0 || offset >= segmentSize) {
            throw new IllegalArgumentException("segment " + segmentIndex + " offset " + offset + ": the segment must be 0"
                + " or more and the offset from 0 to " + (segmentSize - 1));
        }
        return seek(JournalDescriptor.position(segmentIndex, offset, segmentSize));
    }

    /** Moves over whole records while their sequence is below {@code sequence} and their offset below {@code target}. */
    private void skipWhile(final long sequence, final int target) {
        while (nextSequence < sequence && offset < target) {
            final int result = check.check(offset, nextSequence);
            if (result == RecordCheck.RECORD) {
                offset += JournalDescriptor.alignedLength(check.frameLength());
                nextSequence++;
            } else if (result == RecordCheck.END) {
                if (target != Integer.MAX_VALUE || !nextSegment()) {
                    return;
                }
            } else {
                if (result != RecordCheck.EMPTY) {
                    fail(RecordCheck.fault(result), position(), RecordCheck.describe(result));
                }
                return;
            }
        }
    }

    /**
     * Hands up to {@code limit} records to {@code handler}, in order, each checked first.
     *
     * @param handler gets each record; answering false stops the poll there (the record is handed
     *                again next time).
     * @param limit   1 or more.
     * @return how many records were taken: 0 at the end for now, after a fault ({@link #fault()}),
     *         or when the handler declined the first record.
     * @throws IllegalArgumentException when {@code limit} is below 1.
     */
    public int poll(final RecordHandler handler, final int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be 1 or more, got " + limit);
        }
        int count = 0;
        while (count < limit && fault == null) {
            final int result = check.check(offset, nextSequence);
            if (result == RecordCheck.RECORD) {
                final int frameLength = check.frameLength();
                record.wrap(buffer, offset, frameLength, position());
                if (!handler.onRecord(record)) {
                    break;
                }
                offset += JournalDescriptor.alignedLength(frameLength);
                nextSequence++;
                count++;
            } else if (result == RecordCheck.EMPTY) {
                break;
            } else if (result == RecordCheck.END) {
                if (!nextSegment()) {
                    break;
                }
            } else {
                fail(RecordCheck.fault(result), position(), RecordCheck.describe(result));
            }
        }
        return count;
    }

    /**
     * At an end-of-segment marker: maps the next segment. False when it does not exist (yet), or is
     * not what it must be (then the reader has a fault).
     */
    private boolean nextSegment() {
        final long next = segmentIndex + 1;
        final SegmentFile s = SegmentFile.openForRead(dir.resolve(JournalDescriptor.fileName(next)), next, segmentSize);
        if (s == null) {
            final long[] indexes = SegmentFile.list(dir);
            if (indexes.length > 0 && indexes[indexes.length - 1] > next) {
                fail(RecordFault.SEGMENT_MISSING, JournalDescriptor.position(next, 0, segmentSize),
                    "segment " + next + " is gone (retention deleted it while this reader was behind) but later ones"
                        + " exist");
            }
            return false;
        }
        final String problem = s.headerProblem(segmentSize);
        if (problem != null || s.firstSequence() != nextSequence) {
            s.close();
            fail(problem != null ? RecordFault.SEGMENT_HEADER : RecordFault.SEQUENCE,
                JournalDescriptor.position(next, 0, segmentSize), problem != null ? problem
                    : "segment " + next + " starts at sequence " + s.firstSequence() + ", expected " + nextSequence);
            return false;
        }
        use(s);
        return true;
    }

    private void fail(final RecordFault why, final long at, final String detail) {
        fault = why;
        faultPosition = at;
        faultDetail = detail;
    }

    private void clearFault() {
        fault = null;
        faultPosition = -1;
        faultDetail = null;
    }

    /**
     * Why the reader stopped for good, if it did.
     *
     * @return the fault, or null while every record so far held.
     */
    public RecordFault fault() {
        return fault;
    }

    /**
     * Where the record (or segment) that did not hold starts.
     *
     * @return a journal position, or -1 without a fault.
     */
    public long faultPosition() {
        return faultPosition;
    }

    /**
     * The fault in words.
     *
     * @return for example "its CRC does not match", or null without a fault.
     */
    public String faultDetail() {
        return faultDetail;
    }

    /**
     * Where the next record will be read.
     *
     * @return a journal position.
     */
    public long position() {
        return JournalDescriptor.position(segmentIndex, offset, segmentSize);
    }

    /**
     * The sequence the next record must have.
     *
     * @return the sequence.
     */
    public long nextSequence() {
        return nextSequence;
    }

    /**
     * The journal's segment size, from the segment headers.
     *
     * @return bytes.
     */
    public int segmentSizeBytes() {
        return segmentSize;
    }

    /** For verify: the segment being read. */
    SegmentFile segment() {
        return segment;
    }

    /** For verify: the offset of the next record in {@link #segment()}. */
    int offset() {
        return offset;
    }

    /** Unmaps the segment being read. The reader must not be used afterwards. */
    @Override
    public void close() {
        if (segment != null) {
            segment.close();
            segment = null;
        }
    }

    @Override
    public String toString() {
        return "JournalReader[" + dir + ", next sequence " + nextSequence + ", position " + position()
            + (fault != null ? ", " + fault + " at " + faultPosition : "") + "]";
    }
}
