package io.sprocket.transport;

import java.util.ArrayList;
import java.util.List;

import io.sprocket.registry.SpSocket;

/**
 * One {@link SpSocket} as the transport holds it: its listeners and dialers (guarded by this
 * object's monitor), whether it is closed, and the protocol ids its connections' handshakes send
 * and expect, its connections ready to send on ({@link #ready}, which {@link Connections}
 * keeps), a SUB socket's {@link Subscriptions}, and a REQ or SURVEYOR socket's {@link Requests}.
 */
final class SocketEndpoints {
    final SpSocket socket;
    final int protocolId;
    final int peerProtocolId;
    /** Set when the socket was closed (by the transport or by a socket-closed event): no new endpoints or connections. */
    volatile boolean closed;
    final List<Listener> listeners = new ArrayList<>();
    final List<Dialer> dialers = new ArrayList<>();
    /**
     * Made with the endpoints at the socket's first use: a connection's first readiness then loads no
     * class (which fails when the process is out of file descriptors).
     */
    final ReadyConnections ready = new ReadyConnections();
    /** A SUB socket's topics; null for every other protocol. */
    final Subscriptions subscriptions;
    /** A REQ socket's outstanding requests or a SURVEYOR's surveys (set once, right after construction); else null. */
    volatile Requests requests;

    SocketEndpoints(final SpSocket socket, final int peerProtocolId) {
        this.socket = socket;
        this.protocolId = socket.protocolId();
        this.peerProtocolId = peerProtocolId;
        this.subscriptions = protocolId == SpProtocol.SUB ? new Subscriptions(socket.name()) : null;
    }
}
