package io.sprocket.engine;


import org.agrona.collections.Long2ObjectHashMap;

import io.sprocket.counters.CounterRecordsPool;
import io.sprocket.counters.CounterSet;
import io.sprocket.counters.CounterTypes;
import io.sprocket.counters.CountersFile;
import io.sprocket.message.Checks;
import io.sprocket.message.Message;
import io.sprocket.registry.ConnEntry;
import io.sprocket.registry.ConnRegistry;
import io.sprocket.registry.ConnVisitor;
import io.sprocket.registry.Peer;
import io.sprocket.registry.PeerCounterRecords;
import io.sprocket.registry.PeerSnapshot;
import io.sprocket.registry.PeerState;
import io.sprocket.registry.PeerVisitor;
import io.sprocket.registry.SpSocket;

/**
 * The registries a ring's engine thread owns: the open sockets (each with its
 * {@link io.sprocket.registry.PeerRegistry}), an index of every peer by id, and the
 * {@link ConnRegistry} of connections.
 *
 * <p>Only the engine thread changes them, by applying the control events that producers publish
 * through {@link Control}, in ring order with the data. For each data message tagged with a peer id,
 * the engine updates that peer's received counters and last-seen time (from a clock read once per
 * batch) before the application's handler runs, and the handler may read everything here. While
 * no peer is registered at all the engine does not look at messages (a plain ring pays nothing for
 * the registries), so {@link RegistryStats#unknownPeerMessages()} counts only while some peer is.
 *
 * <p><b>Note:</b> the accessors that return registry objects ({@link #socket}, {@link #peer},
 * {@link #connections}, {@link #recordSent}) are for the engine thread only, that is for the
 * application's handler (with checks on, another thread gets {@link IllegalStateException}); they
 * allocate nothing. Any thread may call {@link #snapshot()} (membership, republished by the engine
 * after each batch that changed it, which allocates then) and {@link #stats(RegistryStats)}
 * (allocation-free), and read a peer's counters with {@link Peer#readCounters}.
 */
public final class Registries {
    private static final int SOCKETS = 0;
    private static final int PEERS = 1;
    private static final int CONNECTIONS = 2;
    private static final int CONTROL_EVENTS = 3;
    private static final int CONTROL_ERRORS = 4;
    private static final int UNKNOWN_PEER = 5;
    private static final int REHASHES = 6;
    private static final int SNAPSHOTS = 7;
    private static final int COUNTERS = 8;
    private static final String[] LABELS = {"open sockets", "registered peers", "registered connections",
        "control events applied", "control events refused", "messages from unknown peers", "registry rehashes",
        "membership snapshots published"};
    private static final float LOAD_FACTOR = 0.65f;

    private final String ringName;
    private final boolean snapshots;
    private final ConnRegistry connections;
    private final Long2ObjectHashMap<SpSocket> sockets;
    private final Long2ObjectHashMap<Peer> peers;
    /**
     * Figures for other threads and processes, in the counters file: written by the engine with
     * release stores from the fields below, freed (values kept) when the engine stops.
     */
    private final CounterSet published;
    /**
     * Each registered peer's counters, in the same file: a set lent to the peer as it is added and
     * taken back as it goes, kept for the next peer (see {@link PeerCounterRecords}).
     */
    private final CounterRecordsPool peerCounters;
    private long controlEvents;
    private long controlErrors;
    private long unknownPeerMessages;
    private long rehashes;
    private long snapshotVersion;

    private Thread owner;
    private long nowNanos;
    private boolean clockRead;
    private boolean changed;
    private volatile RegistrySnapshot snapshot = RegistrySnapshot.EMPTY;

