package io.sprocket.engine;

import java.util.concurrent.atomic.AtomicLong;

import io.sprocket.message.Addr;
import io.sprocket.message.InfraConfig;
import io.sprocket.registry.ConnEntry;
import io.sprocket.registry.Connection;
import io.sprocket.registry.SpSocket;
import io.sprocket.ring.MessageRing;

/**
 * How threads other than the engine change a ring's {@link Registries}: by publishing control
 * events into the same ring as the data, so that order is kept. A peer's first message is never
 * handled before its connect, and nothing published before a close is lost by it.
 *
 * <p>Ids come from this ring's atomic counters on the calling thread ({@link #newPeerId()} and
 * friends), so a producer can tag the messages that follow an event at once, before the engine has
 * applied it. Each event method claims a slot (waiting up to {@code timeoutNs}), writes the event,
 * publishes it, and returns the sequence, or {@link io.sprocket.ring.MessageRing#FULL} or {@link io.sprocket.ring.MessageRing#CLOSED}
 * when it could not be published. An event the engine cannot apply (an unknown or duplicate id, an
 * illegal state change) changes nothing, is counted in {@link RegistryStats#controlErrors()} and is
 * reported to the ring's {@link io.sprocket.ring.HandlerErrorListener}.
 *
 * <p><b>Note:</b> any thread may call these methods. The event methods allocate nothing;
 * {@link #newSocket} allocates the socket and its peer registry.
 */
public final class Control {
    private final MessageRing ring;
    private final InfraConfig config;
    private final ControlSlot[] controls;
    private final int initialPeerCapacity;
    private final int mask;
    private final AtomicLong socketIds = new AtomicLong();
    private final AtomicLong peerIds = new AtomicLong();
    private final AtomicLong connIds = new AtomicLong();

    Control(final MessageRing ring, final InfraConfig config, final ControlSlot[] controls,
        final int initialPeerCapacity) {
        this.ring = ring;
        this.config = config;
        this.controls = controls;
        this.initialPeerCapacity = initialPeerCapacity;
        this.mask = controls.length - 1;
    }

    /**
     * The configuration the ring was built with (slot size, maximum message size), so
     * that a producer such as a transport can check its own bounds against the ring's.
     *
     * @return the ring's configuration.
     */
    public InfraConfig config() {
        return config;
    }

    /**
     * A new peer id, unique in this ring.
     *
     * @return 1 or more.
     */
    public long newPeerId() {
        return peerIds.incrementAndGet();
    }

    /**
     * A new connection id, unique in this ring.
     *
     * @return 1 or more.
     */
    public long newConnId() {
        return connIds.incrementAndGet();
    }

    /**
     * Creates a socket with a new id and a peer registry presized for the engine's
     * {@link Engine.Builder#initialPeerCapacity(int) initialPeerCapacity}.
     * It is not open until {@link #openSocket} has been applied.
     *
     * @param name       a name for errors and snapshots.
     * @param protocolId its SP protocol id (protocol number &lt;&lt; 4 | role), 0 to 0xffff.
     * @return the socket.
     * @throws IllegalArgumentException when the name or protocol id is bad.
     */
    public SpSocket newSocket(final String name, final int protocolId) {
        return new SpSocket(socketIds.incrementAndGet(), name, protocolId, initialPeerCapacity);
    }

    /**
     * Opens a socket in the engine: its peers and connections can be registered from now on.
     *
     * @param socket    a socket from {@link #newSocket}.
     * @param timeoutNs how long to wait for a free slot.
     * @return the event's sequence, or a negative result code.
     * @throws IllegalArgumentException when the socket is null or the timeout negative.
     */
    public long openSocket(final SpSocket socket, final long timeoutNs) {
        return publish(ControlSlot.SOCKET_OPENED, nonNull(socket), 0, 0, null, null, 0, timeoutNs);
    }

    /**
     * Registers a peer, in state {@code CONNECTING}.
     *
     * @param socket    an open socket.
     * @param peerId    an id from {@link #newPeerId()}.
     * @param addr      the peer's address, or null; unique in the socket.
     * @param timeoutNs how long to wait for a free slot.
     * @return the event's sequence, or a negative result code.
     * @throws IllegalArgumentException when the socket is null, the id not positive or the timeout negative.
     */
    public long peerConnecting(final SpSocket socket, final long peerId, final Addr addr, final long timeoutNs) {
        return publish(ControlSlot.PEER_CONNECTING, nonNull(socket), positive("peerId", peerId), 0, addr,
            null, 0, timeoutNs);
    }

    /**
     * Moves a registered peer to {@code CONNECTED}.
     *
     * @param socket    its socket.
     * @param peerId    its id.
     * @param timeoutNs how long to wait for a free slot.
     * @return the event's sequence, or a negative result code.
     * @throws IllegalArgumentException when the socket is null, the id not positive or the timeout negative.
     */
    public long peerConnected(final SpSocket socket, final long peerId, final long timeoutNs) {
        return publish(ControlSlot.PEER_CONNECTED, nonNull(socket), positive("peerId", peerId), 0, null,
            null, 0, timeoutNs);
    }

