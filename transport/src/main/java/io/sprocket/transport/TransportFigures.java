package io.sprocket.transport;

import io.sprocket.ring.Described;

/**
 * A transport's figures as JMX shows them: the attributes of {@link TransportMXBean}, each read at
 * its own moment, and the items of its {@link TransportMXBean#getSnapshot() Snapshot}, all read at
 * one moment. The figures are those of {@link TransportStats}, summed over the I/O workers.
 *
 * <p><b>Note:</b> a view for JMX; its getters are called by JMX threads and allocate nothing beyond
 * what the bean they belong to says.
 */
public interface TransportFigures {
    /**
     * See {@link TransportStats#accepted()}.
     *
     * @return connections.
     */
    @Described(value = "Connections accepted by listeners, since the transport was built."
        + Described.ALONE, units = "connections")
    long getAccepted();

    /**
     * See {@link TransportStats#dialed()}.
     *
     * @return connections.
     */
    @Described(value = "Connections established by dialers, since the transport was built."
        + Described.ALONE, units = "connections")
    long getDialed();

    /**
     * See {@link TransportStats#connectFailures()}.
     *
     * @return attempts.
     */
    @Described(value = "Dial attempts that failed (refused, unreachable, timed out), since the transport was built."
        + Described.ALONE, units = "attempts")
    long getConnectFailures();

    /**
     * See {@link TransportStats#handshakes()}.
     *
     * @return connections.
     */
    @Described(value = "Connections whose peer sent a valid header for this socket's peer protocol, since the transport"
        + " was built."
        + Described.ALONE, units = "connections")
    long getHandshakes();

    /**
     * See {@link TransportStats#badHeaders()}.
     *
     * @return connections.
     */
    @Described(value = "Connections closed because the peer's header had a bad prefix, version or reserved bytes, since"
        + " the transport was built."
        + Described.ALONE, units = "connections")
    long getBadHeaders();

    /**
     * See {@link TransportStats#wrongProtocol()}.
     *
     * @return connections.
     */
    @Described(value = "Connections closed because the peer speaks a protocol this socket does not pair with, since the"
        + " transport was built."
        + Described.ALONE, units = "connections")
    long getWrongProtocol();

    /**
     * See {@link TransportStats#handshakeTimeouts()}.
     *
     * @return connections.
     */
    @Described(value = "Connections closed because no header arrived within the handshake timeout, since the transport"
        + " was built."
        + Described.ALONE, units = "connections")
    long getHandshakeTimeouts();

    /**
     * See {@link TransportStats#oversizedFrames()}.
     *
     * @return connections.
     */
    @Described(value = "Connections closed because a frame was longer than the receive limit (nothing was delivered),"
        + " since the transport was built."
        + Described.ALONE, units = "connections")
    long getOversizedFrames();

    /**
     * See {@link TransportStats#badFrames()}.
     *
     * @return connections.
     */
    @Described(value = "Connections closed because of a malformed frame (an IPC message type other than 1), since the"
        + " transport was built."
        + Described.ALONE, units = "connections")
    long getBadFrames();

    /**
     * See {@link TransportStats#peerClosed()}.
     *
     * @return connections.
     */
    @Described(value = "Connections ended by the peer (end of stream) or by an I/O error, since the transport was"
        + " built."
        + Described.ALONE, units = "connections")
    long getPeerClosed();

    /**
     * See {@link TransportStats#closed()}.
     *
     * @return connections.
     */
    @Described(value = "Connections closed for any reason, since the transport was built."
        + Described.ALONE, units = "connections")
    long getClosed();

    /**
     * See {@link TransportStats#framesIn()}.
     *
     * @return messages.
     */
    @Described(value = "Messages received and published into the ring, since the transport was built."
        + Described.ALONE, units = "messages")
    long getFramesIn();

    /**
     * See {@link TransportStats#bytesIn()}.
     *
     * @return bytes.
     */
    @Described(value = "Payload bytes received and published, since the transport was built."
        + Described.ALONE, units = "bytes")
    long getBytesIn();

    /**
     * See {@link TransportStats#framesOut()}.
     *
     * @return messages.
     */
    @Described(value = "Messages written to connections, since the transport was built."
        + Described.ALONE, units = "messages")
    long getFramesOut();

    /**
     * See {@link TransportStats#bytesOut()}.
     *
     * @return bytes.
     */
    @Described(value = "Payload bytes (header and body, without the frame prefix) written, since the transport was"
        + " built."
        + Described.ALONE, units = "bytes")
    long getBytesOut();

    /**
     * See {@link TransportStats#stagedFrames()}.
     *
     * @return frames.
     */
    @Described(value = "Frames that did not arrive whole in one wake-up and took the staging path (one copy), since the"
        + " transport was built."
        + Described.ALONE, units = "frames")
    long getStagedFrames();

    /**
     * See {@link TransportStats#backpressureStalls()}.
     *
     * @return stalls.
     */
    @Described(value = "Times a connection stopped reading because the ring was full (backpressure), since the"
        + " transport was built."
        + Described.ALONE, units = "stalls")
    long getBackpressureStalls();

    /**
     * See {@link TransportStats#controlRetries()}.
     *
     * @return events.
     */
    @Described(value = "Control events that found the ring full and were retried later, since the transport was built."
        + Described.ALONE, units = "events")
    long getControlRetries();

