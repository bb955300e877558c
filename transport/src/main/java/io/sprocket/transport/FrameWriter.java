package io.sprocket.transport;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.concurrent.atomic.AtomicBoolean;

import io.sprocket.message.Message;
import io.sprocket.registry.ConnEntry;

/**
 * The outbound half of a {@link TransportConnection}: its registry entry's bounded outbound queue to
 * its channel. Each {@link #flush} takes up to {@link WriteBatch#CAPACITY} queued messages into a
 * {@link WriteBatch} and writes them with one gathering write, again and again while the queue holds
 * more, so that a burst goes out in few system calls. A partial write blocks the writer until
 * {@code OP_WRITE}, and it resumes where it stopped. Written messages are released to their pool; the
 * counters are updated once per write; an I/O error closes the connection.
 *
 * <p><b>Note:</b> worker thread only, except {@link #offer}, {@link #isFlushed()} and {@link #drainOnce()}
 * (any thread). Allocation-free.
 */
final class FrameWriter {
    /** Bytes of direct memory the writer's prefixes take. */
    static final int PREFIX_MEMORY_BYTES = WriteBatch.PREFIX_MEMORY_BYTES;

    private final TransportConnection conn;
    private final Worker worker;
    private final SocketChannel channel;
    private final WriteBatch batch;
    private boolean blocked;
    private volatile boolean writing;
    private final AtomicBoolean drained = new AtomicBoolean();

    /** A writer for {@code conn}, whose prefixes take {@link #PREFIX_MEMORY_BYTES} of {@code prefixMemory}. */
    FrameWriter(final TransportConnection conn, final ByteBuffer prefixMemory) {
        this.conn = conn;
        this.worker = conn.worker;
        this.channel = conn.channel;
        this.batch = new WriteBatch(prefixMemory, conn.ipc);
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
            if (batch.isEmpty() && !fillBatch(e)) {
                writing = false;
                if (e.outboundSize() > 0) {
                    writing = true;
                    continue;
                }
                return;
            }
            final int finished;
            try {
                worker.beforeGatheringWrite(channel);
                finished = batch.writeTo(channel);
            } catch (final IOException ex) {
                conn.close(TransportStats.PEER_CLOSED);
                return;
            }
            if (finished > 0) {
                final long bytes = batch.lastWrittenBytes();
                worker.add(TransportStats.FRAMES_OUT, finished);
                worker.add(TransportStats.BYTES_OUT, bytes);
                conn.counters.counter(ConnectionCounters.MESSAGES_OUT).getAndAddRelease(finished);
                conn.counters.counter(ConnectionCounters.BYTES_OUT).getAndAddRelease(bytes);
            }
            if (batch.isEmpty()) {
                continue;
            }
            blocked = true;
            conn.updateInterest();
            return;
        }
    }

    /** Takes up to a batch of queued messages; false when the queue is empty. */
    private boolean fillBatch(final ConnEntry e) {
        Message m;
        while (!batch.isFull() && (m = e.pollOutbound()) != null) {
            batch.add(m);
        }
        return !batch.isEmpty();
    }

    /** The connection is closing: releases the messages taken and not written. */
    void release() {
        batch.releaseAll();
        writing = false;
    }
}
