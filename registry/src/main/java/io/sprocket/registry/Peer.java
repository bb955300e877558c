package io.sprocket.registry;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

import io.sprocket.message.Addr;
import io.sprocket.message.Checks;

/**
 * One remote SP endpoint of a socket: its id, address, {@link PeerState state}, a slot for the
 * protocol engine's per-peer state, and traffic counters.
 *
 * <p>Peers are made and recycled by their {@link PeerRegistry}: {@link PeerRegistry#add add} takes
 * one from the registry's pool, {@link PeerRegistry#remove remove} resets it (id 0, state
 * {@link PeerState#DISCONNECTED DISCONNECTED}, counters 0, no protocol state) and puts it back. The
 * same object may therefore stand for another id later: keep peer ids, not {@code Peer} references,
 * beyond the registry's owner thread and beyond a removal.
 *
 * <p><b>Publication.</b> Only the owner thread writes. The id, the state, the counters and the
 * timestamps are written with release stores ({@link VarHandle#setRelease}: no fence on x86, no
 * atomic read-modify-write, no lock) and read with acquire loads, so {@link #id()}, {@link #state()},
 * the counter accessors and {@link #readCounters(long, PeerCounters)} work from any thread. Each
 * figure is read atomically; the set is consistent only through {@code readCounters}, which also
 * tells whether the object still stands for the id the caller asked about.
 *
 * <p>With {@link Checks#ENABLED checks} on, every mutator throws {@link IllegalStateException} when it
 * is called on a thread other than the registry's bound owner, or on a peer that was removed.
 *
 * <p><b>Note:</b> {@link #moveTo(PeerState)}, {@link #onReceived(int, long)},
 * {@link #onSent(int, long)}, {@link #protocolState(Object)}, {@link #protocolState()} and
 * {@link #addr()} are for the registry's owner thread; {@link #id()}, {@link #state()}, the counters
 * and {@link #readCounters(long, PeerCounters)} may be called from any thread. Nothing allocates,
 * except the exceptions on misuse.
 */
public final class Peer {
    private static final VarHandle ID;
    private static final VarHandle INCARNATION;
    private static final VarHandle STATE;
    private static final VarHandle MESSAGES_RECEIVED;
    private static final VarHandle BYTES_RECEIVED;
    private static final VarHandle MESSAGES_SENT;
    private static final VarHandle BYTES_SENT;
    private static final VarHandle CONNECTED_AT_NANOS;
    private static final VarHandle LAST_SEEN_NANOS;

