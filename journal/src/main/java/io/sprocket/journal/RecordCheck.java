package io.sprocket.journal;

import static io.sprocket.journal.JournalDescriptor.CRC_OFFSET;
import static io.sprocket.journal.JournalDescriptor.END_OF_SEGMENT;
import static io.sprocket.journal.JournalDescriptor.FRAME_LENGTH_OFFSET;
import static io.sprocket.journal.JournalDescriptor.RECORD_HEADER_LENGTH;
import static io.sprocket.journal.JournalDescriptor.SEQUENCE_OFFSET;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

import org.agrona.concurrent.UnsafeBuffer;

/**
 * Reads the word at an offset of a segment and says what is there: nothing yet, the end-of-segment
 * marker, a whole record, or a record whose length, CRC or sequence does not hold. The one place
 * that judges a record, for the reader, recovery and {@code verify} alike; the journal writes the
 * CRC with {@link #crc} so both sides compute it the same way.
 *
 * <p><b>Note:</b> one thread; {@link #wrap} allocates one buffer view per segment, {@link #check}
 * and {@link #crc} allocate nothing (CRC32C over a direct buffer).
 */
final class RecordCheck {
    /** A whole record. */
    static final int RECORD = 0;
    /** The length word is 0: no record here (yet). */
    static final int EMPTY = 1;
    /** The end-of-segment marker. */
    static final int END = 2;
    /** The length word is neither 0, the marker, nor a length that fits. */
    static final int BAD_LENGTH = 3;
    /** The CRC does not match. */
    static final int BAD_CRC = 4;
    /** The record is whole but its sequence is not the one expected. */
    static final int BAD_SEQUENCE = 5;

    private final CRC32C crc = new CRC32C();
    private UnsafeBuffer buffer;
    private ByteBuffer view;
    /** Where records must end: the data end, or the end of a shorter mapping. */
    private int end;
    private int mappedLength;
    private int frameLength;

    /**
     * Points this check at a segment.
     *
     * @param segment the segment.
     * @param dataEnd where records must end: the segment's data end, or less if fewer bytes are mapped.
     */
    void wrap(final SegmentFile segment, final int dataEnd) {
        this.buffer = segment.buffer();
        this.view = segment.newView();
        this.mappedLength = segment.mappedLength();
        this.end = Math.min(dataEnd, mappedLength);
    }

    /**
     * What is at {@code offset}. The length word is read with acquire semantics, so a record whose
     * length is seen is seen whole.
     *
     * @param offset           a record boundary in the wrapped segment.
     * @param expectedSequence the sequence the record there must carry.
     * @return {@link #RECORD}, {@link #EMPTY}, {@link #END}, {@link #BAD_LENGTH}, {@link #BAD_CRC}
     *         or {@link #BAD_SEQUENCE}; after {@code RECORD}, {@link #frameLength()} is its length.
     */
    int check(final int offset, final long expectedSequence) {
        if (offset + Integer.BYTES > mappedLength) {
            // A file cut short, mapped read-only as long as it is: what is beyond its end reads as zeros.
            return EMPTY;
        }
        final int length = buffer.getIntVolatile(offset + FRAME_LENGTH_OFFSET);
        if (length == 0) {
            return EMPTY;
        }
        if (length == END_OF_SEGMENT) {
            return END;
        }
        if (length < RECORD_HEADER_LENGTH || length > end - offset) {
            return BAD_LENGTH;
        }
        if (buffer.getInt(offset + CRC_OFFSET) != crc(offset, length)) {
            return BAD_CRC;
        }
        if (buffer.getLong(offset + SEQUENCE_OFFSET) != expectedSequence) {
            return BAD_SEQUENCE;
        }
        frameLength = length;
        return RECORD;
    }

    /** The frame length of the record the last {@link #check} found. */
    int frameLength() {
        return frameLength;
    }

    /**
     * The CRC32C of a record: from its sequence field to the end of its payload.
     *
     * @param offset      the record's offset in the wrapped segment.
     * @param frameLength its frame length.
     * @return the CRC as an int.
     */
    int crc(final int offset, final int frameLength) {
        final ByteBuffer v = view;
        v.clear();
        v.limit(offset + frameLength);
        v.position(offset + SEQUENCE_OFFSET);
        crc.reset();
        crc.update(v);
        return (int)crc.getValue();
    }

    /**
     * The first byte that is not zero in a range.
     *
     * @return its index, or -1 when every byte from {@code from} (inclusive) to {@code to} (exclusive) is 0.
     */
    static int firstNonZero(final UnsafeBuffer buffer, final int from, final int to) {
        int i = from;
        for (; i < to && (i & 7) != 0; i++) {
            if (buffer.getByte(i) != 0) {
                return i;
            }
        }
        for (; i + Long.BYTES <= to; i += Long.BYTES) {
            if (buffer.getLong(i) != 0) {
                break;
            }
        }
        for (; i < to; i++) {
            if (buffer.getByte(i) != 0) {
                return i;
            }
        }
        return -1;
    }

    /** The reason a check gave, in words (for reports; allocates nothing, constants only). */
    static String describe(final int result) {
        if (result == BAD_LENGTH) {
            return "its length word does not hold";
        }
        if (result == BAD_CRC) {
            return "its CRC does not match";
        }
        if (result == BAD_SEQUENCE) {
            return "its sequence is not the next one";
        }
        return result == END ? "end of segment" : result == EMPTY ? "no record" : "a whole record";
    }

    /** The public fault for a failed check. */
    static RecordFault fault(final int result) {
        if (result == BAD_LENGTH) {
            return RecordFault.FRAME_LENGTH;
        }
        return result == BAD_CRC ? RecordFault.CRC : RecordFault.SEQUENCE;
    }
}
