package io.sprocket.registry;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;

import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.collections.Object2LongHashMap;

import io.sprocket.counters.CounterRecords;
import io.sprocket.counters.CounterRecordsPool;
import io.sprocket.message.Addr;
import io.sprocket.message.Checks;

/**
 * The peers of one SP socket, indexed by id and by address, written by one thread.
 *
 * <ul>
 *   <li>By id: an Agrona {@link Long2ObjectHashMap} (primitive keys, no boxing).</li>
 *   <li>By address: an Agrona {@link Object2LongHashMap} from {@link Addr} to id ({@code Addr} caches
 *       its hash). A peer added without an address is only in the id index.</li>
 *   <li>Iteration: a dense {@code Peer[]} (removal swaps the last peer into the hole, each peer knows
 *       its slot), walked by index with {@link #peerAt(int)} or {@link #forEach(PeerVisitor, Object)}.
 *       Both are re-entrant and allocate nothing; Agrona's cached iterators are never handed out.</li>
 *   <li>A pool of free {@link Peer} objects: {@link #add add} takes one, {@link #remove remove} resets
 *       it and puts it back. The maps, the dense array and the pool are presized for
 *       {@code initialCapacity} peers, so below that size adding and removing allocate nothing.
 *       Growth beyond it is counted ({@link PeerRegistryStats#rehashes()},
 *       {@link PeerRegistryStats#poolMisses()}).</li>
 *   <li>Counters: given a pool ({@link #counters(CounterRecordsPool, String)}), each peer added
 *       borrows a labelled set of the counters file ({@link PeerCounterRecords}) and gives it back
 *       when removed; without one, peers count in memory of their own.</li>
 * </ul>
 *
 * <p><b>Single writer.</b> The maps are not thread-safe, so one thread, the owner (the ring's engine
 * thread), does everything but {@link #stats(PeerRegistryStats)}. {@link #bindOwner(Thread)} names
 * it; with {@link Checks#ENABLED checks} on, every method here and every mutator of its peers then
 * throws {@link IllegalStateException} on any other thread, naming both. An unbound registry checks
 * nothing: any one thread at a time may use it, with a happens-before edge between successive
 * users. Other threads read through {@link #snapshot()} (taken by the owner and published),
 * {@link Peer#readCounters(long, PeerCounters)} and {@link #stats(PeerRegistryStats)}.
 *
 * <p><b>Visiting.</b> A visitor may read the registry, nest another {@code forEach}, move peers between
 * states and count traffic, but not add or remove peers: with checks on that throws
 * {@link IllegalStateException} (a depth counter tracks open visits). With checks off such a change is
 * not detected; a swap-remove during a visit may then skip a peer.
 *
 * <p><b>Note:</b> owner thread only, except {@link #stats(PeerRegistryStats)}, {@link #rehashes()},
 * {@link #bindOwner(Thread)}, {@link #owner()}, {@link #name()} and {@link #initialCapacity()}, which
 * any thread may call. Construction allocates the presized storage and {@code initialCapacity}
 * peers; {@link #snapshot()} allocates the copy; {@link #add add} beyond the presized capacity
 * allocates (and counts it), as does a pool of counters while it grows;
 * {@link #counters(CounterRecordsPool, String)} allocates. Everything else allocates nothing, except
 * the exceptions on misuse.
 */
public final class PeerRegistry {
    /** The presized capacity a peer registry gets when no other is set (as by the engine's builder): 16. */
    public static final int DEFAULT_INITIAL_CAPACITY = 16;
    /** Largest presized capacity of a peer registry: 2^24. */
    public static final int MAX_INITIAL_CAPACITY = RegistrySupport.MAX_INITIAL_CAPACITY;

    private static final String KIND = "PeerRegistry";
    /** The reverse index's missing value; peer ids are greater than 0 (as {@link io.sprocket.message.Message#peerId()}). */
    private static final long NO_PEER = 0;

    private static final VarHandle COUNT;
    private static final VarHandle ADDS;
    private static final VarHandle REMOVES;
    private static final VarHandle REHASHES;

