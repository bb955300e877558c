package io.sprocket.engine;

import io.sprocket.message.Addr;
import io.sprocket.registry.Connection;
import io.sprocket.registry.SpSocket;

/**
 * The control record of one ring slot: written by the producer that claimed the slot, before it
 * publishes it, and read by the engine after; the publish orders the two. Data slots never touch it.
 */
final class ControlSlot {
    static final int SOCKET_OPENED = 1;
    static final int PEER_CONNECTING = 2;
    static final int PEER_CONNECTED = 3;
    static final int PEER_DISCONNECTED = 4;
    static final int CONNECTION_OPENED = 5;
    static final int CONNECTION_CLOSED = 6;
    static final int SOCKET_CLOSED = 7;

    int type;
    SpSocket socket;
    long peerId;
    long connId;
    Addr addr;
    Connection connection;
    int outboundCapacity;

    void set(
        final int eventType,
        final SpSocket eventSocket,
        final long eventPeerId,
        final long eventConnId,
        final Addr eventAddr,
        final Connection eventConnection,
        final int eventOutboundCapacity) {
        this.type = eventType;
        this.socket = eventSocket;
        this.peerId = eventPeerId;
        this.connId = eventConnId;
        this.addr = eventAddr;
        this.connection = eventConnection;
        this.outboundCapacity = eventOutboundCapacity;
    }

    /** Drops the references once applied, so a slot does not keep a closed socket reachable. */
    void clear() {
        socket = null;
        addr = null;
        connection = null;
    }

    static String name(final int type) {
        switch (type) {
            case SOCKET_OPENED:
                return "socket opened";
            case PEER_CONNECTING:
                return "peer connecting";
            case PEER_CONNECTED:
                return "peer connected";
            case PEER_DISCONNECTED:
                return "peer disconnected";
            case CONNECTION_OPENED:
                return "connection opened";
            case CONNECTION_CLOSED:
                return "connection closed";
            case SOCKET_CLOSED:
                return "socket closed";
            default:
                return "control " + type;
        }
    }
}
