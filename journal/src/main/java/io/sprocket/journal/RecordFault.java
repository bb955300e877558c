package io.sprocket.journal;

/**
 * Why a reader, recovery or {@code verify} stopped at a position: what did not hold there.
 *
 * <p><b>Note:</b> constants: any thread, no allocation.
 */
public enum RecordFault {
    /** The record's length word is neither 0, the end-of-segment marker, nor a length that fits the segment. */
    FRAME_LENGTH,
    /** The record's CRC32C does not match its bytes: a torn write, or bytes changed on disk. */
    CRC,
    /** The record is whole but its sequence is not the next one. */
    SEQUENCE,
    /** A segment's header is not whole, or names another segment, size or first sequence than expected. */
    SEGMENT_HEADER,
    /**
     * A segment the journal goes on in is missing: deleted by retention while a reader was behind, or
     * a file missing from the middle of the journal.
     */
    SEGMENT_MISSING
}
