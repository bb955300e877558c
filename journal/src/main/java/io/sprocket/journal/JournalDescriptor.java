package io.sprocket.journal;

import java.nio.ByteOrder;
import java.util.Locale;

/**
 * The journal's on-disk format: a directory of fixed-size segment files, each a header followed by
 * records, every field little-endian.
 *
 * <pre>
 *   DIR/00000000000000000000.journal   segment 0      (files are named by their index, 20 digits)
 *   DIR/00000000000000000001.journal   segment 1 ...  (a segment being created is NNN.journal.tmp)
 *
 *   one segment of S bytes (default 64 MiB):
 *
 *   0        64                                                  S - 8      S
 *   +--------+-------------+-------------+-----+-----------------+----------+
 *   | header | record      | record      | ... | zeros           | trailer  |
 *   +--------+-------------+-------------+-----+-----------------+----------+
 *                                               ^ the tail: the first length word that is 0
 *
 *   A record that does not fit before S - 8 goes to the next segment; the length word where it
 *   would have started is then END_OF_SEGMENT (-1), written after the next segment exists. The last
 *   8 bytes (the trailer) are kept free so that the marker always fits.
 *
 *   segment header (64 bytes):
 *
 *    0                   1                   2                   3
 *    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *   +---------------------------------------------------------------+
 *   |                 magic "SPRKJRNL" (8 ASCII bytes)              |  0  MAGIC
 *   |                                                               |
 *   +---------------------------------------------------------------+
 *   |                     format version (int): 1                   |  8  VERSION
 *   +---------------------------------------------------------------+
 *   |          header length (int): 64, where records start         | 12  HEADER_LENGTH
 *   +---------------------------------------------------------------+
 *   |                   segment size S (int), bytes                 | 16  SEGMENT_SIZE
 *   +---------------------------------------------------------------+
 *   |                record alignment (int): 8                      | 20  ALIGNMENT
 *   +---------------------------------------------------------------+
 *   |                   segment index (long)                        | 24  SEGMENT_INDEX
 *   |                                                               |
 *   +---------------------------------------------------------------+
 *   |   first sequence (long): the sequence of the segment's first  | 32  FIRST_SEQUENCE
 *   |   record, whether or not it is written yet                    |
 *   +---------------------------------------------------------------+
 *   |           created (long): epoch nanoseconds                   | 40  CREATED
 *   |                                                               |
 *   +---------------------------------------------------------------+
 *   |          header CRC32C (int) of bytes 0 to 47                 | 48  HEADER_CRC
 *   +---------------------------------------------------------------+
 *   |                     reserved (12 bytes, 0)                    | 52
 *   +---------------------------------------------------------------+
 *
 *   record (40-byte header, then the payload, then zeros up to a multiple of 8):
 *
 *    0                   1                   2                   3
 *    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *   +---------------------------------------------------------------+
 *   |  frame length (int): 40 + payload length, not padded. Written |  0  FRAME_LENGTH
 *   |  LAST, with release semantics: a non-zero length word means   |
 *   |  every other byte of the record is in place. 0: no record     |
 *   |  (yet); -1: END_OF_SEGMENT                                    |
 *   +---------------------------------------------------------------+
 *   |  CRC32C (int) of bytes 8 to frame length: header and payload  |  4  CRC
 *   +---------------------------------------------------------------+
 *   |  sequence (long): the journal's record number, 0, 1, 2... in  |  8  SEQUENCE
 *   |  order, across segments and restarts, with no gap             |
 *   +---------------------------------------------------------------+
 *   |  ring sequence (long): the sequence of the message in the     | 16  RING_SEQUENCE
 *   |  ring it came from (it starts again at 0 with each ring)      |
 *   +---------------------------------------------------------------+
 *   |                   peer id (long)                              | 24  PEER_ID
 *   |                                                               |
 *   +---------------------------------------------------------------+
 *   |  timestamp (long): epoch nanoseconds at which the journaller  | 32  TIMESTAMP
 *   |  took the ring batch the record came in                       |
 *   +---------------------------------------------------------------+
 *   |                     payload (frame length - 40 bytes)        ... 40  PAYLOAD
 *   +---------------------------------------------------------------+
 * </pre>
 *
 * <p>A position in the journal is one long: {@code segment index x S + offset in the segment}, so
 * it orders records and names both the file and the place in it.
 *
 * <p><b>Note:</b> constants and pure arithmetic; any thread. Only {@link #fileName} and
 * {@link #tempFileName} allocate (their string).
 */