    static {
        try {
            final MethodHandles.Lookup lookup = MethodHandles.lookup();
            COUNT = lookup.findVarHandle(PeerRegistry.class, "count", int.class);
            ADDS = lookup.findVarHandle(PeerRegistry.class, "adds", long.class);
            REMOVES = lookup.findVarHandle(PeerRegistry.class, "removes", long.class);
            REHASHES = lookup.findVarHandle(PeerRegistry.class, "rehashes", long.class);
        } catch (final ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final String name;
    private final int initialCapacity;
    private final Long2ObjectHashMap<Peer> byId;
    private final Object2LongHashMap<Addr> idByAddr;
    private Peer[] dense;
    private final PeerPool pool;
    /** Owner, visit depth and their checks; shared with this registry's peers. */
    private final SingleWriter writer;
    /** Where added peers borrow their counters; null: in their own memory. */
    private PeerCounterRecords counterSource;

    // Written by the owner with release stores; stats() reads them from any thread.
    private int count;
    private long adds;
    private long removes;
    private long rehashes;

    /**
     * Creates a registry presized for {@code initialCapacity} peers: both maps, the dense array and a
     * pool of that many {@link Peer} objects.
     *
     * @param name            a name for statistics and error messages, not empty.
     * @param initialCapacity 1 to {@value #MAX_INITIAL_CAPACITY}; {@value #DEFAULT_INITIAL_CAPACITY} is the
     *                        engine's default.
     * @throws IllegalArgumentException when the name is null or empty or the capacity out of range.
     */
    public PeerRegistry(final String name, final int initialCapacity) {
        this.name = RegistrySupport.checkName(KIND, name);
        this.initialCapacity = RegistrySupport.checkCapacity(KIND, name, initialCapacity);
        this.writer = new SingleWriter(KIND, name);
        final int mapCapacity = RegistrySupport.mapCapacityFor(initialCapacity);
        this.byId = new Long2ObjectHashMap<>(mapCapacity, RegistrySupport.LOAD_FACTOR, true);
        this.idByAddr = new Object2LongHashMap<>(mapCapacity, RegistrySupport.LOAD_FACTOR, NO_PEER, true);
        this.dense = new Peer[initialCapacity];
        this.pool = new PeerPool(this, writer, initialCapacity);
    }

    /**
     * The registry's name.
     *
     * @return the name given at construction.
     */
    public String name() {
        return name;
    }

    /**
     * The capacity the registry was presized for.
     *
     * @return entries.
     */
    public int initialCapacity() {
        return initialCapacity;
    }

    /**
     * Pins the thread allowed to use this registry and its peers. Call it before the owner starts
     * (or on the owner itself); it may be called again to hand the registry over.
     *
     * @param thread the owner, or null to check nothing.
     * @return this registry.
     */
    public PeerRegistry bindOwner(final Thread thread) {
        writer.bind(thread);
        return this;
    }

    /**
     * The bound owner.
     *
     * @return the thread given to {@link #bindOwner(Thread)}, or null when unbound.
     */
    public Thread owner() {
        return writer.owner();
    }

    /**
     * Where the peers added from now on keep their counters: a set borrowed from {@code pool} for
     * each, labelled {@code peer <id> of <where> (<address>): ...}, given back when the peer is
     * removed. Peers already registered keep theirs.
     *
     * @param pool  a pool of {@link PeerCounterRecords#newPool peer sets}, or null for none.
     * @param where what the peers belong to, for the label: for example {@code socket 3 'pull' in orders}.
     * @return this registry.
     * @throws IllegalArgumentException when {@code pool} is not null and {@code where} is null, or the
     *                                  pool's sets are not a peer's.
     * @throws IllegalStateException    with checks on, on a thread other than the owner.
     */
    public PeerRegistry counters(final CounterRecordsPool pool, final String where) {
        writer.checkThread("counters(CounterRecordsPool, String)");
        counterSource = pool != null ? new PeerCounterRecords(KIND + " '" + name + "'", pool, where) : null;
        return this;
    }

    // ------------------------------------------------------------------ membership

    /**
     * Registers a peer in state {@link PeerState#CONNECTING}.
     *
     * @param id       the peer id, greater than 0 and not registered here.
     * @param addr     its transport address, not registered here; null for none.
     * @param nowNanos the current time, which becomes its {@link Peer#connectedAtNanos()} and
     *                 {@link Peer#lastSeenNanos()}.
     * @return the peer, valid until it is removed.
     * @throws IllegalArgumentException when the id is not positive, or the id or the address is
     *                                  already registered (naming the peer that holds it).
     * @throws IllegalStateException    with checks on, on a thread other than the owner or from a visitor.
     */
    public Peer add(final long id, final Addr addr, final long nowNanos) {
        writer.checkMembershipChange("add(long, Addr, long)");
        if (id <= 0) {
            throw new IllegalArgumentException(KIND + " '" + name + "': peer id must be greater than 0, got " + id);
        }
        final Peer existing = byId.get(id);
        if (existing != null) {
            throw new IllegalArgumentException(KIND + " '" + name + "': peer id " + id
                + " is already registered (addr " + existing.addr() + ", state " + existing.state() + ")");
        }
        if (addr != null) {
            final long holder = idByAddr.getValue(addr);
            if (holder != NO_PEER) {
                throw new IllegalArgumentException(KIND + " '" + name + "': address " + addr
                    + " is already registered to peer id " + holder + "; cannot add peer id " + id);
            }
        }

        final Peer peer = pool.take();
        if (count == dense.length) {
            dense = Arrays.copyOf(dense, RegistrySupport.growth(dense.length));
            countRehash();
        }
        peer.assign(id, addr, nowNanos, count, counterSource != null ? counterSource.lend(id, addr) : null);
        dense[count] = peer;

        int capacityBefore = byId.capacity();
        byId.put(id, peer);
        if (byId.capacity() != capacityBefore) {
            countRehash();
        }
        if (addr != null) {
            capacityBefore = idByAddr.capacity();
            idByAddr.put(addr, id);
            if (idByAddr.capacity() != capacityBefore) {
                countRehash();
            }
        }
        COUNT.setRelease(this, count + 1);
        ADDS.setRelease(this, adds + 1);
        return peer;
    }

    /**
     * Removes a peer from both indexes and recycles its object: it is reset (state
     * {@link PeerState#DISCONNECTED}, id 0, counters 0, protocol state dropped) and may be handed out
     * again by a later {@link #add add}, so the caller must not keep it.
     *
     * @param id a peer id.
     * @return true when the peer was registered and is now removed; false for an unknown id.
     * @throws IllegalStateException with checks on, on a thread other than the owner or from a visitor.
     */
    public boolean remove(final long id) {
        writer.checkMembershipChange("remove(long)");
        final Peer peer = byId.get(id);
        if (peer == null) {
            return false;
        }
        removePeer(peer);
        return true;
    }

    /**
     * Disconnects every peer and removes it: each moves through {@link PeerState#DISCONNECTING} (when
     * it is not there or past it already) to {@link PeerState#DISCONNECTED}, its
     * {@link Peer#lastSeenNanos()} becomes {@code nowNanos}, its protocol state is dropped and it is
     * recycled. Nothing is reachable afterwards.
     *
     * @param nowNanos the time of the disconnection.
     * @return how many peers were removed.
     * @throws IllegalStateException with checks on, on a thread other than the owner or from a visitor.
     */
    public int disconnectAll(final long nowNanos) {
        return disconnectAll(nowNanos, null, null);
    }

    /**
     * As {@link #disconnectAll(long)}, calling {@code onDisconnected} for each peer once it is
     * {@link PeerState#DISCONNECTED} and before its protocol state is dropped, so a protocol engine can
     * release what it kept there (queued messages, for instance). An exception from the visitor
     * propagates after the peer it was visiting is removed; the peers not reached yet stay registered.
     *
     * @param nowNanos       the time of the disconnection.
     * @param onDisconnected called for each peer; null for none.
     * @param context        passed to the visitor.
     * @param <C>            the type of the context.
     * @return how many peers were removed.
     * @throws IllegalStateException with checks on, on a thread other than the owner or from a visitor.
     */
    public <C> int disconnectAll(final long nowNanos, final PeerVisitor<C> onDisconnected, final C context) {
        writer.checkMembershipChange("disconnectAll(long)");
        int removed = 0;
        while (count > 0) {
            final Peer peer = dense[count - 1];
            peer.disconnect(nowNanos);
            removed++;
            if (onDisconnected == null) {
                removePeer(peer);
            } else {
                writer.enterVisit();
                try {
                    onDisconnected.visit(peer, context);
                } finally {
                    writer.exitVisit();
                    if (peer.denseIndex >= 0) {
                        removePeer(peer);
                    }
                }
            }
        }
        return removed;
    }

    // ------------------------------------------------------------------ lookups

    /**
     * Looks a peer up by id.
     *
     * @param id a peer id.
     * @return the peer, or null when none has that id.
     * @throws IllegalStateException with checks on, on a thread other than the owner.
     */
    public Peer get(final long id) {
        writer.checkThread("get(long)");
        return byId.get(id);
    }

    /**
     * Looks a peer up by address.
     *
     * @param addr an address; null finds nothing.
     * @return the peer, or null when none has that address.
     * @throws IllegalStateException with checks on, on a thread other than the owner.
     */
    public Peer getByAddr(final Addr addr) {
        writer.checkThread("getByAddr(Addr)");
        if (addr == null) {
            return null;
        }
        final long id = idByAddr.getValue(addr);
        return id == NO_PEER ? null : byId.get(id);
    }

    /**
     * How many peers are registered.
     *
     * @return the count.
     * @throws IllegalStateException with checks on, on a thread other than the owner.
     */
    public int count() {
        writer.checkThread("count()");
        return count;
    }

    /**
     * The peer at one position of the iteration order. Positions change when peers are removed, so
     * walk {@code 0 .. count() - 1} without changing membership in between.
     *
     * @param index 0 to {@link #count()} - 1.
     * @return the peer.
     * @throws IllegalArgumentException when {@code index} is out of range.
     * @throws IllegalStateException    with checks on, on a thread other than the owner.
     */
    public Peer peerAt(final int index) {
        writer.checkThread("peerAt(int)");
        if (index < 0 || index >= count) {
            throw new IllegalArgumentException(KIND + " '" + name + "': index " + index
                + " must be from 0 to count() - 1 = " + (count - 1));
        }
        return dense[index];
    }

    /**
     * Calls {@code visitor} once for each registered peer, in iteration order. Re-entrant: a visitor
     * may call {@code forEach} again. It may not add or remove peers (see the class comment).
     *
     * @param visitor called for each peer.
     * @param context passed to the visitor, so that it need capture nothing.
     * @param <C>     the type of the context.
     * @return how many peers were visited.
     * @throws IllegalArgumentException when {@code visitor} is null.
     * @throws IllegalStateException    with checks on, on a thread other than the owner, or when the
     *                                  visitor adds or removes a peer.
     */
    public <C> int forEach(final PeerVisitor<C> visitor, final C context) {
        writer.checkVisit("forEach(PeerVisitor, Object)", visitor);
        writer.enterVisit();
        int visited = 0;
        try {
            for (int i = 0; i < count; i++) {
                visitor.visit(dense[i], context);
                visited++;
            }
        } finally {
            writer.exitVisit();
        }
        return visited;
    }

    /**
     * Calls {@code condition} for each registered peer, in iteration order, until it answers false:
     * a search that stops at what it looks for. The same rules as {@link #forEach}.
     *
     * @param condition called for each peer; false stops the visit.
     * @param context   passed to it, so that it need capture nothing.
     * @param <C>       the type of the context.
     * @return how many peers were visited, the one that stopped it included.
     * @throws IllegalArgumentException when {@code condition} is null.
     * @throws IllegalStateException    as {@link #forEach}.
     */
    public <C> int forEachWhile(final PeerCondition<C> condition, final C context) {
        writer.checkVisit("forEachWhile(PeerCondition, Object)", condition);
        writer.enterVisit();
        int visited = 0;
        try {
            while (visited < count && condition.visit(dense[visited++], context)) {
                continue;
            }
        } finally {
            writer.exitVisit();
        }
        return visited;
    }

    /**
     * Copies the membership for other threads. Allocates the copy (three arrays of {@link #count()}
     * elements); membership changes are rare, so the engine takes one after a batch that changed it.
     *
     * @return an immutable snapshot.
     * @throws IllegalStateException with checks on, on a thread other than the owner.
     */
    public PeerSnapshot snapshot() {
        writer.checkThread("snapshot()");
        return PeerSnapshot.of(name, dense, count);
    }

    /**
     * Times internal storage grew (see {@link PeerRegistryStats#rehashes()}). Any thread may call this.
     *
     * @return a count since the registry was created.
     */
    public long rehashes() {
        return (long)REHASHES.getAcquire(this);
    }

    /**
     * Fills {@code into} with the registry's counters. Any thread may call this.
     *
     * @param into the caller's snapshot object.
     * @return {@code into}.
     * @throws IllegalArgumentException when {@code into} is null.
     */
    public PeerRegistryStats stats(final PeerRegistryStats into) {
        if (into == null) {
            throw new IllegalArgumentException(KIND + " '" + name + "': stats into a null PeerRegistryStats");
        }
        into.count = (int)COUNT.getAcquire(this);
        into.adds = (long)ADDS.getAcquire(this);
        into.removes = (long)REMOVES.getAcquire(this);
        into.rehashes = (long)REHASHES.getAcquire(this);
        into.pooled = pool.pooled();
        into.poolMisses = pool.misses();
        into.initialCapacity = initialCapacity;
        return into;
    }

    @Override
    public String toString() {
        return KIND + "{name='" + name + "', count=" + (int)COUNT.getAcquire(this) + ", initialCapacity="
            + initialCapacity + '}';
    }

    // ------------------------------------------------------------------ internals

    private void removePeer(final Peer peer) {
        final long id = peer.plainId();
        byId.remove(id);
        final Addr addr = peer.addr();
        if (addr != null) {
            idByAddr.removeKey(addr);
        }
        final int index = peer.denseIndex;
        final int last = count - 1;
        if (index != last) {
            final Peer moved = dense[last];
            dense[index] = moved;
            moved.denseIndex = index;
        }
        dense[last] = null;
        final CounterRecords lent = peer.reset();
        if (lent != null) {
            lent.pool().give(lent);
        }
        pool.put(peer);
        COUNT.setRelease(this, last);
        REMOVES.setRelease(this, removes + 1);
    }

    /** The registry's storage grew; called by this registry and its {@link PeerPool}. */
    void countRehash() {
        REHASHES.setRelease(this, rehashes + 1);
    }

}