    Registries(final String ringName, final int initialPeerCapacity, final int initialConnCapacity,
        final boolean snapshots, final CountersFile file, final boolean ownsFile) {
        this.ringName = ringName;
        final String[] labels = new String[COUNTERS];
        for (int i = 0; i < COUNTERS; i++) {
            labels[i] = "engine " + ringName + ": " + LABELS[i];
        }
        this.published = CounterSet.allocate(file, ownsFile, CounterTypes.REGISTRY, labels);
        this.peerCounters = PeerCounterRecords.newPool(file);
        this.snapshots = snapshots;
        this.connections = new ConnRegistry(ringName + "-connections", initialConnCapacity);
        this.sockets = new Long2ObjectHashMap<>(mapCapacity(initialPeerCapacity), LOAD_FACTOR);
        this.peers = new Long2ObjectHashMap<>(mapCapacity(initialPeerCapacity), LOAD_FACTOR);
    }

    private static int mapCapacity(final int entries) {
        return (int)Math.ceil(entries / LOAD_FACTOR) + 1;
    }

    // ------------------------------------------------------------------ engine-thread reads

    /**
     * An open socket.
     *
     * @param socketId its id.
     * @return the socket, or null if no socket with that id is open.
     * @throws IllegalStateException with checks on, off the engine thread.
     */
    public SpSocket socket(final long socketId) {
        checkOwner("socket(long)");
        return sockets.get(socketId);
    }

    /**
     * A peer of any open socket.
     *
     * @param peerId its id.
     * @return the peer, or null if none has that id.
     * @throws IllegalStateException with checks on, off the engine thread.
     */
    public Peer peer(final long peerId) {
        checkOwner("peer(long)");
        return peers.get(peerId);
    }

    /**
     * The engine's connection registry.
     *
     * @return the registry.
     * @throws IllegalStateException with checks on, off the engine thread.
     */
    public ConnRegistry connections() {
        checkOwner("connections()");
        return connections;
    }

    /**
     * Counts a message sent to a peer (its sent counters and last-seen time).
     *
     * @param peerId the peer.
     * @param bytes  the message's length.
     * @return false when no peer has that id (nothing is counted).
     * @throws IllegalStateException with checks on, off the engine thread.
     */
    public boolean recordSent(final long peerId, final int bytes) {
        checkOwner("recordSent(long, int)");
        final Peer peer = peers.get(peerId);
        if (peer == null) {
            return false;
        }
        peer.onSent(bytes, clock());
        return true;
    }

    /**
     * The engine's clock, read at most once per batch: at the first use in the batch (a batch that
     * touches no peer and applies no control event never reads it).
     *
     * @return {@link System#nanoTime()} as first read in the current batch.
     * @throws IllegalStateException with checks on, off the engine thread.
     */
    public long nowNanos() {
        checkOwner("nowNanos()");
        return clock();
    }

    // ------------------------------------------------------------------ any thread

    /**
     * The membership as of the end of the last batch that changed it.
     *
     * @return the current snapshot; never null; always empty when the ring was built with
     *         {@link Engine.Builder#registrySnapshots(boolean) registrySnapshots(false)}.
     */
    public RegistrySnapshot snapshot() {
        return snapshot;
    }

    /**
     * Fills a snapshot of the registry figures.
     *
     * @param into the caller's object.
     * @return {@code into}.
     */
    public RegistryStats stats(final RegistryStats into) {
        into.sockets = published.get(SOCKETS);
        into.peers = published.get(PEERS);
        into.connections = published.get(CONNECTIONS);
        into.controlEvents = published.get(CONTROL_EVENTS);
        into.controlErrors = published.get(CONTROL_ERRORS);
        into.unknownPeerMessages = published.get(UNKNOWN_PEER);
        into.rehashes = published.get(REHASHES);
        into.snapshots = published.get(SNAPSHOTS);
        return into;
    }

    // ------------------------------------------------------------------ the engine

    void bindOwner(final Thread thread) {
        owner = thread;
        connections.bindOwner(thread);
        for (final SpSocket s : sockets.values()) {
            s.peers().bindOwner(thread);
        }
    }

    void onBatchStart() {
        clockRead = false;
    }

    /** The batch clock: {@link System#nanoTime()} read at its first use in the batch. */
    private long clock() {
        if (!clockRead) {
            nowNanos = System.nanoTime();
            clockRead = true;
        }
        return nowNanos;
    }

