package io.sprocket.journal;

import static io.sprocket.journal.JournalDescriptor.SEGMENT_HEADER_LENGTH;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.agrona.concurrent.UnsafeBuffer;

/**
 * Opens a journal directory for appending after whatever ended the last run, a close or a crash:
 *
 * <ol>
 *   <li>deletes segments left half-created ({@code NNN.journal.tmp});</li>
 *   <li>checks that the segment files are consecutive;</li>
 *   <li>drops a last segment that holds no record when an earlier one exists (a crash between
 *       creating it and writing to it): the earlier one then says where appending goes on;</li>
 *   <li>scans the last segment record by record, checking each length, CRC and sequence, and stops
 *       at the first that does not hold (a torn write): the tail. The bytes from the tail to the end
 *       of the segment are cleared, so the next record is written over zeros.</li>
 * </ol>
 *
 * A process killed at any moment leaves at most one record whose length word is still 0 (it was
 * never reported written); a power loss can also leave records whose length is written but whose
 * bytes are not, which the CRC catches. Either way nothing after the tail is ever read as a record.
 *
 * <p><b>Note:</b> runs once, on the thread that opens the journal; allocates and does I/O.
 */
final class Recovery {
    private static final int PAGE = 4096;

    SegmentFile segment;
    int tailOffset;
    boolean endWritten;
    long nextSequence;
    long oldestSegment;
    RecoveryReport report;

    private Recovery() {
    }

    static Recovery run(final JournalBuilder b, final long createdNs) {
        final Path dir = b.dir;
        final int segmentSize = b.segmentSizeBytes;
        final Recovery r = new Recovery();
        try {
            Files.createDirectories(dir);
        } catch (final IOException e) {
            throw new UncheckedIOException("could not create journal directory " + dir, e);
        }
        final int tempsDeleted = deleteTempFiles(dir);
        final long[] indexes = SegmentFile.list(dir);
        for (int i = 1; i < indexes.length; i++) {
            if (indexes[i] != indexes[i - 1] + 1) {
                throw new IllegalStateException("journal " + dir + ": segment " + (indexes[i - 1] + 1)
                    + " is missing between " + JournalDescriptor.fileName(indexes[i - 1]) + " and "
                    + JournalDescriptor.fileName(indexes[i]) + "; not opening a journal with a hole in it");
            }
        }
        final List<String> dropped = new ArrayList<>();
        int count = indexes.length;
        while (count > 0) {
            final long index = indexes[count - 1];
            final Path file = dir.resolve(JournalDescriptor.fileName(index));
            if (!dropLast(file, index, segmentSize, count > 1)) {
                break;
            }
            dropped.add(file.getFileName().toString());
            count--;
        }
        final boolean forces = b.durability.forces();
        if (!dropped.isEmpty() && forces) {
            forceDirectory(dir);
        }
        if (count == 0) {
            r.segment = SegmentFile.create(dir, 0, segmentSize, 0, createdNs, b.preallocate, forces);
            r.tailOffset = SEGMENT_HEADER_LENGTH;
            r.oldestSegment = 0;
            r.report = new RecoveryReport(0, tempsDeleted, dropped, -1, 0, r.tailOffset, -1, null, 0);
            return r;
        }
        final long last = indexes[count - 1];
        r.oldestSegment = indexes[0];
        r.segment = SegmentFile.openForAppend(dir.resolve(JournalDescriptor.fileName(last)), last, segmentSize);
        r.scanTail(b, count, tempsDeleted, dropped);
        return r;
    }

