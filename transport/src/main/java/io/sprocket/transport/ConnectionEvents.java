package io.sprocket.transport;

import io.sprocket.engine.Control;
import io.sprocket.ring.MessageRing;

/**
 * The control events of one {@link TransportConnection}, published in ring order:
 * {@code peerConnecting} and {@code connectionOpened} at start, {@code peerConnected} after the
 * handshake, and {@code connectionClosed} then {@code peerDisconnected} after a close the worker
 * decided. A close the engine decided publishes only what the registries still need; a closed
 * socket or ring, or a registration the engine refused, publishes nothing more. An event that finds
 * the ring full stays pending and the connection asks its worker for a turn to retry it.
 *
 * <p><b>Note:</b> worker thread only, except {@link #peerGone()} and {@link #engineRefused()} (the
 * engine thread) and {@link #isEngineRefused()}. Allocation-free.
 */
final class ConnectionEvents {
    private static final long CONTROL_TIMEOUT_NS = 1_000_000;

    private final TransportConnection conn;
    private final Worker worker;
    private final SocketEndpoints sock;
    private final Sockets sockets;
    private final Control control;
    private final int outboundCapacity;

    private boolean connecting;
    private boolean opened;
    private boolean connected;
    private boolean closed;
    private boolean disconnected;
    private boolean okConnecting;
    private boolean okOpened;
    private boolean pending;
    /** The engine refused to register the connection (its socket is not open): publish nothing more. */
    private boolean refused;
    /** The engine's answer to our connectionOpened event was "refused"; the engine thread writes it. */
    private volatile boolean engineRefused;
    /** The peer is gone from the engine's index (engine thread): no peerDisconnected for it. */
    private volatile boolean peerGone;

    ConnectionEvents(final TransportConnection conn) {
        this.conn = conn;
        this.worker = conn.worker;
        this.sock = conn.sock;
        this.sockets = conn.transport.sockets;
        this.control = conn.transport.engine().control();
        this.outboundCapacity = conn.transport.settings().outboundCapacity();
    }

    /** Whether {@code peerConnected} is in the ring. */
    boolean connected() {
        return connected;
    }

    /** Whether an event waits for ring room. */
    boolean pending() {
        return pending;
    }

    /** The peer is gone from the engine's index, or was never in it: publish nothing more for it. Any thread. */
    void peerGone() {
        peerGone = true;
    }

    /** The engine answered our connectionOpened event with "refused" (engine thread); the worker acts on it. */
    void engineRefused() {
        engineRefused = true;
    }

    /** Whether the engine refused the registration. Any thread. */
    boolean isEngineRefused() {
        return engineRefused;
    }

    /**
     * The engine refused the registration (its socket is not open): publish nothing more, count it,
     * close the connection, and stop its socket's endpoints.
     */
    void onRefused() {
        refused = true;
        peerGone = true;
        worker.count(TransportStats.REFUSED);
        conn.close(TransportConnection.LOCAL);
        sockets.onSocketClosed(sock);
    }

    /**
     * Publishes whatever event is due, in order. A full ring leaves it pending (retried in a turn); a
     * closed ring or a closed socket skips it. Before the close, a refused opening event or a closed
     * ring closes the connection.
     *
     * @return true once the connection is closing and every closing event is published or skipped:
     *         the connection is finished.
     */
    boolean advance() {
        pending = false;
        final boolean skip = sock.closed || sockets.isRingClosed();
        final boolean closing = conn.phase >= TransportConnection.CLOSING;
        if (!connecting) {
            if (!closing && !skip) {
                final long r = control.peerConnecting(sock.socket, conn.peerId, conn.remoteAddr, CONTROL_TIMEOUT_NS);
                if (pendingOn(r)) {
                    return false;
                }
                okConnecting = r >= 0;
            }
            connecting = true;
        }
        if (!opened) {
            if (!closing && !skip && okConnecting) {
                final long r = control.connectionOpened(sock.socket, conn.connId, conn.peerId, conn, outboundCapacity,
                    CONTROL_TIMEOUT_NS);
                if (pendingOn(r)) {
                    return false;
                }
                okOpened = r >= 0;
            }
            opened = true;
        }
        if (!closing) {
            if (sockets.isRingClosed() || !okOpened) {
                conn.close(TransportConnection.LOCAL);
                return false;
            }
            if (conn.handshake.isDone() && !connected) {
                final long r = control.peerConnected(sock.socket, conn.peerId, CONTROL_TIMEOUT_NS);
                if (pendingOn(r)) {
                    return false;
                }
                connected = true;
                if (r < 0) {
                    conn.close(TransportConnection.LOCAL);
                }
            }
            return false;
        }
        final boolean skipNow = sock.closed || sockets.isRingClosed();
        if (!closed) {
            if (okOpened && !conn.engineClosed && !refused && !skipNow) {
                if (pendingOn(control.connectionClosed(conn.connId, CONTROL_TIMEOUT_NS))) {
                    return false;
                }
            }
            closed = true;
        }
        if (!disconnected) {
            if (okConnecting && !peerGone && !refused && !sock.closed && !sockets.isRingClosed()) {
                if (pendingOn(control.peerDisconnected(sock.socket, conn.peerId, CONTROL_TIMEOUT_NS))) {
                    return false;
                }
            }
            disconnected = true;
        }
        return true;
    }

    /** Notes an event's result; true when the ring was full and the event must be retried. */
    private boolean pendingOn(final long result) {
        if (result >= 0) {
            worker.noteControl(result);
            return false;
        }
        if (result == MessageRing.FULL) {
            pending = true;
            worker.count(TransportStats.CONTROL_RETRIES);
            worker.needTurn(conn);
            return true;
        }
        sockets.onRingClosed();
        return false;
    }
}
