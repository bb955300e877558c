package io.sprocket.journal;

import static io.sprocket.journal.JournalDescriptor.CRC_OFFSET;
import static io.sprocket.journal.JournalDescriptor.END_OF_SEGMENT;
import static io.sprocket.journal.JournalDescriptor.FRAME_LENGTH_OFFSET;
import static io.sprocket.journal.JournalDescriptor.PEER_ID_OFFSET;
import static io.sprocket.journal.JournalDescriptor.RECORD_HEADER_LENGTH;
import static io.sprocket.journal.JournalDescriptor.RING_SEQUENCE_OFFSET;
import static io.sprocket.journal.JournalDescriptor.SEGMENT_HEADER_LENGTH;
import static io.sprocket.journal.JournalDescriptor.SEQUENCE_OFFSET;
import static io.sprocket.journal.JournalDescriptor.TIMESTAMP_OFFSET;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Appends records to the journal's current segment, rolls over to a new segment when one is full,
 * deletes segments beyond the retention, forces what the durability policy asks, and publishes how
 * far it got.
 *
 * <p>"Reported written": a record's bytes are stored first, its length word last with release
 * semantics; then {@link #writtenPosition()} and {@link #writtenSequence()} are set with release
 * stores. A record whose sequence any thread has read from {@code writtenSequence} is therefore
 * whole in the page cache, and survives the process being killed (kill -9) at any moment after.
 *
 * <p><b>Note:</b> {@link #append} and {@link #force} run on one thread, the journaller's; they
 * allocate nothing except when a segment rolls over (a new file and its mapping). {@link #forceWritten}
 * may run on a flusher thread: it and the roll-over take {@link #lock}. The published figures may
 * be read from any thread.
 */
final class JournalWriter {
    private static final System.Logger LOG = System.getLogger("io.sprocket.journal");

    private final Path dir;
    private final int segmentSize;
    private final int dataEnd;
    private final int maxPayload;
    private final boolean preallocate;
    private final int retainSegments;
    private final boolean forces;
    private final EpochNanoClock clock;
    /** Makes the next segment ahead of the roll-over, or null to make it at the roll-over. */
    private final SegmentPreparer preparer;
    private final RecordCheck check = new RecordCheck();
    /** Taken by a roll-over and by a flusher's force, so a flusher never forces a segment being unmapped. */
    private final Object lock = new Object();

    private SegmentFile segment;
    private UnsafeBuffer buffer;
    private long segmentIndex;
    private long segmentBase;
    private int offset;
    /** Where the records of the current segment must end: the data end, or the tail if recovery found the marker there. */
    private int limit;
    private boolean endWritten;
    private long nextSequence;
    private long oldestSegment;
    private long bytes;
    /** How far the current segment is forced (journaller, or flusher under the lock: never both). */
    private int forcedOffset;
    private boolean closed;

    private final AtomicLong writtenPosition = new AtomicLong();
    private final AtomicLong writtenSequence = new AtomicLong();
    private final AtomicLong durableSequence = new AtomicLong(-1);
    private final AtomicLong bytesWritten = new AtomicLong();
    private final AtomicLong segmentsCreated = new AtomicLong();
    private final AtomicLong segmentsPreparedAhead = new AtomicLong();
    private final AtomicLong segmentsDeleted = new AtomicLong();
    private final AtomicLong forceCount = new AtomicLong();

    JournalWriter(
        final Recovery recovered, final JournalBuilder b, final EpochNanoClock clock, final SegmentPreparer preparer) {
        this.dir = b.dir;
        this.segmentSize = b.segmentSizeBytes;
        this.dataEnd = JournalDescriptor.dataEnd(segmentSize);
        this.maxPayload = JournalDescriptor.maxPayloadLength(segmentSize);
        this.preallocate = b.preallocate;
        this.retainSegments = b.retainSegments;
        this.forces = b.durability.forces();
        this.clock = clock;
        this.preparer = preparer;
        this.segment = recovered.segment;
        this.buffer = segment.buffer();
        this.check.wrap(segment, dataEnd);
        this.segmentIndex = segment.index();
        this.segmentBase = JournalDescriptor.position(segmentIndex, 0, segmentSize);
        this.offset = recovered.tailOffset;
        this.endWritten = recovered.endWritten;
        this.limit = endWritten ? offset : dataEnd;
        this.nextSequence = recovered.nextSequence;
        this.oldestSegment = recovered.oldestSegment;
        this.forcedOffset = offset;
        if (forces) {
            // What recovery found (and repaired) is forced now, so "durable" starts at the last record found.
            segment.force(0, segmentSize);
            durableSequence.set(nextSequence - 1);
        }
        writtenPosition.set(segmentBase + offset);
        writtenSequence.set(nextSequence - 1);
        applyRetention();
        if (preparer != null) {
            preparer.ask(segmentIndex + 1);
        }
    }

    /**
     * Appends one record.
     *
     * @param src          the payload's buffer.
     * @param srcIndex     where the payload starts in it.
     * @param length       payload bytes, 0 to {@link JournalDescriptor#maxPayloadLength(int)}.
     * @param ringSequence the message's sequence in its ring.
     * @param peerId       the message's peer id.
     * @param timestamp    epoch nanoseconds.
     * @return the record's sequence.
     * @throws IllegalArgumentException when the payload does not fit in a segment.
     */
    long append(
        final DirectBuffer src, final int srcIndex, final int length, final long ringSequence, final long peerId,
        final long timestamp) {
        if (length < 0 || length > maxPayload) {
            throw new IllegalArgumentException("a " + length + "-byte message does not fit in a journal segment of "
                + segmentSize + " bytes (at most " + maxPayload + " payload bytes)");
        }
        final int frameLength = RECORD_HEADER_LENGTH + length;
        final int aligned = JournalDescriptor.alignedLength(frameLength);
        if (aligned > limit - offset) {
            roll();
        }
        final UnsafeBuffer b = buffer;
        final int at = offset;
        final long sequence = nextSequence;
        b.putBytes(at + RECORD_HEADER_LENGTH, src, srcIndex, length);
        b.putLong(at + SEQUENCE_OFFSET, sequence);
        b.putLong(at + RING_SEQUENCE_OFFSET, ringSequence);
        b.putLong(at + PEER_ID_OFFSET, peerId);
        b.putLong(at + TIMESTAMP_OFFSET, timestamp);
        b.putInt(at + CRC_OFFSET, check.crc(at, frameLength));
        b.putIntRelease(at + FRAME_LENGTH_OFFSET, frameLength);
        offset = at + aligned;
        nextSequence = sequence + 1;
        bytes += aligned;
        bytesWritten.lazySet(bytes);
        writtenPosition.lazySet(segmentBase + offset);
        writtenSequence.lazySet(sequence);
        return sequence;
    }

    /** Forces what the journaller wrote since the last force (BATCH and EVERY_N, journaller thread). */
    void force() {
        if (offset > forcedOffset) {
            segment.force(forcedOffset, offset);
            forcedOffset = offset;
            forceCount.getAndIncrement();
            durableSequence.lazySet(nextSequence - 1);
        }
    }

    /**
     * Forces what is reported written so far (INTERVAL, the flusher's thread). Under the lock, so the
     * segment cannot roll over or close meanwhile.
     */
    void forceWritten() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            final long sequence = writtenSequence.get();
            final long position = writtenPosition.get();
            if (sequence <= durableSequence.get() || position - segmentBase > segmentSize || position < segmentBase) {
                return;
            }
            final int to = (int)(position - segmentBase);
            if (to > forcedOffset) {
                segment.force(forcedOffset, to);
                forcedOffset = to;
                forceCount.getAndIncrement();
            }
            durableSequence.lazySet(sequence);
        }
    }

    /**
     * Starts the next segment: creates it (with its header, under its final name), then marks the end
     * of the current one, so a reader that sees the marker always finds the next file. With a forcing
     * policy the finished segment is forced whole before it is unmapped. With a preparer the file
     * was made ahead and gets only its header and name here, and the one after is asked for.
     */
    private void roll() {
        final long nextIndex = segmentIndex + 1;
        final SegmentFile ready = preparer == null ? null : preparer.take(nextIndex);
        final SegmentFile next;
        if (ready != null) {
            next = ready.activate(nextSequence, clock.nanoTime(), forces);
            segmentsPreparedAhead.getAndIncrement();
        } else {
            next = SegmentFile.create(dir, nextIndex, segmentSize, nextSequence, clock.nanoTime(), preallocate, forces);
        }
        final SegmentFile finished;
        synchronized (lock) {
            if (!endWritten) {
                buffer.putIntRelease(offset, END_OF_SEGMENT);
            }
            if (forces) {
                segment.force(forcedOffset, segmentSize);
                forceCount.getAndIncrement();
                durableSequence.lazySet(nextSequence - 1);
            }
            finished = segment;
            segment = next;
            buffer = next.buffer();
            check.wrap(next, dataEnd);
            segmentIndex = nextIndex;
            segmentBase = JournalDescriptor.position(nextIndex, 0, segmentSize);
            offset = SEGMENT_HEADER_LENGTH;
            limit = dataEnd;
            forcedOffset = SEGMENT_HEADER_LENGTH;
            endWritten = false;
        }
        finished.close();
        segmentsCreated.getAndIncrement();
        writtenPosition.lazySet(segmentBase + offset);
        applyRetention();
        if (preparer != null) {
            preparer.ask(nextIndex + 1);
        }
    }

    /** Deletes the oldest segments while more than the retention are kept (0 keeps all). */
    private void applyRetention() {
        while (retainSegments > 0 && segmentIndex - oldestSegment + 1 > retainSegments) {
            final Path old = dir.resolve(JournalDescriptor.fileName(oldestSegment));
            try {
                if (Files.deleteIfExists(old)) {
                    segmentsDeleted.getAndIncrement();
                }
            } catch (final IOException e) {
                LOG.log(System.Logger.Level.WARNING, "could not delete journal segment " + old + " (retention)", e);
                return;
            }
            oldestSegment++;
        }
    }

    /** Forces (with a forcing policy) and unmaps the current segment. Idempotent. */
    void close() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            if (forces && offset > forcedOffset) {
                segment.force(forcedOffset, offset);
                forceCount.getAndIncrement();
                durableSequence.lazySet(nextSequence - 1);
            }
            segment.close();
        }
    }

    int segmentSize() {
        return segmentSize;
    }

    int maxPayload() {
        return maxPayload;
    }

    long writtenPosition() {
        return writtenPosition.get();
    }

    long writtenSequence() {
        return writtenSequence.get();
    }

    long durableSequence() {
        return durableSequence.get();
    }

    long bytesWritten() {
        return bytesWritten.get();
    }

    long segmentsCreated() {
        return segmentsCreated.get();
    }

    long segmentsPreparedAhead() {
        return segmentsPreparedAhead.get();
    }

    long segmentsDeleted() {
        return segmentsDeleted.get();
    }

    long forces() {
        return forceCount.get();
    }
}
