package io.sprocket.registry;

import org.agrona.concurrent.ManyToOneConcurrentArrayQueue;

import io.sprocket.message.Message;

/**
 * One registered connection: its id, the transport's {@link Connection}, the {@link SpSocket} it
 * serves, the peer on the far end, and the bounded queue of messages waiting for an I/O worker to
 * write them.
 *
 * <p><b>Outbound queue.</b> An Agrona {@link ManyToOneConcurrentArrayQueue}: any number of threads
 * {@link #offerOutbound(Message) offer}, one consumer (the connection's I/O worker)
 * {@link #pollOutbound() polls}. Its capacity is a power of two fixed at registration; a full queue
 * (or a closed entry) makes {@code offerOutbound} return false, it never blocks or grows. A message in
 * the queue belongs to the queue; the consumer that polls it owns it and releases it after writing.
 * Messages still queued when the entry closes are released by the consumer with
 * {@link #drainOutbound()} once it sees {@link #isClosed()}.
 *
 * <p><b>Closing</b> is done by the {@link ConnRegistry}: it sets {@link #isClosed()} (a volatile
 * flag, read by workers without a lock), unlinks and removes the entry, and calls
 * {@link Connection#close()} once.
 *
 * <p><b>Note:</b> {@link #id()}, {@link #connection()}, {@link #socket()}, {@link #peerId()},
 * {@link #createdNanos()}, {@link #isClosed()}, {@link #outboundSize()} and
 * {@link #outboundCapacity()} may be called from any thread; {@link #offerOutbound(Message)} and
 * {@link #offerOutboundAndNotify(Message)} from any thread; {@link #pollOutbound()} and {@link #drainOutbound()} from the one consumer thread only.
 * Registration allocates the entry and its queue; nothing here allocates afterwards.
 */
public final class ConnEntry {
    /** The largest outbound queue capacity. */
    public static final int MAX_OUTBOUND_CAPACITY = 1 << 20;

    private final long id;
    private final Connection connection;
    private final SpSocket socket;
    private final long peerId;
    private final long createdNanos;
    private final ManyToOneConcurrentArrayQueue<Message> outbound;
    private volatile boolean closed;

    // The socket's list and the registry's list, kept by ConnLists; the registry's owner thread only.
    ConnEntry prev;
    ConnEntry next;
    ConnEntry allPrev;
    ConnEntry allNext;

    ConnEntry(
        final long id,
        final Connection connection,
        final SpSocket socket,
        final long peerId,
        final int outboundCapacity,
        final long createdNanos) {
        this.id = id;
        this.connection = connection;
        this.socket = socket;
        this.peerId = peerId;
        this.createdNanos = createdNanos;
        this.outbound = new ManyToOneConcurrentArrayQueue<>(outboundCapacity);
    }

    /**
     * The connection id.
     *
     * @return greater than 0.
     */
    public long id() {
        return id;
    }

    /**
     * The transport's handle.
     *
     * @return the connection registered.
     */
    public Connection connection() {
        return connection;
    }

    /**
     * The socket this connection serves.
     *
     * @return the socket.
     */
    public SpSocket socket() {
        return socket;
    }

    /**
     * The peer on the far end.
     *
     * @return the peer id, or 0 when the connection was registered before its peer was known.
     */
    public long peerId() {
        return peerId;
    }

    /**
     * When the connection was registered.
     *
     * @return nanoseconds on the engine's clock.
     */
    public long createdNanos() {
        return createdNanos;
    }

    /**
     * Whether the registry closed this connection. Once true it stays true.
     *
     * @return true after {@link ConnRegistry#close(long)}, {@code closeAll} or {@code closeSocket}.
     */
    public boolean isClosed() {
        return closed;
    }

    /**
     * Queues a message for the I/O worker. On success the queue owns the message; on failure the
     * caller still does.
     *
     * @param message the message, not null.
     * @return true when queued; false when the queue is full or the entry is closed.
     * @throws IllegalArgumentException when {@code message} is null.
     */
    public boolean offerOutbound(final Message message) {
        if (message == null) {
            throw new IllegalArgumentException("connection " + id + ": outbound message is null");
        }
        return !closed && outbound.offer(message);
    }

    /**
     * Queues a message for the I/O worker, as {@link #offerOutbound(Message)}, and on success tells
     * the connection ({@link Connection#onOutboundOffered()}) so that the transport can wake the
     * worker that drains the queue. Use this from code that does not know the transport.
     *
     * @param message the message, not null.
     * @return true when queued; false when the queue is full or the entry is closed.
     * @throws IllegalArgumentException when {@code message} is null.
     */
    public boolean offerOutboundAndNotify(final Message message) {
        if (!offerOutbound(message)) {
            return false;
        }
        connection.onOutboundOffered();
        return true;
    }

    /**
     * Takes the oldest queued message. Single consumer: the connection's I/O worker.
     *
     * @return the message, which the caller now owns, or null when the queue is empty.
     */
    public Message pollOutbound() {
        return outbound.poll();
    }

    /**
     * Polls every queued message and releases it: what the consumer does after it sees
     * {@link #isClosed()}, so that no buffer is lost with the connection.
     *
     * @return how many messages were released.
     */
    public int drainOutbound() {
        int released = 0;
        Message m;
        while ((m = outbound.poll()) != null) {
            m.release();
            released++;
        }
        return released;
    }

    /**
     * Messages queued now; a moment old when producers are busy.
     *
     * @return a count, at most {@link #outboundCapacity()}.
     */
    public int outboundSize() {
        return outbound.size();
    }

    /**
     * The queue's bound.
     *
     * @return the capacity given at registration.
     */
    public int outboundCapacity() {
        return outbound.capacity();
    }

    /** Marks the entry closed: offers fail from now on and workers see it. */
    void markClosed() {
        closed = true;
    }

    @Override
    public String toString() {
        return "ConnEntry{id=" + id + ", socket='" + socket.name() + "', peerId=" + peerId + ", closed=" + closed
            + ", outbound=" + outbound.size() + "/" + outbound.capacity() + '}';
    }
}