    /** Counts a data message against its peer; called inside the message's read scope. */
    void onData(final Message message) {
        if (peers.isEmpty()) {
            return;    // a ring without peers: do not touch the message (its line stays with the producer)
        }
        final long peerId = message.peerId();
        if (peerId == 0) {
            return;
        }
        final Peer peer = peers.get(peerId);
        if (peer == null) {
            published.counter(UNKNOWN_PEER).setRelease(++unknownPeerMessages);
            return;
        }
        peer.onReceived(message.length(), clock());
    }

    /**
     * Applies one control event. Every check runs before anything changes, so a refused event
     * (an exception) leaves the registries as they were.
     */
    void apply(final ControlSlot c) {
        final long rehashesBefore = rehashCount(c.socket);
        switch (c.type) {
            case ControlSlot.SOCKET_OPENED:
                if (sockets.containsKey(c.socket.id())) {
                    throw new IllegalArgumentException("socket " + c.socket.id() + " is already open in ring '"
                        + ringName + "'");
                }
                c.socket.peers().bindOwner(owner).counters(peerCounters,
                    "socket " + c.socket.id() + " '" + c.socket.name() + "' in " + ringName);
                putSocket(c.socket);
                break;
            case ControlSlot.PEER_CONNECTING: {
                requireOpen(c.socket, c);
                if (peers.containsKey(c.peerId)) {
                    throw new IllegalArgumentException("peer " + c.peerId + " is already registered in ring '"
                        + ringName + "'");
                }
                final Peer peer = c.socket.peers().add(c.peerId, c.addr, clock());
                putPeer(peer);
                break;
            }
            case ControlSlot.PEER_CONNECTED:
                knownPeer(c).moveTo(PeerState.CONNECTED);
                break;
            case ControlSlot.PEER_DISCONNECTED: {
                final Peer peer = knownPeer(c);
                if (peer.state() != PeerState.DISCONNECTING) {
                    peer.moveTo(PeerState.DISCONNECTING);
                }
                peer.moveTo(PeerState.DISCONNECTED);
                peers.remove(c.peerId);
                c.socket.peers().remove(c.peerId);
                break;
            }
            case ControlSlot.CONNECTION_OPENED:
                requireOpen(c.socket, c);
                connections.register(c.connId, c.socket, c.peerId, c.connection, c.outboundCapacity, clock());
                break;
            case ControlSlot.CONNECTION_CLOSED:
                if (!connections.close(c.connId)) {
                    throw new IllegalArgumentException("connection " + c.connId + " is not registered in ring '"
                        + ringName + "'");
                }
                break;
            case ControlSlot.SOCKET_CLOSED:
                requireOpen(c.socket, c);
                closeSocket(c.socket);
                break;
            default:
                throw new IllegalStateException("unknown control event " + c.type);
        }
        rehashes += rehashCount(c.socket) - rehashesBefore;
        changed = true;
        published.counter(CONTROL_EVENTS).setRelease(++controlEvents);
        publishCounts();
    }

    void onControlError() {
        published.counter(CONTROL_ERRORS).setRelease(++controlErrors);
    }

    void onEndOfBatch() {
        if (changed) {
            changed = false;
            if (snapshots) {
                publishSnapshot();
            }
        }
    }

    /**
     * Keeps the figures and frees their records in the counters file, the peers' sets included (every
     * peer is gone by then): the engine has stopped.
     */
    void freeCounters() {
        try {
            peerCounters.close();
        } finally {
            published.free();
        }
    }

    /** Closes every socket: its connections, then its peers. Nothing is reachable afterwards. */
    void releaseAll() {
        clockRead = false;   // outside any batch: read the clock afresh
        final SpSocket[] open = sockets.values().toArray(new SpSocket[0]);
        for (final SpSocket s : open) {
            closeSocket(s);
        }
        connections.closeAll();
        publishCounts();
        if (snapshots) {
            publishSnapshot();
        }
    }

