package io.sprocket.engine;

import java.util.Arrays;

import org.agrona.collections.Long2ObjectHashMap;

import io.sprocket.registry.Peer;
import io.sprocket.registry.PeerCounters;
import io.sprocket.registry.PeerSnapshot;

/**
 * The membership of an engine's registries at the end of a batch that changed it: sockets, their
 * peers, and connections. Other threads read membership only through this.
 *
 * <p><b>Note:</b> immutable and safe to share between threads. The engine allocates a new one after
 * each batch that changed membership (rare); reading allocates nothing.
 */
public final class RegistrySnapshot {
    static final RegistrySnapshot EMPTY = new RegistrySnapshot(0, new long[0], new String[0], new int[0],
        new PeerSnapshot[0], new Long2ObjectHashMap<>(), new long[0], new long[0], new long[0]);

    private final long version;
    private final long[] socketIds;
    private final String[] socketNames;
    private final int[] protocolIds;
    private final PeerSnapshot[] peers;
    /** Never changed after construction, so any thread may read it once the snapshot is published. */
    private final Long2ObjectHashMap<Peer> peersById;
    private final long[] connIds;
    private final long[] connSocketIds;
    private final long[] connPeerIds;

    RegistrySnapshot(
        final long version,
        final long[] socketIds,
        final String[] socketNames,
        final int[] protocolIds,
        final PeerSnapshot[] peers,
        final Long2ObjectHashMap<Peer> peersById,
        final long[] connIds,
        final long[] connSocketIds,
        final long[] connPeerIds) {
        this.version = version;
        this.socketIds = socketIds;
        this.socketNames = socketNames;
        this.protocolIds = protocolIds;
        this.peers = peers;
        this.peersById = peersById;
        this.connIds = connIds;
        this.connSocketIds = connSocketIds;
        this.connPeerIds = connPeerIds;
    }

    /**
     * How many snapshots the engine had published when it made this one; grows by one each time.
     *
     * @return the version, 0 for the empty snapshot before any change.
     */
    public long version() {
        return version;
    }

    /**
     * Number of open sockets.
     *
     * @return a count.
     */
    public int socketCount() {
        return socketIds.length;
    }

    /**
     * A socket's id.
     *
     * @param index 0 to {@link #socketCount()} - 1.
     * @return the id.
     */
    public long socketId(final int index) {
        return socketIds[index];
    }

    /**
     * A socket's name.
     *
     * @param index 0 to {@link #socketCount()} - 1.
     * @return the name.
     */
    public String socketName(final int index) {
        return socketNames[index];
    }

    /**
     * A socket's SP protocol id.
     *
     * @param index 0 to {@link #socketCount()} - 1.
     * @return the protocol id.
     */
    public int protocolId(final int index) {
        return protocolIds[index];
    }

    /**
     * A socket's peers.
     *
     * @param index 0 to {@link #socketCount()} - 1.
     * @return the peers' ids, addresses and states.
     */
    public PeerSnapshot peers(final int index) {
        return peers[index];
    }

    /**
     * Where a socket is in this snapshot.
     *
     * @param socketId a socket id.
     * @return its index, or -1 if it is not open.
     */
    public int indexOfSocket(final long socketId) {
        for (int i = 0; i < socketIds.length; i++) {
            if (socketIds[i] == socketId) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Reads a peer's counters (messages and bytes received and sent, last seen), as the engine last
     * wrote them. Allocates nothing.
     *
     * @param peerId the peer.
     * @param into   the caller's object, filled on success.
     * @return false when the peer is not in this snapshot or has been removed since.
     */
    public boolean readCounters(final long peerId, final PeerCounters into) {
        final Peer peer = peersById.get(peerId);
        return peer != null && peer.readCounters(peerId, into);
    }

    /**
     * Peers over all sockets.
     *
     * @return a count.
     */
    public int peerCount() {
        int count = 0;
        for (final PeerSnapshot p : peers) {
            count += p.size();
        }
        return count;
    }

    /**
     * Number of registered connections.
     *
     * @return a count.
     */
    public int connectionCount() {
        return connIds.length;
    }

    /**
     * A connection's id.
     *
     * @param index 0 to {@link #connectionCount()} - 1.
     * @return the id.
     */
    public long connectionId(final int index) {
        return connIds[index];
    }

    /**
     * The id of the socket that owns a connection.
     *
     * @param index 0 to {@link #connectionCount()} - 1.
     * @return the socket id.
     */
    public long connectionSocketId(final int index) {
        return connSocketIds[index];
    }

    /**
     * The id of a connection's peer.
     *
     * @param index 0 to {@link #connectionCount()} - 1.
     * @return the peer id, 0 if unknown.
     */
    public long connectionPeerId(final int index) {
        return connPeerIds[index];
    }

    @Override
    public String toString() {
        return "RegistrySnapshot{version=" + version + ", sockets=" + Arrays.toString(socketIds) + ", peers="
            + peerCount() + ", connections=" + Arrays.toString(connIds) + '}';
    }
}
