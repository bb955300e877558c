package io.sprocket.registry;

/**
 * The identity of one SP socket, as the protocol engine that owns it sees it: an id, a name, the SP
 * protocol number it speaks, its {@link PeerRegistry}, and the head of its list of connections (kept
 * by the {@link ConnRegistry} it is registered with).
 *
 * <p>The protocol number is the one the SP header carries (0x10 PAIR v0, 0x50 PUSH, 0x51 PULL,
 * ...); it is stored as given. The peer registry is created here, presized, and closed (emptied) by
 * {@link ConnRegistry#closeSocket(SpSocket, long)}.
 *
 * <p><b>Note:</b> {@link #id()}, {@link #name()}, {@link #protocolId()} and {@link #peers()} are
 * immutable and may be read from any thread; the peer registry and the connection list belong to the
 * engine thread that owns the socket. Construction allocates the peer registry; nothing else
 * allocates.
 */
public final class SpSocket {
    /** The largest SP protocol number (16 bits on the wire). */
    public static final int MAX_PROTOCOL_ID = 0xffff;

    private static final String KIND = "SpSocket";

    private final long id;
    private final String name;
    private final int protocolId;
    private final PeerRegistry peers;

    // Kept by the ConnLists of the ConnRegistry the socket's connections are in; its owner thread only.
    ConnRegistry connRegistry;
    ConnEntry connHead;
    int connCount;

    /**
     * Creates a socket.
     *
     * @param id                  greater than 0.
     * @param name                a name for statistics and error messages, not empty; also the peer
     *                            registry's name.
     * @param protocolId          the SP protocol number, 0 to {@value #MAX_PROTOCOL_ID}.
     * @param initialPeerCapacity the peer registry's presized capacity, 1 to
     *                            {@value PeerRegistry#MAX_INITIAL_CAPACITY}.
     * @throws IllegalArgumentException when an argument is out of range or null.
     */
    public SpSocket(final long id, final String name, final int protocolId, final int initialPeerCapacity) {
        if (id <= 0) {
            throw new IllegalArgumentException(KIND + " '" + name + "': id must be greater than 0, got " + id);
        }
        RegistrySupport.checkName(KIND, name);
        if (protocolId < 0 || protocolId > MAX_PROTOCOL_ID) {
            throw new IllegalArgumentException(KIND + " '" + name + "': protocolId must be from 0 to 0x"
                + Integer.toHexString(MAX_PROTOCOL_ID) + ", got 0x" + Integer.toHexString(protocolId));
        }
        this.id = id;
        this.name = name;
        this.protocolId = protocolId;
        this.peers = new PeerRegistry(name, initialPeerCapacity);
    }

    /**
     * The socket id.
     *
     * @return greater than 0.
     */
    public long id() {
        return id;
    }

    /**
     * The socket name.
     *
     * @return the name given at construction.
     */
    public String name() {
        return name;
    }

    /**
     * The SP protocol number.
     *
     * @return 0 to {@value #MAX_PROTOCOL_ID}.
     */
    public int protocolId() {
        return protocolId;
    }

    /**
     * The socket's peers.
     *
     * @return the registry, the same for the socket's life.
     */
    public PeerRegistry peers() {
        return peers;
    }

    @Override
    public String toString() {
        return "SpSocket{id=" + id + ", name='" + name + "', protocolId=0x" + Integer.toHexString(protocolId) + '}';
    }
}