    static {
        try {
            final MethodHandles.Lookup lookup = MethodHandles.lookup();
            ID = lookup.findVarHandle(Peer.class, "id", long.class);
            INCARNATION = lookup.findVarHandle(Peer.class, "incarnation", long.class);
            STATE = lookup.findVarHandle(Peer.class, "state", PeerState.class);
            MESSAGES_RECEIVED = lookup.findVarHandle(Peer.class, "messagesReceived", long.class);
            BYTES_RECEIVED = lookup.findVarHandle(Peer.class, "bytesReceived", long.class);
            MESSAGES_SENT = lookup.findVarHandle(Peer.class, "messagesSent", long.class);
            BYTES_SENT = lookup.findVarHandle(Peer.class, "bytesSent", long.class);
            CONNECTED_AT_NANOS = lookup.findVarHandle(Peer.class, "connectedAtNanos", long.class);
            LAST_SEEN_NANOS = lookup.findVarHandle(Peer.class, "lastSeenNanos", long.class);
        } catch (final ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final PeerRegistry registry;
    private final SingleWriter writer;

    // Written by the owner thread with release stores, read by any thread with acquire loads.
    private long id;
    /** Grows at every reset, so a reader notices a recycle even when the same id comes back. */
    private long incarnation;
    private PeerState state = PeerState.DISCONNECTED;
    private long messagesReceived;
    private long bytesReceived;
    private long messagesSent;
    private long bytesSent;
    private long connectedAtNanos;
    private long lastSeenNanos;

    // Owner thread only.
    private Addr addr;
    private Object protocolState;
    /** Position in the registry's dense array; -1 while pooled. */
    int denseIndex = -1;

    Peer(final PeerRegistry registry, final SingleWriter writer) {
        this.registry = registry;
        this.writer = writer;
    }

    // ------------------------------------------------------------------ identity and state

    /**
     * The peer's id.
     *
     * @return the id, greater than 0; 0 while the object sits in its registry's pool.
     */
    public long id() {
        return (long)ID.getAcquire(this);
    }

    /**
     * The transport address the peer was added with.
     *
     * @return the address, or null when it was added without one.
     */
    public Addr addr() {
        return addr;
    }

    /**
     * The peer's state. From a thread other than the owner it may be a moment old.
     *
     * @return the state; {@link PeerState#DISCONNECTED} while pooled.
     */
    public PeerState state() {
        return (PeerState)STATE.getAcquire(this);
    }

    /**
     * Moves the peer to another state.
     *
     * @param next a state {@link PeerState#canMoveTo(PeerState) reachable} from the current one.
     * @throws IllegalArgumentException when {@code next} is null.
     * @throws IllegalStateException    naming the peer id, the current and the requested state when
     *                                  the transition is illegal; with checks on, also on a thread
     *                                  other than the registry's owner or on a removed peer.
     */
    public void moveTo(final PeerState next) {
        checkMutator("moveTo(PeerState)");
        if (next == null) {
            throw new IllegalArgumentException("peer " + id + " in registry '" + registry.name()
                + "': next state is null");
        }
        final PeerState current = state;
        if (!current.canMoveTo(next)) {
            throw new IllegalStateException("peer " + id + " in registry '" + registry.name()
                + "' cannot move from " + current + " to " + next);
        }
        STATE.setRelease(this, next);
    }

    /**
     * The protocol engine's per-peer state.
     *
     * @return what was last set, or null; a registry clears it when the peer is removed.
     */
    public Object protocolState() {
        return protocolState;
    }

    /**
     * Sets the protocol engine's per-peer state (a REQ socket's pending request, a SUB socket's
     * subscriptions...). The registry drops the reference when the peer is removed.
     *
     * @param value anything, or null.
     * @return this peer.
     * @throws IllegalStateException with checks on, on a thread other than the registry's owner or
     *                               on a removed peer.
     */
    public Peer protocolState(final Object value) {
        checkMutator("protocolState(Object)");
        this.protocolState = value;
        return this;
    }

    // ------------------------------------------------------------------ counters

    /**
     * Counts one message received from this peer.
     *
     * @param bytes    its length, 0 or more.
     * @param nowNanos the time it arrived, on the caller's clock (it becomes {@link #lastSeenNanos()}).
     * @throws IllegalArgumentException with checks on, when {@code bytes} is negative.
     * @throws IllegalStateException    with checks on, on a thread other than the registry's owner or
     *                                  on a removed peer.
     */
    public void onReceived(final int bytes, final long nowNanos) {
        checkMutator("onReceived(int, long)");
        checkBytes(bytes);
        MESSAGES_RECEIVED.setRelease(this, messagesReceived + 1);
        BYTES_RECEIVED.setRelease(this, bytesReceived + bytes);
        LAST_SEEN_NANOS.setRelease(this, nowNanos);
    }

    /**
     * Counts one message sent to this peer.
     *
     * @param bytes    its length, 0 or more.
     * @param nowNanos the time it left, on the caller's clock (it becomes {@link #lastSeenNanos()}).
     * @throws IllegalArgumentException with checks on, when {@code bytes} is negative.
     * @throws IllegalStateException    with checks on, on a thread other than the registry's owner or
     *                                  on a removed peer.
     */
    public void onSent(final int bytes, final long nowNanos) {
        checkMutator("onSent(int, long)");
        checkBytes(bytes);
        MESSAGES_SENT.setRelease(this, messagesSent + 1);
        BYTES_SENT.setRelease(this, bytesSent + bytes);
        LAST_SEEN_NANOS.setRelease(this, nowNanos);
    }

    /**
     * Messages received from this peer.
     *
     * @return a count since the peer was added.
     */
    public long messagesReceived() {
        return (long)MESSAGES_RECEIVED.getAcquire(this);
    }

    /**
     * Payload bytes received from this peer.
     *
     * @return bytes since the peer was added.
     */
    public long bytesReceived() {
        return (long)BYTES_RECEIVED.getAcquire(this);
    }

    /**
     * Messages sent to this peer.
     *
     * @return a count since the peer was added.
     */
    public long messagesSent() {
        return (long)MESSAGES_SENT.getAcquire(this);
    }

    /**
     * Payload bytes sent to this peer.
     *
     * @return bytes since the peer was added.
     */
    public long bytesSent() {
        return (long)BYTES_SENT.getAcquire(this);
    }

    /**
     * When the peer was added to its registry (its transport connection came up).
     *
     * @return nanoseconds on the clock of the caller of {@link PeerRegistry#add(long, Addr, long)}.
     */
    public long connectedAtNanos() {
        return (long)CONNECTED_AT_NANOS.getAcquire(this);
    }

    /**
     * When the peer last sent or received a message (or was added, or disconnected by
     * {@link PeerRegistry#disconnectAll(long)}).
     *
     * @return nanoseconds on the engine's clock.
     */
    public long lastSeenNanos() {
        return (long)LAST_SEEN_NANOS.getAcquire(this);
    }

    /**
     * Copies the peer's id, state, counters and timestamps into {@code into}, if this object still
     * stands for {@code expectedId} from the start to the end of the copy.
     *
     * <p>The id and an incarnation number are read before and after the figures, all with acquire
     * loads; a removal in between (even one followed by a new add with the same id) makes this
     * return false and leaves {@code into} untouched. The figures are those of one registration,
     * but the owner may update them while they are read: {@code messagesReceived} is read before
     * {@code bytesReceived} (and sent likewise), so bytes may already include a message the count
     * does not, never the other way round.
     *
     * @param expectedId the id the caller believes this peer has.
     * @param into       the caller's snapshot object, filled only on success.
     * @return true when filled; false when this object does not stand for {@code expectedId}.
     * @throws IllegalArgumentException when {@code into} is null.
     */
    public boolean readCounters(final long expectedId, final PeerCounters into) {
        if (into == null) {
            throw new IllegalArgumentException("readCounters into a null PeerCounters");
        }
        final long incarnationBefore = (long)INCARNATION.getAcquire(this);
        if (expectedId <= 0 || (long)ID.getAcquire(this) != expectedId) {
            return false;
        }
        final PeerState s = (PeerState)STATE.getAcquire(this);
        final long inMessages = (long)MESSAGES_RECEIVED.getAcquire(this);
        final long inBytes = (long)BYTES_RECEIVED.getAcquire(this);
        final long outMessages = (long)MESSAGES_SENT.getAcquire(this);
        final long outBytes = (long)BYTES_SENT.getAcquire(this);
        final long connectedAt = (long)CONNECTED_AT_NANOS.getAcquire(this);
        final long lastSeen = (long)LAST_SEEN_NANOS.getAcquire(this);
        if ((long)ID.getAcquire(this) != expectedId || (long)INCARNATION.getAcquire(this) != incarnationBefore) {
            return false;
        }
        into.id = expectedId;
        into.state = s;
        into.messagesReceived = inMessages;
        into.bytesReceived = inBytes;
        into.messagesSent = outMessages;
        into.bytesSent = outBytes;
        into.connectedAtNanos = connectedAt;
        into.lastSeenNanos = lastSeen;
        return true;
    }

    // ------------------------------------------------------------------ registry side

    /** Takes the peer out of the pool for {@code newId}; the id is published last. */
    void assign(final long newId, final Addr newAddr, final long nowNanos, final int index) {
        this.addr = newAddr;
        this.protocolState = null;
        this.denseIndex = index;
        CONNECTED_AT_NANOS.setRelease(this, nowNanos);
        LAST_SEEN_NANOS.setRelease(this, nowNanos);
        STATE.setRelease(this, PeerState.CONNECTING);
        ID.setRelease(this, newId);
    }

    /** Moves the peer through DISCONNECTING to DISCONNECTED, whatever its state, at {@code nowNanos}. */
    void disconnect(final long nowNanos) {
        final PeerState current = state;
        if (current != PeerState.DISCONNECTED) {
            if (current.canMoveTo(PeerState.DISCONNECTING)) {
                STATE.setRelease(this, PeerState.DISCONNECTING);
            }
            STATE.setRelease(this, PeerState.DISCONNECTED);
        }
        LAST_SEEN_NANOS.setRelease(this, nowNanos);
    }

    /** Back to the pool: the incarnation moves first, then the id goes, then everything else. */
    void reset() {
        INCARNATION.setRelease(this, incarnation + 1);
        ID.setRelease(this, 0L);
        STATE.setRelease(this, PeerState.DISCONNECTED);
        MESSAGES_RECEIVED.setRelease(this, 0L);
        BYTES_RECEIVED.setRelease(this, 0L);
        MESSAGES_SENT.setRelease(this, 0L);
        BYTES_SENT.setRelease(this, 0L);
        CONNECTED_AT_NANOS.setRelease(this, 0L);
        LAST_SEEN_NANOS.setRelease(this, 0L);
        this.addr = null;
        this.protocolState = null;
        this.denseIndex = -1;
    }

    /** The id as the owner thread sees it, without a fence. */
    long plainId() {
        return id;
    }

    private void checkMutator(final String operation) {
        if (Checks.ENABLED) {
            writer.checkThread(operation);
            if (id == 0) {
                throw new IllegalStateException(operation + " on a removed peer of registry '" + registry.name()
                    + "': a Peer is recycled on removal, keep its id instead of the object");
            }
        }
    }

    private void checkBytes(final int bytes) {
        if (Checks.ENABLED && bytes < 0) {
            throw new IllegalArgumentException("peer " + id + " in registry '" + registry.name()
                + "': byte count " + bytes + " must be 0 or more");
        }
    }

    @Override
    public String toString() {
        return "Peer{id=" + id() + ", addr=" + addr + ", state=" + state() + ", registry='" + registry.name() + "'}";
    }
}