    /** Scans the last segment to its tail and clears everything after it. */
    private void scanTail(final JournalBuilder b, final int segments, final int tempsDeleted, final List<String> dropped) {
        final int segmentSize = b.segmentSizeBytes;
        final RecordCheck check = new RecordCheck();
        check.wrap(segment, JournalDescriptor.dataEnd(segmentSize));
        long expected = segment.firstSequence();
        int at = SEGMENT_HEADER_LENGTH;
        int result;
        while ((result = check.check(at, expected)) == RecordCheck.RECORD) {
            at += JournalDescriptor.alignedLength(check.frameLength());
            expected++;
        }
        tailOffset = at;
        nextSequence = expected;
        endWritten = result == RecordCheck.END;
        final long tailPosition = JournalDescriptor.position(segment.index(), at, segmentSize);
        final boolean torn = result != RecordCheck.EMPTY && result != RecordCheck.END;
        final long cleared = clear(segment.buffer(), endWritten ? at + Integer.BYTES : at, segmentSize);
        if (cleared > 0 && b.durability.forces()) {
            segment.force(at, segmentSize);
        }
        report = new RecoveryReport(segments, tempsDeleted, dropped, expected - 1, expected, tailPosition,
            torn ? tailPosition : -1, torn ? RecordCheck.fault(result) : null, cleared);
        if (torn || cleared > 0 || !dropped.isEmpty() || tempsDeleted > 0) {
            b.recoveryListener.accept(report);
        }
    }

    /**
     * Whether the last segment file is to be dropped: it holds no record and an earlier segment says
     * where appending goes on, or its header is not whole (only a power loss while it was being created
     * leaves that) and it holds no record.
     *
     * @throws IllegalStateException    when its header is not whole but it seems to hold records.
     * @throws IllegalArgumentException when it was written with another segment size.
     */
    private static boolean dropLast(final Path file, final long index, final int segmentSize, final boolean hasEarlier) {
        final SegmentFile s = SegmentFile.openForRead(file, index, JournalDescriptor.MAX_SEGMENT_SIZE);
        if (s == null) {
            return false;
        }
        final boolean empty;
        final String problem;
        try {
            empty = s.mappedLength() < SEGMENT_HEADER_LENGTH + Integer.BYTES
                || s.buffer().getIntVolatile(SEGMENT_HEADER_LENGTH) == 0;
            problem = s.headerProblem(0);
            if (problem == null && s.segmentSize() != segmentSize) {
                throw new IllegalArgumentException("journal segment " + file + " was written with segment size "
                    + s.segmentSize() + " bytes, and the journal is being opened with " + segmentSize
                    + ": open it with the size it was written with");
            }
        } finally {
            s.close();
        }
        if (problem != null) {
            if (!empty || !hasEarlier) {
                throw new IllegalStateException("journal segment " + file + " has a damaged header (" + problem
                    + ") and cannot be appended to; 'verify' says what it holds");
            }
            delete(file);
            return true;
        }
        if (empty && hasEarlier) {
            delete(file);
            return true;
        }
        return false;
    }

    /** Zeroes, page by page, every page part from {@code from} to {@code end} that is not zero already. */
    private static long clear(final UnsafeBuffer buffer, final int from, final int end) {
        long cleared = 0;
        int at = from;
        while (at < end) {
            final int pageEnd = Math.min(end, (at & -PAGE) + PAGE);
            if (RecordCheck.firstNonZero(buffer, at, pageEnd) >= 0) {
                buffer.setMemory(at, pageEnd - at, (byte)0);
                cleared += pageEnd - at;
            }
            at = pageEnd;
        }
        return cleared;
    }

    private static int deleteTempFiles(final Path dir) {
        int deleted = 0;
        try (DirectoryStream<Path> temps = Files.newDirectoryStream(dir, "*" + JournalDescriptor.TEMP_SUFFIX)) {
            for (final Path p : temps) {
                delete(p);
                deleted++;
            }
        } catch (final IOException e) {
            throw new UncheckedIOException("could not list journal directory " + dir, e);
        }
        return deleted;
    }

    private static void delete(final Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (final IOException e) {
            throw new UncheckedIOException("could not delete " + file, e);
        }
    }

    private static void forceDirectory(final Path dir) {
        try {
            SegmentFile.forceDirectory(dir);
        } catch (final IOException e) {
            throw new UncheckedIOException("could not force journal directory " + dir, e);
        }
    }
}
