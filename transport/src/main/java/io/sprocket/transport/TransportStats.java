package io.sprocket.transport;

/**
 * A snapshot of a {@link Transport}'s counters, filled by {@link Transport#stats(TransportStats)}.
 * Every figure counts since the transport was built.
 *
 * <p><b>Note:</b> a plain value object: fill it on one thread and read it there. Filling it allocates
 * nothing, so one instance can be reused for polling.
 */
public final class TransportStats {
    static final int ACCEPTED = 0;
    static final int DIALED = 1;
    static final int CONNECT_FAILURES = 2;
    static final int HANDSHAKES = 3;
    static final int BAD_HEADERS = 4;
    static final int WRONG_PROTOCOL = 5;
    static final int HANDSHAKE_TIMEOUTS = 6;
    static final int OVERSIZED_FRAMES = 7;
    static final int BAD_FRAMES = 8;
    static final int PEER_CLOSED = 9;
    static final int CLOSED = 10;
    static final int FRAMES_IN = 11;
    static final int BYTES_IN = 12;
    static final int FRAMES_OUT = 13;
    static final int BYTES_OUT = 14;
    static final int STAGED_FRAMES = 15;
    static final int STALLS = 16;
    static final int CONTROL_RETRIES = 17;
    static final int REFUSED = 18;
    static final int FAULTS = 19;
    static final int FAILED = 20;
    static final int ACCEPT_FAILURES = 21;
    static final int FRAME_TIMEOUTS = 22;
    static final int OVER_LIMIT = 23;
    static final int UNSUBSCRIBED = 24;
    static final int TTL_DROPS = 25;
    static final int DISCARDED_IN = 26;
    static final int PROTOCOL_VIOLATIONS = 27;
    static final int PAIR_REFUSED = 28;
    static final int STALE_REPLIES = 29;
    static final int COUNT = 30;
    /** What each counter counts, in index order: the labels of the counters file. */
    static final String[] LABELS = {
        "connections accepted", "connections dialed", "dial attempts failed", "handshakes completed",
        "connections closed: bad header", "connections closed: wrong protocol", "connections closed: handshake timeout",
        "connections closed: frame over the receive limit", "connections closed: malformed frame",
        "connections ended by the peer", "connections closed", "messages received", "payload bytes received",
        "messages sent", "payload bytes sent", "frames staged (arrived in pieces)", "stalls on a full ring",
        "control events retried on a full ring", "connections refused by the engine", "I/O thread faults",
        "connections closed by a fault", "accepts failed", "connections closed: frame timeout",
        "connections closed: listener at its maximum",
        "messages given back: no subscription matched (SUB)", "messages dropped: hop count over the TTL (PAIR1)",
        "messages discarded: the protocol receives nothing (PUSH)",
        "connections closed: broken protocol header, or a message to a PUB", "connections closed: PAIR socket already paired",
        "replies dropped: no outstanding request or survey (REQ, SURVEYOR)"};

    final long[] values = new long[COUNT];
    long sendRejected;
    long fanOutDrops;
    long requestsResent;
    long surveysExpired;
    int connections;

    /** An empty snapshot to fill. */
    public TransportStats() {
    }

    /**
     * Connections accepted by listeners.
     *
     * @return a count.
     */
    public long accepted() {
        return values[ACCEPTED];
    }

    /**
     * Connections established by dialers.
     *
     * @return a count.
     */
    public long dialed() {
        return values[DIALED];
    }

    /**
     * Dial attempts that failed (refused, unreachable, timed out).
     *
     * @return a count.
     */
    public long connectFailures() {
        return values[CONNECT_FAILURES];
    }

    /**
     * Connections whose peer sent a valid header for this socket's peer protocol.
     *
     * @return a count.
     */
    public long handshakes() {
        return values[HANDSHAKES];
    }

    /**
     * Connections closed because the peer's header had a bad prefix, version or reserved bytes.
     *
     * @return a count.
     */
    public long badHeaders() {
        return values[BAD_HEADERS];
    }

    /**
     * Connections closed because the peer speaks a protocol this socket does not pair with.
     *
     * @return a count.
     */
    public long wrongProtocol() {
        return values[WRONG_PROTOCOL];
    }

