package io.sprocket.registry;

/**
 * A snapshot of one {@link Peer}'s id, state, counters and timestamps, filled by
 * {@link Peer#readCounters(long, PeerCounters)} into an object the caller owns and reuses.
 *
 * <p><b>Note:</b> not thread-safe; one thread fills and reads one instance. Filling and reading
 * allocate nothing.
 */
public final class PeerCounters {
    long id;
    PeerState state = PeerState.DISCONNECTED;
    long messagesReceived;
    long bytesReceived;
    long messagesSent;
    long bytesSent;
    long connectedAtNanos;
    long lastSeenNanos;

    /** Creates an empty snapshot (id 0) to be filled by {@link Peer#readCounters(long, PeerCounters)}. */
    public PeerCounters() {
    }

    /**
     * The peer id the snapshot was taken for.
     *
     * @return the id; 0 before the first successful fill.
     */
    public long id() {
        return id;
    }

    /**
     * The peer's state when the snapshot was taken.
     *
     * @return the state; {@link PeerState#DISCONNECTED} before the first successful fill.
     */
    public PeerState state() {
        return state;
    }

    /**
     * Messages received from the peer.
     *
     * @return a count since the peer was added.
     */
    public long messagesReceived() {
        return messagesReceived;
    }

    /**
     * Payload bytes received from the peer.
     *
     * @return bytes since the peer was added.
     */
    public long bytesReceived() {
        return bytesReceived;
    }

    /**
     * Messages sent to the peer.
     *
     * @return a count since the peer was added.
     */
    public long messagesSent() {
        return messagesSent;
    }

    /**
     * Payload bytes sent to the peer.
     *
     * @return bytes since the peer was added.
     */
    public long bytesSent() {
        return bytesSent;
    }

    /**
     * When the peer was added.
     *
     * @return nanoseconds on the engine's clock.
     */
    public long connectedAtNanos() {
        return connectedAtNanos;
    }

    /**
     * When the peer last sent or received a message.
     *
     * @return nanoseconds on the engine's clock.
     */
    public long lastSeenNanos() {
        return lastSeenNanos;
    }

    @Override
    public String toString() {
        return "PeerCounters{id=" + id + ", state=" + state + ", messagesReceived=" + messagesReceived
            + ", bytesReceived=" + bytesReceived + ", messagesSent=" + messagesSent + ", bytesSent=" + bytesSent
            + ", connectedAtNanos=" + connectedAtNanos + ", lastSeenNanos=" + lastSeenNanos + '}';
    }
}
