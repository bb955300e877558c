package io.sprocket.registry;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

import io.sprocket.counters.CounterRecords;
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
 * <p><b>Where the counters live.</b> The four traffic counts are {@link CounterRecords}: while the
 * peer is registered with a registry that has a pool ({@link PeerRegistry#counters}), records of
 * the counters file, labelled with the peer ({@link PeerCounterRecords}), where {@code sprocket-perf
 * stat} reads them from another process; otherwise (and when the file is full) memory of the peer's
 * own. The timestamps stay here: they are times on the engine's clock, not counts.
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
    private static final VarHandle RECORDS;
    private static final VarHandle CONNECTED_AT_NANOS;
    private static final VarHandle LAST_SEEN_NANOS;

    static {
        try {
            final MethodHandles.Lookup lookup = MethodHandles.lookup();
            ID = lookup.findVarHandle(Peer.class, "id", long.class);
            INCARNATION = lookup.findVarHandle(Peer.class, "incarnation", long.class);
            STATE = lookup.findVarHandle(Peer.class, "state", PeerState.class);
            RECORDS = lookup.findVarHandle(Peer.class, "records", CounterRecords.class);
            CONNECTED_AT_NANOS = lookup.findVarHandle(Peer.class, "connectedAtNanos", long.class);
            LAST_SEEN_NANOS = lookup.findVarHandle(Peer.class, "lastSeenNanos", long.class);
        } catch (final ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final PeerRegistry registry;
    private final SingleWriter writer;
    /** The counters while the peer has no records of the file: all 0 whenever another set is in use. */
    private final CounterRecords own = PeerCounterRecords.onHeap();

    // Written by the owner thread with release stores, read by any thread with acquire loads.
    private long id;
    /** Grows at every reset, so a reader notices a recycle even when the same id comes back. */
    private long incarnation;
    private PeerState state = PeerState.DISCONNECTED;
    /** Where the counts live: {@link #own}, or a set lent by the registry's pool. */
    private CounterRecords records = own;
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
        final CounterRecords r = records;
        r.add(PeerCounterRecords.MESSAGES_RECEIVED, 1);
        r.add(PeerCounterRecords.BYTES_RECEIVED, bytes);
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
        final CounterRecords r = records;
        r.add(PeerCounterRecords.MESSAGES_SENT, 1);
        r.add(PeerCounterRecords.BYTES_SENT, bytes);
        LAST_SEEN_NANOS.setRelease(this, nowNanos);
    }

    /**
     * Messages received from this peer.
     *
     * @return a count since the peer was added.
     */
    public long messagesReceived() {
        return counters().get(PeerCounterRecords.MESSAGES_RECEIVED);
    }

    /**
     * Payload bytes received from this peer.
     *
     * @return bytes since the peer was added.
     */
    public long bytesReceived() {
        return counters().get(PeerCounterRecords.BYTES_RECEIVED);
    }

    /**
     * Messages sent to this peer.
     *
     * @return a count since the peer was added.
     */
    public long messagesSent() {
        return counters().get(PeerCounterRecords.MESSAGES_SENT);
    }

    /**
     * Payload bytes sent to this peer.
     *
     * @return bytes since the peer was added.
     */
    public long bytesSent() {
        return counters().get(PeerCounterRecords.BYTES_SENT);
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
        final CounterRecords r = counters();
        final long inMessages = r.get(PeerCounterRecords.MESSAGES_RECEIVED);
        final long inBytes = r.get(PeerCounterRecords.BYTES_RECEIVED);
        final long outMessages = r.get(PeerCounterRecords.MESSAGES_SENT);
        final long outBytes = r.get(PeerCounterRecords.BYTES_SENT);
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

    /**
     * Where the peer's counts live now: any thread. The set may pass to another peer once this one is
     * removed; {@link #readCounters} notices that by the incarnation.
     */
    CounterRecords counters() {
        return (CounterRecords)RECORDS.getAcquire(this);
    }

    /**
     * Takes the peer out of the pool for {@code newId}, counting in {@code lent} (zeroed by its pool)
     * or, when null, in its own records; the id is published last.
     */
    void assign(final long newId, final Addr newAddr, final long nowNanos, final int index, final CounterRecords lent) {
        RECORDS.setRelease(this, lent != null ? lent : own);
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

    /**
     * Back to the pool: the incarnation moves first, then the id goes, then everything else.
     *
     * @return the records lent to the peer, for the caller to give back to their pool; null when it
     *         counted in its own (now zeroed).
     */
    CounterRecords reset() {
        INCARNATION.setRelease(this, incarnation + 1);
        ID.setRelease(this, 0L);
        STATE.setRelease(this, PeerState.DISCONNECTED);
        final CounterRecords used = records;
        if (used == own) {
            for (int i = 0; i < PeerCounterRecords.COUNTERS; i++) {
                own.set(i, 0L);
            }
        } else {
            RECORDS.setRelease(this, own);
        }
        CONNECTED_AT_NANOS.setRelease(this, 0L);
        LAST_SEEN_NANOS.setRelease(this, 0L);
        this.addr = null;
        this.protocolState = null;
        this.denseIndex = -1;
        return used != own ? used : null;
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
