package io.sprocket.transport;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.GatheringByteChannel;
import java.util.Arrays;

import io.sprocket.message.Message;

/**
 * Queued messages on their way out in one gathering write: up to {@link #CAPACITY} frames, each its
 * prefix (in this batch's slice of the connection's direct memory) and the message's own buffer over
 * its wire range (protocol header and payload, not copied). A write the channel takes only in part
 * resumes where it stopped; each message goes back to its pool as soon as all its bytes are written.
 *
 * <p>Filled only while empty: {@link #add} the messages, then {@link #writeTo} until {@link #isEmpty}.
 *
 * <p><b>Note:</b> the connection's worker thread only. Allocation-free.
 */
final class WriteBatch {
    /** Messages one gathering write takes at most. */
    static final int CAPACITY = 64;
    /**
     * A whole batch's worth of empty buffers (one empty buffer, repeated): a gathering write of them
     * writes nothing and makes no system call. Read-only to every thread.
     */
    private static final ByteBuffer[] EMPTY_BATCH = new ByteBuffer[2 * CAPACITY];

    static {
        Arrays.fill(EMPTY_BATCH, ByteBuffer.allocateDirect(0));
    }

    /** Bytes of prefix memory per message: a 9-byte IPC prefix, rounded up. */
    private static final int PREFIX_STRIDE = 16;
    /** Bytes of direct memory the prefixes take. */
    static final int PREFIX_MEMORY_BYTES = CAPACITY * PREFIX_STRIDE;

    private final boolean ipc;
    private final ByteBuffer[] prefixes = new ByteBuffer[CAPACITY];
    private final ByteBuffer[] iov = new ByteBuffer[2 * CAPACITY];
    private final Message[] messages = new Message[CAPACITY];
    private int count;
    /** The first entry of {@link #iov} not wholly written. */
    private int iovStart;
    private long lastWrittenBytes;

    /** A batch whose prefixes take {@link #PREFIX_MEMORY_BYTES} of {@code prefixMemory}, framed for IPC or TCP. */
    WriteBatch(final ByteBuffer prefixMemory, final boolean ipc) {
        this.ipc = ipc;
        for (int i = 0; i < CAPACITY; i++) {
            prefixes[i] = prefixMemory.slice(i * PREFIX_STRIDE, PREFIX_STRIDE);
        }
    }

    /**
     * Sizes the calling thread's gathering writes for a whole batch. The JDK keeps one vector of
     * buffers per thread for them and replaces it (about 2 KiB for a whole batch) whenever a write
     * takes more buffers than any write before on that thread, so the first full batch, which comes
     * whenever the load makes one, would allocate in the middle of the steady state. One write of a
     * whole batch's worth of empty buffers, which writes nothing and makes no system call, takes
     * that cost once, up front.
     *
     * <p><b>Note:</b> any thread, for that thread; allocates the JDK's vector the first time on a
     * thread, nothing afterwards.
     *
     * @param channel an open channel; nothing is written to it.
     * @throws IOException as the channel's write (a closed channel, say).
     */
    static void sizeGatheringWrites(final GatheringByteChannel channel) throws IOException {
        channel.write(EMPTY_BATCH, 0, EMPTY_BATCH.length);
    }

    /** Whether nothing is left to write. */
    boolean isEmpty() {
        return count == 0;
    }

    /** Whether the batch holds {@link #CAPACITY} messages. */
    boolean isFull() {
        return count == CAPACITY;
    }

    /** The messages taken and not yet wholly written. */
    int size() {
        return count - (iovStart >> 1);
    }

    /** Puts {@code message} behind the others; only while nothing of the batch is written, and not full. */
    void add(final Message message) {
        final int n = count;
        final ByteBuffer prefix = prefixes[n];
        final int wireLength = message.wireLength();
        Wire.putPrefix(prefix, ipc, wireLength);
        final ByteBuffer body = message.byteBuffer();
        final int start = message.wireOffset();
        body.limit(body.capacity());
        body.position(start);
        body.limit(start + wireLength);
        messages[n] = message;
        iov[2 * n] = prefix;
        iov[2 * n + 1] = body;
        count = n + 1;
    }

    /**
     * Writes what is left with one gathering write, and releases every message it finished.
     *
     * @param channel the connection's channel, non-blocking.
     * @return how many messages this write finished; their wire bytes are {@link #lastWrittenBytes()}.
     * @throws IOException as the channel's write; the messages not finished stay in the batch.
     */
    int writeTo(final GatheringByteChannel channel) throws IOException {
        lastWrittenBytes = 0;
        final int iovEnd = 2 * count;
        channel.write(iov, iovStart, iovEnd - iovStart);
        int finished = 0;
        long bytes = 0;
        while (iovStart < iovEnd && !iov[iovStart].hasRemaining()) {
            if ((iovStart & 1) == 1) {
                final int k = iovStart >> 1;
                final Message m = messages[k];
                bytes += m.wireLength();
                messages[k] = null;
                iov[iovStart] = null;
                finished++;
                m.release();
            }
            iovStart++;
        }
        if (iovStart == iovEnd) {
            count = 0;
            iovStart = 0;
        }
        lastWrittenBytes = bytes;
        return finished;
    }

    /** The wire bytes (header and payload, no prefix) of the messages the last {@link #writeTo} finished. */
    long lastWrittenBytes() {
        return lastWrittenBytes;
    }

    /** The connection is closing: releases the messages taken and not wholly written, and empties the batch. */
    void releaseAll() {
        for (int i = 0; i < count; i++) {
            final Message m = messages[i];
            if (m != null) {
                messages[i] = null;
                iov[2 * i + 1] = null;
                m.release();
            }
        }
        count = 0;
        iovStart = 0;
    }
}
