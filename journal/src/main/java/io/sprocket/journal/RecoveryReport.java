package io.sprocket.journal;

import java.util.List;

/**
 * What opening a journal found and did: how many segments, what it deleted, the last whole record,
 * and where (and why) it stopped if the tail was torn.
 *
 * <p><b>Note:</b> immutable; any thread.
 */
public final class RecoveryReport {
    private final int segments;
    private final int tempFilesDeleted;
    private final List<String> segmentsDropped;
    private final long lastSequence;
    private final long nextSequence;
    private final long tailPosition;
    private final long tornPosition;
    private final RecordFault fault;
    private final long clearedBytes;

    RecoveryReport(
        final int segments, final int tempFilesDeleted, final List<String> segmentsDropped, final long lastSequence,
        final long nextSequence, final long tailPosition, final long tornPosition, final RecordFault fault,
        final long clearedBytes) {
        this.segments = segments;
        this.tempFilesDeleted = tempFilesDeleted;
        this.segmentsDropped = List.copyOf(segmentsDropped);
        this.lastSequence = lastSequence;
        this.nextSequence = nextSequence;
        this.tailPosition = tailPosition;
        this.tornPosition = tornPosition;
        this.fault = fault;
        this.clearedBytes = clearedBytes;
    }

    /**
     * Segment files the journal holds after recovery (0 for a new journal, which then gets its first).
     *
     * @return the count found and kept.
     */
    public int segments() {
        return segments;
    }

    /**
     * Half-created segment files ({@code .journal.tmp}) that were deleted.
     *
     * @return the count.
     */
    public int tempFilesDeleted() {
        return tempFilesDeleted;
    }

    /**
     * Last segment files that held no record and were deleted (a crash between creating one and
     * writing to it), newest first.
     *
     * @return file names; empty when none.
     */
    public List<String> segmentsDropped() {
        return segmentsDropped;
    }

    /**
     * The sequence of the last whole record.
     *
     * @return the sequence, or -1 when the journal holds none.
     */
    public long lastSequence() {
        return lastSequence;
    }

    /**
     * The sequence the next record gets.
     *
     * @return {@link #lastSequence()} + 1, or a new segment's first sequence.
     */
    public long nextSequence() {
        return nextSequence;
    }

    /**
     * Where appending goes on: the end of the last whole record.
     *
     * @return a journal position.
     */
    public long tailPosition() {
        return tailPosition;
    }

    /**
     * Whether the scan stopped at a record that did not hold (a torn write).
     *
     * @return true when {@link #tornPosition()} is set.
     */
    public boolean torn() {
        return tornPosition >= 0;
    }

    /**
     * Where the torn record started (it, and everything after it, was cleared).
     *
     * @return a journal position, or -1 when the tail was clean.
     */
    public long tornPosition() {
        return tornPosition;
    }

    /**
     * What did not hold at {@link #tornPosition()}.
     *
     * @return the fault, or null when the tail was clean.
     */
    public RecordFault fault() {
        return fault;
    }

    /**
     * Bytes after the tail that were not zero and were cleared: a torn record, or a record whose
     * length word was never written (the process died while writing it; it was never reported written).
     *
     * @return bytes, rounded to the pages touched; 0 for a clean tail.
     */
    public long clearedBytes() {
        return clearedBytes;
    }

    @Override
    public String toString() {
        return segments + " segment(s), last sequence " + lastSequence + ", tail at position " + tailPosition
            + (torn() ? ", TORN record at position " + tornPosition + " (" + fault + ")" : ", clean tail")
            + (clearedBytes > 0 ? ", " + clearedBytes + " bytes cleared after the tail" : "")
            + (tempFilesDeleted > 0 ? ", " + tempFilesDeleted + " half-created segment(s) deleted" : "")
            + (segmentsDropped.isEmpty() ? "" : ", empty last segment(s) dropped: " + segmentsDropped);
    }
}
