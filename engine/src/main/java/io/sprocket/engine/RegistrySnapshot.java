package io.sprocket.engine;

import java.util.Arrays;

import org.agrona.collections.Long2LongHashMap;
import org.agrona.collections.Long2ObjectHashMap;

import io.sprocket.message.Addr;
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
    /** Up to this many sockets and peers together, lookups scan the arrays (O(1) all the same). */
    private static final int SCAN_MAX = 8;
    /** Socket id to index (null for a small snapshot); never changed after construction. */
    private final Long2LongHashMap socketIndexById;
    /** Peer id to the index of its socket (null for a small snapshot); never changed after construction. */
    private final Long2LongHashMap socketIndexByPeer;

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
        int peerCount = 0;
        for (final PeerSnapshot p : peers) {
            peerCount += p.size();
        }
        if (socketIds.length + peerCount <= SCAN_MAX) {
            this.socketIndexById = null;   // small: a scan is cheaper than an index
            this.socketIndexByPeer = null;
            return;
        }
        this.socketIndexById = new Long2LongHashMap(capacity(socketIds.length), 0.65f, -1);
        for (int i = 0; i < socketIds.length; i++) {
            socketIndexById.put(socketIds[i], i);
        }
        this.socketIndexByPeer = new Long2LongHashMap(capacity(peerCount), 0.65f, -1);
        for (int i = 0; i < peers.length; i++) {
            for (int p = 0; p < peers[i].size(); p++) {
                socketIndexByPeer.put(peers[i].id(p), i);
            }
        }
    }

    private static int capacity(final int entries) {
        return Math.max(8, Integer.highestOneBit(Math.max(1, entries) * 2) << 1);
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
     * Where a socket is in this snapshot: O(1), allocation-free.
     *
     * @param socketId a socket id.
     * @return its index, or -1 if it is not open.
     */
    public int indexOfSocket(final long socketId) {
        if (socketIndexById != null) {
            return (int)socketIndexById.get(socketId);
        }
        for (int i = 0; i < socketIds.length; i++) {
            if (socketIds[i] == socketId) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Which socket a peer belongs to: O(1), allocation-free. With the index, {@link #peers(int)}
     * {@code .indexOf(peerId)} finds the peer's address and state.
     *
     * @param peerId a peer id.
     * @return the index of its socket, or -1 when the snapshot does not hold the peer.
     */
    public int socketIndexOfPeer(final long peerId) {
        if (socketIndexByPeer != null) {
            return (int)socketIndexByPeer.get(peerId);
        }
        for (int i = 0; i < peers.length; i++) {
            if (peers[i].indexOf(peerId) >= 0) {
                return i;
            }
        }
        return -1;
    }

    /**
     * The peer at an address on a socket: O(1), allocation-free.
     *
     * @param socketIndex 0 to {@link #socketCount()} - 1.
     * @param addr        the peer's address.
     * @return the peer's id, or 0 when no peer of that socket has the address.
     * @throws IllegalArgumentException when {@code socketIndex} is out of range.
     */
    public long peerIdAt(final int socketIndex, final Addr addr) {
        if (socketIndex < 0 || socketIndex >= peers.length) {
            throw new IllegalArgumentException("socketIndex " + socketIndex + " must be from 0 to socketCount() - 1 = "
                + (peers.length - 1));
        }
        final PeerSnapshot p = peers[socketIndex];
        final int at = p.indexOf(addr);
        return at < 0 ? 0 : p.id(at);
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