    private void closeSocket(final SpSocket socket) {
        socket.peers().forEach(REMOVE_FROM_INDEX, peers);
        connections.closeSocket(socket, clock());
        sockets.remove(socket.id());
    }

    private static final PeerVisitor<Long2ObjectHashMap<Peer>> REMOVE_FROM_INDEX = (peer, index) -> index.remove(peer.id());

    private void requireOpen(final SpSocket socket, final ControlSlot c) {
        if (sockets.get(socket.id()) != socket) {
            throw new IllegalArgumentException(ControlSlot.name(c.type) + ": socket " + socket.id() + " ('"
                + socket.name() + "') is not open in ring '" + ringName + "'");
        }
    }

    private Peer knownPeer(final ControlSlot c) {
        requireOpen(c.socket, c);
        final Peer peer = c.socket.peers().get(c.peerId);
        if (peer == null) {
            throw new IllegalArgumentException(ControlSlot.name(c.type) + ": peer " + c.peerId
                + " is not registered with socket " + c.socket.id() + " in ring '" + ringName + "'");
        }
        return peer;
    }

    private void putSocket(final SpSocket socket) {
        final int capacity = sockets.capacity();
        sockets.put(socket.id(), socket);
        if (sockets.capacity() != capacity) {
            rehashes++;
        }
    }

    private void putPeer(final Peer peer) {
        final int capacity = peers.capacity();
        peers.put(peer.id(), peer);
        if (peers.capacity() != capacity) {
            rehashes++;
        }
    }

    private long rehashCount(final SpSocket socket) {
        return connections.rehashes() + (socket != null ? socket.peers().rehashes() : 0);
    }

    private void publishCounts() {
        published.counter(SOCKETS).setRelease(sockets.size());
        published.counter(PEERS).setRelease(peers.size());
        published.counter(CONNECTIONS).setRelease(connections.count());
        published.counter(REHASHES).setRelease(rehashes);
    }

    private void publishSnapshot() {
        final int n = sockets.size();
        final long[] ids = new long[n];
        final String[] names = new String[n];
        final int[] protocols = new int[n];
        final PeerSnapshot[] peerSnapshots = new PeerSnapshot[n];
        final Long2ObjectHashMap<Peer> byId = new Long2ObjectHashMap<>(mapCapacity(Math.max(1, peers.size())), LOAD_FACTOR);
        int i = 0;
        for (final SpSocket s : sockets.values()) {
            ids[i] = s.id();
            names[i] = s.name();
            protocols[i] = s.protocolId();
            peerSnapshots[i] = s.peers().snapshot();
            s.peers().forEach(COPY_PEER, byId);
            i++;
        }
        final ConnArrays conns = new ConnArrays(connections.count());
        connections.forEach(COLLECT, conns);
        snapshot = new RegistrySnapshot(++snapshotVersion, ids, names, protocols, peerSnapshots, byId,
            conns.ids, conns.socketIds, conns.peerIds);
        published.counter(SNAPSHOTS).setRelease(snapshotVersion);
    }

    private static final PeerVisitor<Long2ObjectHashMap<Peer>> COPY_PEER = (peer, into) -> into.put(peer.id(), peer);

    private static final ConnVisitor<ConnArrays> COLLECT = (entry, into) -> into.add(entry);

    private static final class ConnArrays {
        final long[] ids;
        final long[] socketIds;
        final long[] peerIds;
        int size;

        ConnArrays(final int n) {
            ids = new long[n];
            socketIds = new long[n];
            peerIds = new long[n];
        }

        void add(final ConnEntry e) {
            ids[size] = e.id();
            socketIds[size] = e.socket().id();
            peerIds[size] = e.peerId();
            size++;
        }
    }

    private void checkOwner(final String operation) {
        if (Checks.ENABLED && owner != null && owner != Thread.currentThread()) {
            throw new IllegalStateException(operation + " on the registries of ring '" + ringName + "' by thread '"
                + Thread.currentThread().getName() + "': only the engine thread '" + owner.getName()
                + "' may use them; other threads read snapshot() and Peer.readCounters");
        }
    }
}