    /**
     * Moves a peer through {@code DISCONNECTING} to {@code DISCONNECTED}, drops its protocol state
     * and removes it.
     *
     * @param socket    its socket.
     * @param peerId    its id.
     * @param timeoutNs how long to wait for a free slot.
     * @return the event's sequence, or a negative result code.
     * @throws IllegalArgumentException when the socket is null, the id not positive or the timeout negative.
     */
    public long peerDisconnected(final SpSocket socket, final long peerId, final long timeoutNs) {
        return publish(ControlSlot.PEER_DISCONNECTED, nonNull(socket), positive("peerId", peerId), 0,
            null, null, 0, timeoutNs);
    }

    /**
     * Registers a connection of a socket.
     *
     * @param socket           an open socket.
     * @param connId           an id from {@link #newConnId()}.
     * @param peerId           the peer it carries, or 0 while unknown.
     * @param connection       the transport handle, closed when the connection or its socket is closed.
     * @param outboundCapacity the bound of its outbound queue: a power of two up to
     *                         {@link ConnEntry#MAX_OUTBOUND_CAPACITY}.
     * @param timeoutNs        how long to wait for a free slot.
     * @return the event's sequence, or a negative result code.
     * @throws IllegalArgumentException when an argument is null, an id out of range or the timeout negative.
     */
    public long connectionOpened(
        final SpSocket socket,
        final long connId,
        final long peerId,
        final Connection connection,
        final int outboundCapacity,
        final long timeoutNs) {
        if (connection == null) {
            throw new IllegalArgumentException("connection must not be null");
        }
        if (peerId < 0) {
            throw new IllegalArgumentException("peerId must be 0 (unknown) or more, got " + peerId);
        }
        if (outboundCapacity < 1 || outboundCapacity > ConnEntry.MAX_OUTBOUND_CAPACITY
            || Integer.bitCount(outboundCapacity) != 1) {
            throw new IllegalArgumentException("outboundCapacity must be a power of two from 1 to "
                + ConnEntry.MAX_OUTBOUND_CAPACITY + ", got " + outboundCapacity);
        }
        return publish(ControlSlot.CONNECTION_OPENED, nonNull(socket), peerId, positive("connId", connId),
            null, connection, outboundCapacity, timeoutNs);
    }

    /**
     * Closes a registered connection ({@link Connection#close()} runs on the engine thread) and
     * removes it.
     *
     * @param connId    its id.
     * @param timeoutNs how long to wait for a free slot.
     * @return the event's sequence, or a negative result code.
     * @throws IllegalArgumentException when the id is not positive or the timeout negative.
     */
    public long connectionClosed(final long connId, final long timeoutNs) {
        return publish(ControlSlot.CONNECTION_CLOSED, null, 0, positive("connId", connId), null, null, 0,
            timeoutNs);
    }

    /**
     * Closes a socket: each of its connections, then each of its peers (through
     * {@code DISCONNECTING} to {@code DISCONNECTED}, protocol state dropped), leaving nothing of it
     * in any index.
     *
     * @param socket    an open socket.
     * @param timeoutNs how long to wait for a free slot.
     * @return the event's sequence, or a negative result code.
     * @throws IllegalArgumentException when the socket is null or the timeout negative.
     */
    public long closeSocket(final SpSocket socket, final long timeoutNs) {
        return publish(ControlSlot.SOCKET_CLOSED, nonNull(socket), 0, 0, null, null, 0, timeoutNs);
    }

    /**
     * Claims a slot (waiting up to the timeout), writes the event into the slot's control record and
     * publishes the slot as a control event; gives the slot back if writing the record fails.
     */
    private long publish(
        final int type,
        final SpSocket socket,
        final long peerId,
        final long connId,
        final Addr addr,
        final Connection connection,
        final int outboundCapacity,
        final long timeoutNs) {
        final long sequence = ring.claim(0, timeoutNs);
        if (sequence < 0) {
            return sequence;
        }
        boolean written = false;
        try {
            controls[(int)sequence & mask].set(type, socket, peerId, connId, addr, connection, outboundCapacity);
            written = true;
        } finally {
            if (written) {
                ring.publishControl(sequence);
            } else {
                ring.cancel(sequence);
            }
        }
        return sequence;
    }

    private static SpSocket nonNull(final SpSocket socket) {
        if (socket == null) {
            throw new IllegalArgumentException("socket must not be null");
        }
        return socket;
    }

    private static long positive(final String what, final long id) {
        if (id <= 0) {
            throw new IllegalArgumentException(what + " must be 1 or more, got " + id);
        }
        return id;
    }
}