public final class JournalDescriptor {
    /** The segment magic: the ASCII bytes {@code SPRKJRNL} read as a little-endian long. */
    public static final long MAGIC = 0x4C4E524A4B525053L;
    /** The format version this code writes and reads. */
    public static final int VERSION = 1;

    /** Offset of the magic in a segment header. */
    public static final int MAGIC_OFFSET = 0;
    /** Offset of the format version. */
    public static final int VERSION_OFFSET = 8;
    /** Offset of the header length. */
    public static final int HEADER_LENGTH_OFFSET = 12;
    /** Offset of the segment size. */
    public static final int SEGMENT_SIZE_OFFSET = 16;
    /** Offset of the record alignment. */
    public static final int ALIGNMENT_OFFSET = 20;
    /** Offset of the segment index. */
    public static final int SEGMENT_INDEX_OFFSET = 24;
    /** Offset of the segment's first sequence. */
    public static final int FIRST_SEQUENCE_OFFSET = 32;
    /** Offset of the creation time. */
    public static final int CREATED_OFFSET = 40;
    /** Offset of the header's CRC32C. */
    public static final int HEADER_CRC_OFFSET = 48;
    /** Bytes of the segment header; the first record starts here. */
    public static final int SEGMENT_HEADER_LENGTH = 64;

    /** Offset of a record's frame length. */
    public static final int FRAME_LENGTH_OFFSET = 0;
    /** Offset of a record's CRC32C. */
    public static final int CRC_OFFSET = 4;
    /** Offset of a record's sequence; the CRC covers the record from here to its end. */
    public static final int SEQUENCE_OFFSET = 8;
    /** Offset of a record's ring sequence. */
    public static final int RING_SEQUENCE_OFFSET = 16;
    /** Offset of a record's peer id. */
    public static final int PEER_ID_OFFSET = 24;
    /** Offset of a record's timestamp. */
    public static final int TIMESTAMP_OFFSET = 32;
    /** Bytes of a record header; the payload starts here. */
    public static final int RECORD_HEADER_LENGTH = 40;
    /** Records start at multiples of this. */
    public static final int RECORD_ALIGNMENT = 8;

    /** The length word that says "this segment ends here; go on in the next one". */
    public static final int END_OF_SEGMENT = -1;
    /** Bytes at the end of each segment kept free so that the end marker always fits. */
    public static final int TRAILER_LENGTH = 8;

    /** The smallest segment: one page. */
    public static final int MIN_SEGMENT_SIZE = 4096;
    /** The largest segment: 1 GiB (one mapping per segment; a mapping is at most 2 GiB). */
    public static final int MAX_SEGMENT_SIZE = 1 << 30;
    /** Segment sizes are multiples of this (the page size). */
    public static final int SEGMENT_SIZE_MULTIPLE = 4096;
    /** The default segment size: 64 MiB. */
    public static final int DEFAULT_SEGMENT_SIZE = 64 << 20;

    /** Suffix of a segment file. */
    public static final String SUFFIX = ".journal";
    /** Suffix of a segment file being created (renamed to {@link #SUFFIX} once its header is written). */
    public static final String TEMP_SUFFIX = ".journal.tmp";
    private static final int INDEX_DIGITS = 20;

    static {
        if (ByteOrder.nativeOrder() != ByteOrder.LITTLE_ENDIAN) {
            throw new ExceptionInInitializerError("the journal is little-endian and written in native order; this"
                + " platform is " + ByteOrder.nativeOrder());
        }
    }

    private JournalDescriptor() {
    }