    /**
     * Connections closed because no header arrived within the handshake timeout.
     *
     * @return a count.
     */
    public long handshakeTimeouts() {
        return values[HANDSHAKE_TIMEOUTS];
    }

    /**
     * Connections closed because a frame was longer than the receive limit (nothing was delivered).
     *
     * @return a count.
     */
    public long oversizedFrames() {
        return values[OVERSIZED_FRAMES];
    }

    /**
     * Connections closed because of a malformed frame (an IPC message type other than 1).
     *
     * @return a count.
     */
    public long badFrames() {
        return values[BAD_FRAMES];
    }

    /**
     * Connections ended by the peer (end of stream) or by an I/O error.
     *
     * @return a count.
     */
    public long peerClosed() {
        return values[PEER_CLOSED];
    }

    /**
     * Connections closed for any reason.
     *
     * @return a count.
     */
    public long closed() {
        return values[CLOSED];
    }

    /**
     * Messages received and published into the ring.
     *
     * @return a count.
     */
    public long framesIn() {
        return values[FRAMES_IN];
    }

    /**
     * Payload bytes received and published.
     *
     * @return bytes.
     */
    public long bytesIn() {
        return values[BYTES_IN];
    }

    /**
     * Messages written to connections.
     *
     * @return a count.
     */
    public long framesOut() {
        return values[FRAMES_OUT];
    }

    /**
     * Payload bytes (header and body, without the frame prefix) written.
     *
     * @return bytes.
     */
    public long bytesOut() {
        return values[BYTES_OUT];
    }

    /**
     * Frames that did not arrive whole in one wake-up and took the staging path (one copy).
     *
     * @return a count.
     */
    public long stagedFrames() {
        return values[STAGED_FRAMES];
    }

    /**
     * Times a connection stopped reading because the ring was full (backpressure).
     *
     * @return a count.
     */
    public long backpressureStalls() {
        return values[STALLS];
    }

    /**
     * Control events that found the ring full and were retried later.
     *
     * @return a count.
     */
    public long controlRetries() {
        return values[CONTROL_RETRIES];
    }

    /**
     * Connections the engine refused to register (their socket was not open, or was closed while
     * they were being set up); each is closed, and so are its socket's listeners and dialers.
     *
     * @return a count.
     */
    public long refusedByEngine() {
        return values[REFUSED];
    }

    /**
     * Throwables caught on an I/O thread other than a connection's I/O errors (those are
     * {@link #peerClosed()}): running out of direct memory for a frame, a failure in the logging
     * itself, a bug. Each was counted and reported (the first 20 of each thread, through a path that
     * cannot throw), the connection or listener it came from was closed or paused, and the thread
     * went on.
     *
     * @return a count.
     */
    public long ioFaults() {
        return values[FAULTS];
    }

    /**
     * Connections closed because serving them threw something other than an I/O error (one of the
     * {@link #ioFaults()}), for instance out of direct memory while staging a frame. The ring slot
     * claimed for the frame, if any, was given back; nothing of the frame was delivered.
     *
     * @return a count.
     */
    public long connectionsFailed() {
        return values[FAILED];
    }

    /**
     * Accepts that failed (out of file descriptors: {@code EMFILE}, {@code ENFILE}; out of buffers:
     * {@code ENOBUFS}; any other I/O error). Each pauses that listener's accepting, from 10 ms
     * doubling to 1 s while the failures go on; connections wait in the backlog meanwhile.
     *
     * @return a count.
     */
    public long acceptFailures() {
        return values[ACCEPT_FAILURES];
    }

    /**
     * Connections closed because the peer left a frame unfinished for longer than the frame timeout
     * (time the frame waited for ring room does not count).
     *
     * @return a count.
     */
    public long frameTimeouts() {
        return values[FRAME_TIMEOUTS];
    }

    /**
     * Connections accepted while their listener already held its maximum, and closed at once
     * (without a handshake or any control event).
     *
     * @return a count.
     */
    public long overLimit() {
        return values[OVER_LIMIT];
    }

