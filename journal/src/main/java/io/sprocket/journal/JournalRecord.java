package io.sprocket.journal;

import static io.sprocket.journal.JournalDescriptor.PEER_ID_OFFSET;
import static io.sprocket.journal.JournalDescriptor.RECORD_HEADER_LENGTH;
import static io.sprocket.journal.JournalDescriptor.RING_SEQUENCE_OFFSET;
import static io.sprocket.journal.JournalDescriptor.SEQUENCE_OFFSET;
import static io.sprocket.journal.JournalDescriptor.TIMESTAMP_OFFSET;

import org.agrona.concurrent.UnsafeBuffer;

/**
 * One journal record as a {@link RecordHandler} sees it: a view over the mapped segment, whose CRC
 * has been checked before the handler is called.
 *
 * <p><b>Note:</b> a flyweight owned by one {@link JournalReader} and re-pointed for each record: valid
 * only inside {@link RecordHandler#onRecord}, on the polling thread. Nothing allocates.
 */
public final class JournalRecord {
    private final UnsafeBuffer payload = new UnsafeBuffer(0, 0);
    private UnsafeBuffer segment;
    private int offset;
    private int length;
    private long position;
    private int alignedLength;

    JournalRecord() {
    }

    void wrap(final UnsafeBuffer segmentBuffer, final int recordOffset, final int frameLength, final long recordPosition) {
        this.segment = segmentBuffer;
        this.offset = recordOffset;
        this.length = frameLength - RECORD_HEADER_LENGTH;
        this.position = recordPosition;
        this.alignedLength = JournalDescriptor.alignedLength(frameLength);
        payload.wrap(segmentBuffer.addressOffset() + recordOffset + RECORD_HEADER_LENGTH, length);
    }

    /**
     * The record's sequence in the journal.
     *
     * @return 0, 1, 2... with no gap.
     */
    public long sequence() {
        return segment.getLong(offset + SEQUENCE_OFFSET);
    }

    /**
     * The sequence the message had in its ring.
     *
     * @return the ring sequence (it starts again at 0 with each ring).
     */
    public long ringSequence() {
        return segment.getLong(offset + RING_SEQUENCE_OFFSET);
    }

    /**
     * The message's peer id.
     *
     * @return the peer id (0 for none).
     */
    public long peerId() {
        return segment.getLong(offset + PEER_ID_OFFSET);
    }

    /**
     * When the journaller took the batch the message came in.
     *
     * @return epoch nanoseconds.
     */
    public long timestamp() {
        return segment.getLong(offset + TIMESTAMP_OFFSET);
    }

    /**
     * The payload's length.
     *
     * @return bytes.
     */
    public int length() {
        return length;
    }

    /**
     * The payload: index 0 is its first byte. Read-only by contract (the segment may be mapped
     * read-only; writing to it would fault).
     *
     * @return a view, valid until the handler returns.
     */
    public UnsafeBuffer buffer() {
        return payload;
    }

    /**
     * Where the record starts.
     *
     * @return a journal position: give it to {@link JournalReader#seek(long)} to read from here again.
     */
    public long position() {
        return position;
    }

    /**
     * Where the next record starts (in this segment, or the end-of-segment marker).
     *
     * @return a journal position.
     */
    public long nextPosition() {
        return position + alignedLength;
    }

    @Override
    public String toString() {
        return "JournalRecord[sequence " + sequence() + ", " + length + " B, peer " + peerId() + ", position "
            + position + "]";
    }
}