    /**
     * The frame length of a record.
     *
     * @param payloadLength payload bytes, 0 or more.
     * @return {@code RECORD_HEADER_LENGTH + payloadLength}.
     */
    public static int frameLength(final int payloadLength) {
        return RECORD_HEADER_LENGTH + payloadLength;
    }

    /**
     * The space a record takes in a segment.
     *
     * @param frameLength the record's frame length.
     * @return {@code frameLength} rounded up to {@link #RECORD_ALIGNMENT}.
     */
    public static int alignedLength(final int frameLength) {
        return (frameLength + RECORD_ALIGNMENT - 1) & -RECORD_ALIGNMENT;
    }

    /**
     * Where the data of a segment must end: the trailer starts here.
     *
     * @param segmentSize the segment size.
     * @return {@code segmentSize - TRAILER_LENGTH}.
     */
    public static int dataEnd(final int segmentSize) {
        return segmentSize - TRAILER_LENGTH;
    }

    /**
     * The largest payload a segment of this size can hold.
     *
     * @param segmentSize the segment size.
     * @return bytes: what is left between the segment header and the trailer, less a record header.
     */
    public static int maxPayloadLength(final int segmentSize) {
        return dataEnd(segmentSize) - SEGMENT_HEADER_LENGTH - RECORD_HEADER_LENGTH;
    }

    /**
     * A journal position from a segment index and an offset in it.
     *
     * @param segmentIndex the segment's index.
     * @param offset       the offset in the segment.
     * @param segmentSize  the segment size.
     * @return {@code segmentIndex * segmentSize + offset}.
     */
    public static long position(final long segmentIndex, final int offset, final int segmentSize) {
        return segmentIndex * segmentSize + offset;
    }

    /**
     * The segment a position falls in.
     *
     * @param position    a journal position.
     * @param segmentSize the segment size.
     * @return the segment index.
     */
    public static long segmentIndex(final long position, final int segmentSize) {
        return position / segmentSize;
    }

    /**
     * The offset of a position in its segment.
     *
     * @param position    a journal position.
     * @param segmentSize the segment size.
     * @return the offset.
     */
    public static int offset(final long position, final int segmentSize) {
        return (int)(position % segmentSize);
    }

    /**
     * The file name of a segment.
     *
     * @param segmentIndex the index, 0 or more.
     * @return for example {@code 00000000000000000003.journal}.
     */
    public static String fileName(final long segmentIndex) {
        return String.format(Locale.ROOT, "%0" + INDEX_DIGITS + "d%s", segmentIndex, SUFFIX);
    }

    /**
     * The file name of a segment while it is being created.
     *
     * @param segmentIndex the index, 0 or more.
     * @return for example {@code 00000000000000000003.journal.tmp}.
     */
    public static String tempFileName(final long segmentIndex) {
        return fileName(segmentIndex) + ".tmp";
    }

    /**
     * The index a segment file's name gives.
     *
     * @param fileName a file name (without directory).
     * @return the index, or -1 when the name is not a segment's.
     */
    public static long parseIndex(final String fileName) {
        if (fileName.length() != INDEX_DIGITS + SUFFIX.length() || !fileName.endsWith(SUFFIX)) {
            return -1;
        }
        long index = 0;
        for (int i = 0; i < INDEX_DIGITS; i++) {
            final char c = fileName.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            index = index * 10 + (c - '0');
            if (index < 0) {
                return -1;
            }
        }
        return index;
    }

    /**
     * Checks a segment size.
     *
     * @param segmentSize the size.
     * @return the size.
     * @throws IllegalArgumentException when it is not a multiple of 4096 from 4 KiB to 1 GiB.
     */
    public static int checkSegmentSize(final int segmentSize) {
        if (segmentSize < MIN_SEGMENT_SIZE || segmentSize > MAX_SEGMENT_SIZE
            || segmentSize % SEGMENT_SIZE_MULTIPLE != 0) {
            throw new IllegalArgumentException("segment size must be a multiple of " + SEGMENT_SIZE_MULTIPLE + " from "
                + MIN_SEGMENT_SIZE + " to " + MAX_SEGMENT_SIZE + " bytes, got " + segmentSize);
        }
        return segmentSize;
    }
}