    /**
     * Messages a SUB socket received that matched none of its {@link Subscriptions}: given back where
     * they were read, before taking a ring slot.
     *
     * @return a count.
     */
    public long unsubscribed() {
        return values[UNSUBSCRIBED];
    }

    /**
     * PAIR1 messages whose hop count was over the transport's maximum TTL: dropped, the connection kept.
     *
     * @return a count.
     */
    public long ttlDrops() {
        return values[TTL_DROPS];
    }

    /**
     * Messages received by a socket whose protocol receives nothing (PUSH, as NNG): discarded, the
     * connection kept.
     *
     * @return a count.
     */
    public long discardedIn() {
        return values[DISCARDED_IN];
    }

    /**
     * Connections closed for breaking their protocol: a PAIR1 message shorter than its 4-byte hop
     * count or with a hop count over 255, or any message sent to a PUB (as NNG).
     *
     * @return a count.
     */
    public long protocolViolations() {
        return values[PROTOCOL_VIOLATIONS];
    }

    /**
     * Connections closed right after their handshake because their PAIR socket already had its one
     * peer (as NNG: the first connection stays).
     *
     * @return a count.
     */
    public long pairRefused() {
        return values[PAIR_REFUSED];
    }

    /**
     * Copies a PUB or BUS send did not queue because that peer's outbound queue was full: that peer
     * misses the message, the others get it, the sender never waits.
     *
     * @return a count.
     */
    public long fanOutDrops() {
        return fanOutDrops;
    }

    /**
     * Replies to a REQ, or responses to a SURVEYOR, that matched no outstanding request: late (the
     * request was answered, cancelled, or its survey's deadline passed) or unknown. Dropped where
     * they were read, the connection kept.
     *
     * @return a count.
     */
    public long staleReplies() {
        return values[STALE_REPLIES];
    }

    /**
     * REQ requests sent again because their resend time passed without a reply, or the connection
     * they went to closed.
     *
     * @return a count.
     */
    public long requestsResent() {
        return requestsResent;
    }

    /**
     * Surveys that reached their deadline (responses after it are dropped).
     *
     * @return a count.
     */
    public long surveysExpired() {
        return surveysExpired;
    }

    /**
     * Sends refused: no connection ready, or its outbound queue full.
     *
     * @return a count.
     */
    public long sendRejected() {
        return sendRejected;
    }

    /**
     * Connections open now (any state, handshake included).
     *
     * @return a count.
     */
    public int connections() {
        return connections;
    }

    @Override
    public String toString() {
        return "TransportStats{accepted=" + accepted() + ", dialed=" + dialed() + ", connectFailures="
            + connectFailures() + ", handshakes=" + handshakes() + ", badHeaders=" + badHeaders()
            + ", wrongProtocol=" + wrongProtocol() + ", handshakeTimeouts=" + handshakeTimeouts()
            + ", oversizedFrames=" + oversizedFrames() + ", badFrames=" + badFrames() + ", peerClosed="
            + peerClosed() + ", closed=" + closed() + ", framesIn=" + framesIn() + ", bytesIn=" + bytesIn()
            + ", framesOut=" + framesOut() + ", bytesOut=" + bytesOut() + ", stagedFrames=" + stagedFrames()
            + ", backpressureStalls=" + backpressureStalls() + ", controlRetries=" + controlRetries()
            + ", refusedByEngine=" + refusedByEngine() + ", ioFaults=" + ioFaults() + ", connectionsFailed="
            + connectionsFailed() + ", acceptFailures=" + acceptFailures() + ", frameTimeouts=" + frameTimeouts()
            + ", overLimit=" + overLimit() + ", unsubscribed=" + unsubscribed() + ", ttlDrops=" + ttlDrops()
            + ", discardedIn=" + discardedIn() + ", protocolViolations=" + protocolViolations() + ", pairRefused="
            + pairRefused() + ", fanOutDrops=" + fanOutDrops + ", staleReplies=" + staleReplies() + ", requestsResent="
            + requestsResent + ", surveysExpired=" + surveysExpired
            + ", sendRejected=" + sendRejected + ", connections=" + connections + '}';
    }
}
