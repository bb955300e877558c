package io.sprocket.journal;

/**
 * A snapshot of a journal's figures, filled by {@link Journal#stats(JournalStats)} into an object the
 * caller owns and reuses.
 *
 * <p><b>Note:</b> filling it allocates nothing; the figures are read with acquire loads from what the
 * journaller publishes, each exact when read but not all from one instant. Not thread-safe itself:
 * one snapshot object per reading thread.
 */
public final class JournalStats {
    long writtenSequence;
    long durableSequence;
    long writtenPosition;
    long recordsWritten;
    long bytesWritten;
    long segmentsCreated;
    long segmentsPreparedAhead;
    long segmentsDeleted;
    long forces;

    /** An empty snapshot, to be filled by {@link Journal#stats(JournalStats)}. */
    public JournalStats() {
    }

    /**
     * The last record reported written: whole in the page cache, so it survives a process crash.
     *
     * @return its sequence, or -1 when the journal holds none.
     */
    public long writtenSequence() {
        return writtenSequence;
    }

    /**
     * The last record forced to the storage device, so it survives a power loss.
     *
     * @return its sequence, or -1 when nothing has been forced (always, under {@link Durability#NONE}).
     */
    public long durableSequence() {
        return durableSequence;
    }

    /**
     * Where the next record goes: the end of the last one written.
     *
     * @return a journal position.
     */
    public long writtenPosition() {
        return writtenPosition;
    }

    /**
     * Records written since the journal was opened.
     *
     * @return the count.
     */
    public long recordsWritten() {
        return recordsWritten;
    }

    /**
     * Bytes of those records, headers and alignment included.
     *
     * @return bytes.
     */
    public long bytesWritten() {
        return bytesWritten;
    }

    /**
     * Segments created by roll-over since the journal was opened.
     *
     * @return the count.
     */
    public long segmentsCreated() {
        return segmentsCreated;
    }

    /**
     * Of the {@link #segmentsCreated()}, those whose file the journal's preparer thread had made
     * before the roll-over needed it ({@link JournalBuilder#prepareAhead(boolean)}): the roll-over
     * then only wrote the segment's header and renamed it.
     *
     * @return the count.
     */
    public long segmentsPreparedAhead() {
        return segmentsPreparedAhead;
    }

    /**
     * Segments deleted by the retention since the journal was opened.
     *
     * @return the count.
     */
    public long segmentsDeleted() {
        return segmentsDeleted;
    }

    /**
     * Forces ({@code msync} calls) since the journal was opened.
     *
     * @return the count.
     */
    public long forces() {
        return forces;
    }

    @Override
    public String toString() {
        return "JournalStats[written " + writtenSequence + ", durable " + durableSequence + ", position "
            + writtenPosition + ", records " + recordsWritten + ", bytes " + bytesWritten + ", segments +"
            + segmentsCreated + " (" + segmentsPreparedAhead + " prepared ahead) -" + segmentsDeleted + ", forces "
            + forces + "]";
    }
}
