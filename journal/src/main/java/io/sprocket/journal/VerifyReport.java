package io.sprocket.journal;

/**
 * What {@link JournalVerifier#verify} found: how much the journal holds, and the first fault, if any.
 *
 * <p><b>Note:</b> immutable; any thread.
 */
public final class VerifyReport {
    private final int segments;
    private final long records;
    private final long payloadBytes;
    private final long firstSequence;
    private final long lastSequence;
    private final RecordFault fault;
    private final long faultPosition;
    private final String faultDetail;
    private final long unfinishedTailPosition;
    private final int segmentSizeBytes;

    VerifyReport(
        final int segments, final long records, final long payloadBytes, final long firstSequence,
        final long lastSequence, final RecordFault fault, final long faultPosition, final String faultDetail,
        final long unfinishedTailPosition, final int segmentSizeBytes) {
        this.segments = segments;
        this.records = records;
        this.payloadBytes = payloadBytes;
        this.firstSequence = firstSequence;
        this.lastSequence = lastSequence;
        this.fault = fault;
        this.faultPosition = faultPosition;
        this.faultDetail = faultDetail;
        this.unfinishedTailPosition = unfinishedTailPosition;
        this.segmentSizeBytes = segmentSizeBytes;
    }

    /**
     * Whether every record and segment held.
     *
     * @return true without a fault (an unfinished tail is not a fault).
     */
    public boolean ok() {
        return fault == null;
    }

    /**
     * Segment files in the directory.
     *
     * @return the count.
     */
    public int segments() {
        return segments;
    }

    /**
     * Whole records before the end or the first fault.
     *
     * @return the count.
     */
    public long records() {
        return records;
    }

    /**
     * Their payload bytes.
     *
     * @return bytes.
     */
    public long payloadBytes() {
        return payloadBytes;
    }

    /**
     * The oldest segment's first sequence.
     *
     * @return the sequence the journal (as retained) starts at.
     */
    public long firstSequence() {
        return firstSequence;
    }

    /**
     * The last whole record's sequence.
     *
     * @return the sequence, or -1 when there is none.
     */
    public long lastSequence() {
        return lastSequence;
    }

    /**
     * The first fault.
     *
     * @return what did not hold, or null.
     */
    public RecordFault fault() {
        return fault;
    }

    /**
     * Where the first fault is.
     *
     * @return a journal position, or -1.
     */
    public long faultPosition() {
        return faultPosition;
    }

    /**
     * The fault in words.
     *
     * @return a description, or null.
     */
    public String faultDetail() {
        return faultDetail;
    }

    /**
     * Where an unfinished record lies after the last one (a process that died while writing it).
     *
     * @return a journal position, or -1 when the bytes after the last record are all zero.
     */
    public long unfinishedTailPosition() {
        return unfinishedTailPosition;
    }

    /**
     * The journal's segment size, to turn positions into a segment and an offset.
     *
     * @return bytes.
     */
    public int segmentSizeBytes() {
        return segmentSizeBytes;
    }

    /**
     * A position as {@code segment N offset M}.
     *
     * @param position a journal position.
     * @return the words.
     */
    public String describe(final long position) {
        return "position " + position + " (segment " + JournalDescriptor.segmentIndex(position, segmentSizeBytes)
            + ", offset " + JournalDescriptor.offset(position, segmentSizeBytes) + ")";
    }

    @Override
    public String toString() {
        final String holds = segments + " segment(s), " + records + " records (sequences " + firstSequence + " to "
            + lastSequence + "), " + payloadBytes + " payload bytes";
        if (fault != null) {
            return "CORRUPT at " + describe(faultPosition) + ": " + fault + ", " + faultDetail + "; before it: " + holds;
        }
        return "OK: " + holds + (unfinishedTailPosition >= 0 ? "; an unfinished record after the last one at "
            + describe(unfinishedTailPosition) + " (a process died while writing it; it was never reported written,"
            + " and opening the journal clears it)" : "");
    }
}
