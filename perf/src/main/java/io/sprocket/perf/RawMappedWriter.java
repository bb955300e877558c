package io.sprocket.perf;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

import org.agrona.DirectBuffer;
import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;

import io.sprocket.journal.JournalDescriptor;

/**
 * The journal bench's physical limit: one thread writing the journal's record bytes (the 40-byte
 * header and the payload, at the same alignment) sequentially into memory-mapped segment files of the
 * same size, created and rolled over as the journal creates them (written under a temporary name,
 * filled with zeros through the file system in 1 MiB writes, touched page by page, renamed). What it leaves out is
 * what the journal adds: the ring between producer and journaller, and the CRC (a constant here). The
 * bench's {@code disruptor-mapped} puts the ring back: a raw Disruptor consumer writes each slot's payload
 * through {@link #write(long, DirectBuffer)}.
 *
 * <p><b>Note:</b> one thread at a time (made on one, used on another after a hand-over that publishes it);
 * {@link #write} allocates nothing except at a roll-over.
 */
final class RawMappedWriter implements AutoCloseable {
    private static final int PAGE = 4096;
    private static final ByteBuffer ZEROS = ByteBuffer.allocateDirect(1 << 20).asReadOnlyBuffer();

    private final Path dir;
    private final int segmentSize;
    private final int dataEnd;
    private final UnsafeBuffer template;
    private final int payloadLength;
    private final int frameLength;
    private final int alignedLength;
    private MappedByteBuffer mapped;
    private UnsafeBuffer buffer;
    private long segmentIndex = -1;
    private int offset;

    RawMappedWriter(final Path dir, final int segmentSize, final UnsafeBuffer template, final int payloadLength) {
        this.dir = dir;
        this.segmentSize = segmentSize;
        this.dataEnd = JournalDescriptor.dataEnd(segmentSize);
        this.template = template;
        this.payloadLength = payloadLength;
        this.frameLength = JournalDescriptor.frameLength(payloadLength);
        this.alignedLength = JournalDescriptor.alignedLength(frameLength);
        roll();
    }

    /** Writes record {@code sequence}: the payload template with the sequence in its first 8 bytes, and the header. */
    void write(final long sequence) {
        final int at = begin();
        buffer.putBytes(at + JournalDescriptor.RECORD_HEADER_LENGTH, template, 0, payloadLength);
        buffer.putLong(at + JournalDescriptor.RECORD_HEADER_LENGTH, sequence);
        end(at, sequence);
    }

    /** Writes record {@code sequence}: the payload as {@code payload} holds it from index 0, and the header. */
    void write(final long sequence, final DirectBuffer payload) {
        final int at = begin();
        buffer.putBytes(at + JournalDescriptor.RECORD_HEADER_LENGTH, payload, 0, payloadLength);
        end(at, sequence);
    }

    /** Rolls over when the record does not fit; answers where it goes. */
    private int begin() {
        if (alignedLength > dataEnd - offset) {
            buffer.putIntRelease(offset, JournalDescriptor.END_OF_SEGMENT);
            roll();
        }
        return offset;
    }

    /** The record's header, its length last (released), and the next record's place. */
    private void end(final int at, final long sequence) {
        final UnsafeBuffer b = buffer;
        b.putLong(at + JournalDescriptor.SEQUENCE_OFFSET, sequence);
        b.putLong(at + JournalDescriptor.RING_SEQUENCE_OFFSET, sequence);
        b.putLong(at + JournalDescriptor.PEER_ID_OFFSET, 0);
        b.putLong(at + JournalDescriptor.TIMESTAMP_OFFSET, sequence);
        b.putInt(at + JournalDescriptor.CRC_OFFSET, 0x5EED);
        b.putIntRelease(at + JournalDescriptor.FRAME_LENGTH_OFFSET, frameLength);
        offset = at + alignedLength;
    }

    private void roll() {
        if (mapped != null) {
            IoUtil.unmap(mapped);
        }
        segmentIndex++;
        final Path temp = dir.resolve(JournalDescriptor.tempFileName(segmentIndex));
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                final ByteBuffer zeros = ZEROS.duplicate();
                for (long at = 0; at < segmentSize; ) {
                    zeros.clear().limit((int)Math.min(zeros.capacity(), segmentSize - at));
                    while (zeros.hasRemaining()) {
                        at += channel.write(zeros, at);
                    }
                }
                mapped = channel.map(FileChannel.MapMode.READ_WRITE, 0, segmentSize);
            }
            for (int i = 0; i < segmentSize; i += PAGE) {
                mapped.put(i, (byte)0);
            }
            Files.move(temp, dir.resolve(JournalDescriptor.fileName(segmentIndex)), StandardCopyOption.ATOMIC_MOVE);
        } catch (final IOException e) {
            throw new UncheckedIOException("raw mapped write: could not create a segment in " + dir, e);
        }
        buffer = new UnsafeBuffer(mapped);
        buffer.putLong(JournalDescriptor.MAGIC_OFFSET, JournalDescriptor.MAGIC);
        offset = JournalDescriptor.SEGMENT_HEADER_LENGTH;
    }

    @Override
    public void close() {
        if (mapped != null) {
            IoUtil.unmap(mapped);
            mapped = null;
        }
    }
}
