package io.sprocket.transport;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.sprocket.registry.SpSocket;

/**
 * The transport's view of one {@link SpSocket}: its ready connections (copy-on-write, read by
 * senders on any thread), a round-robin cursor, and its listeners and dialers.
 */
final class SocketState {
    private static final TransportConnection[] NONE = new TransportConnection[0];

    final SpSocket socket;
    final int protocolId;
    final int peerProtocolId;
    final AtomicInteger cursor = new AtomicInteger();
    volatile TransportConnection[] ready = NONE;
    /** Set when the socket was closed (by the transport or by a socket-closed event): no new connections. */
    volatile boolean closed;
    final List<Listener> listeners = new ArrayList<>();
    final List<Dialer> dialers = new ArrayList<>();

    SocketState(final SpSocket socket, final int peerProtocolId) {
        this.socket = socket;
        this.protocolId = socket.protocolId();
        this.peerProtocolId = peerProtocolId;
    }

    synchronized void addReady(final TransportConnection c) {
        final TransportConnection[] old = ready;
        final TransportConnection[] next = new TransportConnection[old.length + 1];
        System.arraycopy(old, 0, next, 0, old.length);
        next[old.length] = c;
        ready = next;
    }

    synchronized void removeReady(final TransportConnection c) {
        final TransportConnection[] old = ready;
        for (int i = 0; i < old.length; i++) {
            if (old[i] == c) {
                final TransportConnection[] next = new TransportConnection[old.length - 1];
                System.arraycopy(old, 0, next, 0, i);
                System.arraycopy(old, i + 1, next, i, old.length - i - 1);
                ready = next;
                return;
            }
        }
    }
}
