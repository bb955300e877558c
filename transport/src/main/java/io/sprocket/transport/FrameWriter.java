package io.sprocket.transport;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.concurrent.atomic.AtomicBoolean;

import io.sprocket.message.Message;
import io.sprocket.registry.ConnEntry;

/**
 * The outbound half of a {@link TransportConnection}: its registry entry's bounded outbound queue to
 * its channel, in batches of up to {@link #BATCH} messages with one gathering write each (a 9-byte
 * direct prefix buffer per message, then the message's own buffer over its wire range). A partial
 * write blocks the writer until {@code OP_WRITE}, and it resumes where it stopped. Written messages
 * are released to their pool; an I/O error closes the connection.
 *
 * <p><b>Note:</b> worker thread only, except {@link #offer}, {@link #isFlushed()} and {@link #drainOnce()}
 * (any thread). Allocation-free.
 */
final class FrameWriter {
    /** Messages written with one gathering write at most. */
    static final int BATCH = 16;
    /** Bytes of direct memory the writer's prefixes take: 16 per message of a batch. */
    static final int PREFIX_MEMORY_BYTES = BATCH * 16;

    private final TransportConnection conn;
    private final Worker worker;
    private final SocketChannel channel;
    private final boolean ipc;
    private final ByteBuffer[] iov = new ByteBuffer[2 * BATCH];
    private final ByteBuffer[] prefixes = new ByteBuffer[BATCH];
    private final Message[] batch = new Message[BATCH];
    private int batchCount;
    private int iovStart;
    private boolean blocked;
    private volatile boolean writing;
    private final AtomicBoolean drained = new AtomicBoolean();

    /** A writer for {@code conn}, whose prefixes take {@link #PREFIX_MEMORY_BYTES} of {@code prefixMemory}. */
    FrameWriter(final TransportConnection conn, final ByteBuffer prefixMemory) {
        this.conn = conn;
        this.worker = conn.worker;
        this.channel = conn.channel;
        this.ipc = conn.ipc;
        for (int i = 0; i < BATCH; i++) {
            prefixes[i] = prefixMemory.slice(i * 16, 16);
        }
    }

    /** Queues a message and wakes the worker; false when the connection is not registered or its queue is full. Any thread. */
    boolean offer(final Message message) {
        final ConnEntry e = conn.entry;
        if (e == null || !e.offerOutbound(message)) {
            return false;
        }
        worker.signal(conn);
        return true;
    }

    /** True when nothing is queued or being written. Any thread. */
    boolean isFlushed() {
        final ConnEntry e = conn.entry;
        return !writing && (e == null || e.outboundSize() == 0);
    }

    /** Releases what the registry entry still queues, once (the engine thread or the worker, whichever is last). */
    void drainOnce() {
        final ConnEntry e = conn.entry;
        if (e != null && drained.compareAndSet(false, true)) {
            e.drainOutbound();
        }
    }

    /** Whether a partial write waits for {@code OP_WRITE}. */
    boolean isBlocked() {
        return blocked;
    }

    /** {@code OP_WRITE}: the channel has room again. */
    void unblock() {
        blocked = false;
    }

    /** Writes what {@code e}'s outbound queue holds, in gathering batches, until done or the socket is full. */
    void flush(final ConnEntry e) {
        writing = true;
        while (true) {
            if (batchCount == 0 && !fillBatch(e)) {
                writing = false;
                if (e.outboundSize() > 0) {
                    writing = true;
                    continue;
                }
                return;
            }
            final int iovEnd = 2 * batchCount;
            try {
                channel.write(iov, iovStart, iovEnd - iovStart);
            } catch (final IOException ex) {
                conn.close(TransportStats.PEER_CLOSED);
                return;
            }
            while (iovStart < iovEnd && !iov[iovStart].hasRemaining()) {
                if ((iovStart & 1) == 1) {
                    final int k = iovStart >> 1;
                    final Message m = batch[k];
                    worker.count(TransportStats.FRAMES_OUT);
                    worker.add(TransportStats.BYTES_OUT, m.wireLength());
                    conn.counters.counter(ConnectionCounters.MESSAGES_OUT).incrementRelease();
                    conn.counters.counter(ConnectionCounters.BYTES_OUT).getAndAddRelease(m.wireLength());
                    batch[k] = null;
                    iov[iovStart] = null;
                    m.release();
                }
                iovStart++;
            }
            if (iovStart == iovEnd) {
                batchCount = 0;
                iovStart = 0;
                continue;
            }
            blocked = true;
            conn.updateInterest();
            return;
        }
    }

    private boolean fillBatch(final ConnEntry e) {
        int n = 0;
        Message m;
        while (n < BATCH && (m = e.pollOutbound()) != null) {
            final ByteBuffer p = prefixes[n];
            final int wireLength = m.wireLength();
            Wire.putPrefix(p, ipc, wireLength);
            final ByteBuffer body = m.byteBuffer();
            final int start = m.wireOffset();
            body.limit(body.capacity());
            body.position(start);
            body.limit(start + wireLength);
            batch[n] = m;
            iov[2 * n] = p;
            iov[2 * n + 1] = body;
            n++;
        }
        batchCount = n;
        iovStart = 0;
        return n > 0;
    }

    /** The connection is closing: releases the messages taken and not written. */
    void release() {
        for (int i = 0; i < batchCount; i++) {
            if (batch[i] != null) {
                batch[i].release();
                batch[i] = null;
            }
        }
        batchCount = 0;
        iovStart = 0;
        writing = false;
    }
}
