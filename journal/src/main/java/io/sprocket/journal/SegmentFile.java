package io.sprocket.journal;

import static io.sprocket.journal.JournalDescriptor.ALIGNMENT_OFFSET;
import static io.sprocket.journal.JournalDescriptor.CREATED_OFFSET;
import static io.sprocket.journal.JournalDescriptor.FIRST_SEQUENCE_OFFSET;
import static io.sprocket.journal.JournalDescriptor.HEADER_CRC_OFFSET;
import static io.sprocket.journal.JournalDescriptor.HEADER_LENGTH_OFFSET;
import static io.sprocket.journal.JournalDescriptor.MAGIC;
import static io.sprocket.journal.JournalDescriptor.MAGIC_OFFSET;
import static io.sprocket.journal.JournalDescriptor.RECORD_ALIGNMENT;
import static io.sprocket.journal.JournalDescriptor.SEGMENT_HEADER_LENGTH;
import static io.sprocket.journal.JournalDescriptor.SEGMENT_INDEX_OFFSET;
import static io.sprocket.journal.JournalDescriptor.SEGMENT_SIZE_OFFSET;
import static io.sprocket.journal.JournalDescriptor.VERSION;
import static io.sprocket.journal.JournalDescriptor.VERSION_OFFSET;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * One segment file, mapped: its creation (written under a temporary name, renamed once its header
 * is in place, so a segment file with its final name always has a whole header), its header, and
 * the mapping that records are written to or read from.
 *
 * <p><b>Note:</b> one thread uses a segment at a time (the journaller, or one reader); a flusher
 * may {@link #force} it under the writer's lock. Creating, opening and closing allocate and do I/O;
 * {@link #buffer()} and {@link #force} do not allocate.
 */
final class SegmentFile {
    private static final int PAGE = 4096;
    /**
     * Zeros written by {@link #create} in 1 MiB writes. Measured here for a 64 MiB segment: 19 to 22 ms,
     * against 99 to 145 ms with {@code IoUtil.fill} (4 KiB writes from a heap array, which the JDK
     * copies into a temporary direct buffer on each write). Never written to; each fill uses a duplicate.
     */
    private static final ByteBuffer ZEROS = ByteBuffer.allocateDirect(1 << 20).asReadOnlyBuffer();

    private final Path path;
    private final long index;
    private final MappedByteBuffer mapped;
    private final UnsafeBuffer buffer;
    private final int mappedLength;

    private SegmentFile(final Path path, final long index, final MappedByteBuffer mapped) {
        this.path = path;
        this.index = index;
        this.mapped = mapped;
        this.buffer = new UnsafeBuffer(mapped);
        this.mappedLength = mapped.capacity();
    }

    /**
     * Creates segment {@code index}: {@link #prepare}, then {@link #activate}.
     *
     * @param force whether to force the header and the directory entry before returning.
     */
    static SegmentFile create(
        final Path dir, final long index, final int segmentSize, final long firstSequence, final long createdNs,
        final boolean preallocate, final boolean force) {
        return prepare(dir, index, segmentSize, preallocate).activate(firstSequence, createdNs, force);
    }

    /**
     * The slow half of creating segment {@code index}, which needs nothing from the records: the
     * file is written as {@code NNN.journal.tmp}, sized (and with {@code preallocate}, filled with
     * zeros through the file system, so a full disk is an {@link IOException} here and never a fault
     * in the middle of a record, then touched page by page through the mapping so that writing
     * records takes no page fault) and mapped. It has no header yet: until {@link #activate} it is
     * a half-created segment, which recovery deletes.
     *
     * @return the prepared segment, named by its temporary path.
     */
    static SegmentFile prepare(final Path dir, final long index, final int segmentSize, final boolean preallocate) {
        final Path temp = dir.resolve(JournalDescriptor.tempFileName(index));
        final MappedByteBuffer mapped;
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.READ,
            StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            if (preallocate) {
                fillWithZeros(channel, segmentSize);
            }
            mapped = channel.map(FileChannel.MapMode.READ_WRITE, 0, segmentSize);
        } catch (final IOException e) {
            throw new UncheckedIOException("could not create journal segment " + temp, e);
        }
        if (preallocate) {
            for (int i = 0; i < segmentSize; i += PAGE) {
                mapped.put(i, (byte)0);
            }
        }
        return new SegmentFile(temp, index, mapped);
    }

    /**
     * The quick half: gives a {@link #prepare prepared} segment its header and renames it to its
     * final name, so a segment file with its final name always has a whole header. This object is
     * spent; the returned one is the segment.
     *
     * @param firstSequence the sequence of the segment's first record.
     * @param createdNs     the creation time for the header, epoch nanoseconds.
     * @param force         whether to force the header and the directory entry before returning.
     * @return the segment under its final name, on the same mapping.
     */
    SegmentFile activate(final long firstSequence, final long createdNs, final boolean force) {
        final Path dir = path.getParent();
        final Path target = dir.resolve(JournalDescriptor.fileName(index));
        final UnsafeBuffer b = buffer;
        b.putLong(MAGIC_OFFSET, MAGIC);
        b.putInt(VERSION_OFFSET, VERSION);
        b.putInt(HEADER_LENGTH_OFFSET, SEGMENT_HEADER_LENGTH);
        b.putInt(SEGMENT_SIZE_OFFSET, mappedLength);
        b.putInt(ALIGNMENT_OFFSET, RECORD_ALIGNMENT);
        b.putLong(SEGMENT_INDEX_OFFSET, index);
        b.putLong(FIRST_SEQUENCE_OFFSET, firstSequence);
        b.putLong(CREATED_OFFSET, createdNs);
        b.putInt(HEADER_CRC_OFFSET, headerCrc(mapped));
        try {
            if (force) {
                mapped.force(0, SEGMENT_HEADER_LENGTH);
            }
            Files.move(path, target, StandardCopyOption.ATOMIC_MOVE);
            if (force) {
                forceDirectory(dir);
            }
        } catch (final IOException e) {
            throw new UncheckedIOException("could not create journal segment " + target, e);
        }
        return new SegmentFile(target, index, mapped);
    }

    /** Unmaps a prepared segment that will not be used and deletes its file (a journal closing). */
    void discard() {
        close();
        try {
            Files.deleteIfExists(path);
        } catch (final IOException e) {
            System.getLogger("io.sprocket.journal").log(System.Logger.Level.WARNING,
                "could not delete the unused prepared journal segment " + path + " (the next open deletes it)", e);
        }
    }

    private static void fillWithZeros(final FileChannel channel, final int length) throws IOException {
        final ByteBuffer zeros = ZEROS.duplicate();
        for (long at = 0; at < length; ) {
            zeros.clear().limit((int)Math.min(zeros.capacity(), length - at));
            while (zeros.hasRemaining()) {
                at += channel.write(zeros, at);
            }
        }
    }

    /**
     * Maps an existing segment to append to it. A file shorter than {@code segmentSize} (cut short)
     * is extended with zeros to its size first.
     */
    static SegmentFile openForAppend(final Path file, final long index, final int segmentSize) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            return new SegmentFile(file, index, channel.map(FileChannel.MapMode.READ_WRITE, 0, segmentSize));
        } catch (final IOException e) {
            throw new UncheckedIOException("could not open journal segment " + file, e);
        }
    }

    /**
     * Maps an existing segment read-only, as long as the file is (at most {@code maxLength}): never
     * beyond its end, where touching the mapping would fault.
     *
     * @return the segment, or null when the file does not exist.
     */
    static SegmentFile openForRead(final Path file, final long index, final int maxLength) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            final long length = Math.min(channel.size(), maxLength);
            return new SegmentFile(file, index, channel.map(FileChannel.MapMode.READ_ONLY, 0, length));
        } catch (final NoSuchFileException e) {
            return null;
        } catch (final IOException e) {
            throw new UncheckedIOException("could not open journal segment " + file, e);
        }
    }

    /**
     * What is wrong with this segment's header, if anything.
     *
     * @param expectedSize the journal's segment size, or 0 to accept any valid size.
     * @return null when the header is whole and names this file's index (and the size); otherwise
     *         what is wrong, in words.
     */
    String headerProblem(final int expectedSize) {
        if (mappedLength < SEGMENT_HEADER_LENGTH) {
            return "the file is " + mappedLength + " bytes, shorter than a segment header";
        }
        if (buffer.getLong(MAGIC_OFFSET) != MAGIC) {
            return "no journal magic";
        }
        if (buffer.getInt(HEADER_CRC_OFFSET) != headerCrc(mapped)) {
            return "the header's CRC does not match";
        }
        if (buffer.getInt(VERSION_OFFSET) != VERSION) {
            return "format version " + buffer.getInt(VERSION_OFFSET) + ", this code reads " + VERSION;
        }
        if (buffer.getInt(HEADER_LENGTH_OFFSET) != SEGMENT_HEADER_LENGTH
            || buffer.getInt(ALIGNMENT_OFFSET) != RECORD_ALIGNMENT) {
            return "header length " + buffer.getInt(HEADER_LENGTH_OFFSET) + " and alignment "
                + buffer.getInt(ALIGNMENT_OFFSET) + ", expected " + SEGMENT_HEADER_LENGTH + " and " + RECORD_ALIGNMENT;
        }
        if (buffer.getLong(SEGMENT_INDEX_OFFSET) != index) {
            return "the header says segment " + buffer.getLong(SEGMENT_INDEX_OFFSET) + ", the file name " + index;
        }
        final int size = buffer.getInt(SEGMENT_SIZE_OFFSET);
        try {
            JournalDescriptor.checkSegmentSize(size);
        } catch (final IllegalArgumentException e) {
            return e.getMessage();
        }
        if (expectedSize != 0 && size != expectedSize) {
            return "segment size " + size + ", but the journal was opened with segment size " + expectedSize;
        }
        return null;
    }

    private static int headerCrc(final ByteBuffer mapped) {
        final CRC32C crc = new CRC32C();
        crc.update(mapped.duplicate().position(0).limit(HEADER_CRC_OFFSET));
        return (int)crc.getValue();
    }

    /**
     * The segment sizes a header states (valid only when {@link #headerProblem} said null).
     *
     * @return bytes.
     */
    int segmentSize() {
        return buffer.getInt(SEGMENT_SIZE_OFFSET);
    }

    long firstSequence() {
        return buffer.getLong(FIRST_SEQUENCE_OFFSET);
    }

    long index() {
        return index;
    }

    Path path() {
        return path;
    }

    /** The mapping, index 0 at the start of the file. */
    UnsafeBuffer buffer() {
        return buffer;
    }

    /** A new duplicate of the mapping (for a CRC's position and limit); allocates. */
    ByteBuffer newView() {
        return mapped.duplicate();
    }

    /** How many bytes are mapped: the segment size, or less for a read-only map of a short file. */
    int mappedLength() {
        return mappedLength;
    }

    /** Forces bytes {@code from} (inclusive) to {@code to} (exclusive) to the storage device. */
    void force(final int from, final int to) {
        if (to > from) {
            mapped.force(from, to - from);
        }
    }

    /** Unmaps the file. The segment must not be touched afterwards. */
    void close() {
        IoUtil.unmap(mapped);
    }

    /** Forces a directory's entries (file creations, renames and deletions) to the storage device. */
    static void forceDirectory(final Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    /** The segment indexes in a directory, in order. */
    static long[] list(final Path dir) {
        final List<Long> indexes = new ArrayList<>();
        try (var entries = Files.newDirectoryStream(dir, "*" + JournalDescriptor.SUFFIX)) {
            for (final Path p : entries) {
                final long i = JournalDescriptor.parseIndex(p.getFileName().toString());
                if (i >= 0) {
                    indexes.add(i);
                }
            }
        } catch (final IOException e) {
            throw new UncheckedIOException("could not list journal directory " + dir, e);
        }
        final long[] sorted = new long[indexes.size()];
        for (int i = 0; i < sorted.length; i++) {
            sorted[i] = indexes.get(i);
        }
        java.util.Arrays.sort(sorted);
        return sorted;
    }

    /**
     * The first sequence a segment file's header states, read without mapping it.
     *
     * @return the sequence, or -1 when the file is missing or its header is not whole.
     */
    static long readFirstSequence(final Path file) {
        final ByteBuffer header = ByteBuffer.allocate(SEGMENT_HEADER_LENGTH).order(ByteOrder.LITTLE_ENDIAN);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            while (header.hasRemaining()) {
                if (channel.read(header, header.position()) < 0) {
                    return -1;
                }
            }
        } catch (final IOException e) {
            return -1;
        }
        if (header.getLong(MAGIC_OFFSET) != MAGIC) {
            return -1;
        }
        final CRC32C crc = new CRC32C();
        crc.update(header.duplicate().position(0).limit(HEADER_CRC_OFFSET));
        return header.getInt(HEADER_CRC_OFFSET) == (int)crc.getValue() ? header.getLong(FIRST_SEQUENCE_OFFSET) : -1;
    }

    @Override
    public String toString() {
        return "segment " + index + " (" + path + ")";
    }
}