    /**
     * See {@link TransportStats#refusedByEngine()}.
     *
     * @return connections.
     */
    @Described(value = "Connections the engine refused to register (their socket was not open, or was closed while they"
        + " were being set up); each is closed, and so are its socket's listeners and dialers, since the"
        + " transport was built."
        + Described.ALONE, units = "connections")
    long getRefusedByEngine();

    /**
     * See {@link TransportStats#ioFaults()}.
     *
     * @return faults.
     */
    @Described(value = "Throwables caught on an I/O thread other than a connection's I/O errors (those are ): running"
        + " out of direct memory for a frame, a failure in the logging itself, a bug. Each was counted and"
        + " reported (the first 20 of each thread, through a path that cannot throw), the connection or"
        + " listener it came from was closed or paused, and the thread went on, since the transport was"
        + " built."
        + Described.ALONE, units = "faults")
    long getIoFaults();

    /**
     * See {@link TransportStats#connectionsFailed()}.
     *
     * @return connections.
     */
    @Described(value = "Connections closed because serving them threw something other than an I/O error (one of the ),"
        + " for instance out of direct memory while staging a frame. The ring slot claimed for the frame,"
        + " if any, was given back; nothing of the frame was delivered, since the transport was built."
        + Described.ALONE, units = "connections")
    long getConnectionsFailed();

    /**
     * See {@link TransportStats#acceptFailures()}.
     *
     * @return accepts.
     */
    @Described(value = "Accepts that failed (out of file descriptors: EMFILE, ENFILE; out of buffers: ENOBUFS; any"
        + " other I/O error). Each pauses that listener's accepting, from 10 ms doubling to 1 s while the"
        + " failures go on; connections wait in the backlog meanwhile, since the transport was built."
        + Described.ALONE, units = "accepts")
    long getAcceptFailures();

    /**
     * See {@link TransportStats#frameTimeouts()}.
     *
     * @return connections.
     */
    @Described(value = "Connections closed because the peer left a frame unfinished for longer than the frame timeout"
        + " (time the frame waited for ring room does not count), since the transport was built."
        + Described.ALONE, units = "connections")
    long getFrameTimeouts();

    /**
     * See {@link TransportStats#overLimit()}.
     *
     * @return connections.
     */
    @Described(value = "Connections accepted while their listener already held its maximum, and closed at once (without"
        + " a handshake or any control event), since the transport was built."
        + Described.ALONE, units = "connections")
    long getOverLimit();

    /**
     * See {@link TransportStats#unsubscribed()}.
     *
     * @return messages.
     */
    @Described(value = "Messages a SUB socket received that matched none of its subscriptions, given back before taking a ring slot, since the transport was built."
        + Described.ALONE, units = "messages")
    long getUnsubscribed();

    /**
     * See {@link TransportStats#ttlDrops()}.
     *
     * @return messages.
     */
    @Described(value = "PAIR1 messages dropped because their hop count was over the maximum TTL, since the transport was built."
        + Described.ALONE, units = "messages")
    long getTtlDrops();

    /**
     * See {@link TransportStats#discardedIn()}.
     *
     * @return messages.
     */
    @Described(value = "Messages discarded because the socket's protocol receives nothing (PUSH), since the transport was built."
        + Described.ALONE, units = "messages")
    long getDiscardedIn();

    /**
     * See {@link TransportStats#protocolViolations()}.
     *
     * @return connections.
     */
    @Described(value = "Connections closed for breaking their protocol (a broken PAIR1 hop count, or a message sent to a PUB), since the transport was built."
        + Described.ALONE, units = "connections")
    long getProtocolViolations();

    /**
     * See {@link TransportStats#pairRefused()}.
     *
     * @return connections.
     */
    @Described(value = "Connections closed after the handshake because their PAIR socket already had its peer, since the transport was built."
        + Described.ALONE, units = "connections")
    long getPairRefused();

    /**
     * See {@link TransportStats#fanOutDrops()}.
     *
     * @return messages.
     */
    @Described(value = "Copies of PUB or BUS messages not queued because that peer's outbound queue was full, since the transport was built."
        + Described.ALONE, units = "messages")
    long getFanOutDrops();

    /**
     * See {@link TransportStats#staleReplies()}.
     *
     * @return messages.
     */
    @Described(value = "Replies to a REQ or responses to a SURVEYOR that matched no outstanding request (late or unknown), dropped, since the transport was built."
        + Described.ALONE, units = "messages")
    long getStaleReplies();

    /**
     * See {@link TransportStats#requestsResent()}.
     *
     * @return messages.
     */
    @Described(value = "REQ requests sent again because their resend time passed or their connection closed, since the transport was built."
        + Described.ALONE, units = "messages")
    long getRequestsResent();

    /**
     * See {@link TransportStats#surveysExpired()}.
     *
     * @return surveys.
     */
    @Described(value = "Surveys that reached their deadline, since the transport was built."
        + Described.ALONE, units = "surveys")
    long getSurveysExpired();

    /**
     * See {@link TransportStats#sendRejected()}.
     *
     * @return messages.
     */
    @Described(value = "Sends refused: no connection ready, or its outbound queue full, since the transport was built."
        + Described.ALONE, units = "messages")
    long getSendRejected();

    /**
     * See {@link TransportStats#connections()}.
     *
     * @return connections.
     */
    @Described(value = "Connections open now (any state, handshake included).", units = "connections")
    long getConnections();
}
