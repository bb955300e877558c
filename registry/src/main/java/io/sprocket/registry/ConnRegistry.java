package io.sprocket.registry;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

import org.agrona.collections.Long2ObjectHashMap;

import io.sprocket.message.Checks;

/**
 * The connections of one engine, indexed by connection id and linked per {@link SpSocket}, written by
 * one thread.
 *
 * <ul>
 *   <li>By id: an Agrona {@link Long2ObjectHashMap}, presized for {@code initialCapacity} entries; a
 *       resize is counted ({@link ConnRegistryStats#rehashes()}).</li>
 *   <li>Per socket: an intrusive doubly linked list through the entries, headed in the socket, so
 *       {@link #connectionsOf(SpSocket, ConnVisitor, Object)}, {@link #countOf(SpSocket)},
 *       {@link #closeAll(SpSocket)} and {@link #closeSocket(SpSocket, long)} cost O(k) in that
 *       socket's k connections, not a scan of all. A second list through every entry serves
 *       {@link #forEach(ConnVisitor, Object)} and {@link #closeAll()}.</li>
 * </ul>
 *
 * <p><b>Closing</b> an entry removes it from every index, sets its {@link ConnEntry#isClosed() closed}
 * flag, then calls {@link Connection#close()} exactly once. When that throws an unchecked exception,
 * the entry stays closed and removed, the failure is counted ({@link #closeFailures()}) and kept
 * ({@link #lastCloseFailure()}), and closing goes on with the next connection: no close method here
 * propagates it. ({@link Error}s propagate; the indexes are consistent when they do.)
 *
 * <p>A socket's connections all live in one {@code ConnRegistry}; once it has none left it may be
 * registered with another.
 *
 * <p><b>Single writer.</b> As {@link PeerRegistry}: {@link #bindOwner(Thread)} names the owner (the
 * ring's engine thread) and, with {@link Checks#ENABLED checks} on, every method but the statistics
 * throws {@link IllegalStateException} on another thread, naming both; unbound, any one thread at a
 * time may use it. A visitor may read the registry and nest visits, but not register or close
 * connections (rejected with checks on; undefined with them off).
 *
 * <p><b>Note:</b> owner thread only, except {@link #stats(ConnRegistryStats)}, {@link #closeFailures()},
 * {@link #rehashes()}, {@link #lastCloseFailure()}, {@link #bindOwner(Thread)}, {@link #owner()},
 * {@link #name()} and {@link #initialCapacity()}, which any thread may call.
 * {@link #register register} allocates the entry and its outbound queue (and a map resize past the
 * initial capacity); lookups, visits and closes allocate nothing themselves, except the exceptions on
 * misuse.
 */
public final class ConnRegistry {
    /** The presized capacity a connection registry gets when no other is set (as by the engine's builder): 16. */
    public static final int DEFAULT_INITIAL_CAPACITY = 16;
    /** Largest presized capacity of a connection registry: 2^24. */
    public static final int MAX_INITIAL_CAPACITY = RegistrySupport.MAX_INITIAL_CAPACITY;

    static final String KIND = "ConnRegistry";

    private static final VarHandle COUNT;
    private static final VarHandle REGISTERED;
    private static final VarHandle CLOSED;
    private static final VarHandle CLOSE_FAILURES;
    private static final VarHandle REHASHES;

    static {
        try {
            final MethodHandles.Lookup lookup = MethodHandles.lookup();
            COUNT = lookup.findVarHandle(ConnRegistry.class, "count", int.class);
            REGISTERED = lookup.findVarHandle(ConnRegistry.class, "registered", long.class);
            CLOSED = lookup.findVarHandle(ConnRegistry.class, "closed", long.class);
            CLOSE_FAILURES = lookup.findVarHandle(ConnRegistry.class, "closeFailures", long.class);
            REHASHES = lookup.findVarHandle(ConnRegistry.class, "rehashes", long.class);
        } catch (final ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final String name;
    private final int initialCapacity;
    private final Long2ObjectHashMap<ConnEntry> byId;
    private final ConnLists lists = new ConnLists();
    /** Owner, visit depth and their checks. */
    private final SingleWriter writer;
    private volatile Throwable lastCloseFailure;

    // Written by the owner with release stores; stats() reads them from any thread.
    private int count;
    private long registered;
    private long closed;
    private long closeFailures;
    private long rehashes;

    /**
     * Creates a registry presized for {@code initialCapacity} connections.
     *
     * @param name            a name for statistics and error messages, not empty.
     * @param initialCapacity 1 to {@value #MAX_INITIAL_CAPACITY}; {@value #DEFAULT_INITIAL_CAPACITY} is the
     *                        engine's default.
     * @throws IllegalArgumentException when the name is null or empty or the capacity out of range.
     */
    public ConnRegistry(final String name, final int initialCapacity) {
        this.name = RegistrySupport.checkName(KIND, name);
        this.initialCapacity = RegistrySupport.checkCapacity(KIND, name, initialCapacity);
        this.writer = new SingleWriter(KIND, name);
        this.byId = new Long2ObjectHashMap<>(
            RegistrySupport.mapCapacityFor(initialCapacity), RegistrySupport.LOAD_FACTOR, true);
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
     * Pins the thread allowed to use this registry. Call it before the owner starts (or on the owner
     * itself); it may be called again to hand the registry over.
     *
     * @param thread the owner, or null to check nothing.
     * @return this registry.
     */
    public ConnRegistry bindOwner(final Thread thread) {
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

    // ------------------------------------------------------------------ registration

    /**
     * Registers a connection of {@code socket}.
     *
     * <p>Once the entry is in every index, {@link Connection#onRegistered(ConnEntry)} is called with
     * it; if that throws an unchecked exception the entry is closed and removed again (counted as
     * registered and closed) and the exception propagates.
     *
     * @param connId           the connection id, greater than 0 and not registered here.
     * @param socket           the socket it serves; its other connections, if any, are in this registry.
     * @param peerId           the peer on the far end, or 0 when not known yet.
     * @param connection       the transport's handle.
     * @param outboundCapacity the outbound queue's bound, a power of two from 1 to
     *                         {@link ConnEntry#MAX_OUTBOUND_CAPACITY}.
     * @param nowNanos         the current time, which becomes {@link ConnEntry#createdNanos()}.
     * @return the new entry.
     * @throws IllegalArgumentException when an argument is null or out of range, the id is registered
     *                                  already, or the socket's connections are in another registry.
     * @throws IllegalStateException    with checks on, on a thread other than the owner or from a visitor.
     */
    public ConnEntry register(
        final long connId,
        final SpSocket socket,
        final long peerId,
        final Connection connection,
        final int outboundCapacity,
        final long nowNanos) {
        writer.checkMembershipChange("register(long, SpSocket, long, Connection, int, long)");
        RegistrySupport.checkRegistration(name, connId, socket, peerId, connection, outboundCapacity);
        final ConnEntry existing = byId.get(connId);
        if (existing != null) {
            throw new IllegalArgumentException(KIND + " '" + name + "': connection id " + connId
                + " is already registered (socket '" + existing.socket().name() + "', peer "
                + existing.peerId() + ")");
        }
        if (socket.connRegistry != null && socket.connRegistry != this) {
            throw new IllegalArgumentException(KIND + " '" + name + "': socket '" + socket.name()
                + "' has connections in ConnRegistry '" + socket.connRegistry.name + "'");
        }

        final ConnEntry entry = new ConnEntry(connId, connection, socket, peerId, outboundCapacity, nowNanos);
        final int capacityBefore = byId.capacity();
        byId.put(connId, entry);
        if (byId.capacity() != capacityBefore) {
            REHASHES.setRelease(this, rehashes + 1);
        }

        lists.link(entry, this);
        COUNT.setRelease(this, count + 1);
        REGISTERED.setRelease(this, registered + 1);
        try {
            connection.onRegistered(entry);
        } catch (final RuntimeException e) {
            closeEntry(entry);
            throw e;
        }
        return entry;
    }

    // ------------------------------------------------------------------ lookups and visits

    /**
     * Looks a connection up by id.
     *
     * @param connId a connection id.
     * @return the entry, or null when none has that id.
     * @throws IllegalStateException with checks on, on a thread other than the owner.
     */
    public ConnEntry get(final long connId) {
        writer.checkThread("get(long)");
        return byId.get(connId);
    }

    /**
     * How many connections are registered.
     *
     * @return the count.
     * @throws IllegalStateException with checks on, on a thread other than the owner.
     */
    public int count() {
        writer.checkThread("count()");
        return count;
    }

    /**
     * How many connections of one socket are registered. O(1).
     *
     * @param socket a socket.
     * @return the count; 0 for a socket with no connections here.
     * @throws IllegalArgumentException when the socket is null or its connections are in another registry.
     * @throws IllegalStateException    with checks on, on a thread other than the owner.
     */
    public int countOf(final SpSocket socket) {
        writer.checkThread("countOf(SpSocket)");
        return lists.holds(socket, this) ? socket.connCount : 0;
    }

    /**
     * Calls {@code visitor} once for each connection of {@code socket}, newest first. Re-entrant; the
     * visitor may not register or close connections.
     *
     * @param socket  a socket.
     * @param visitor called for each of its connections.
     * @param context passed to the visitor, so that it need capture nothing.
     * @param <C>     the type of the context.
     * @return how many connections were visited.
     * @throws IllegalArgumentException when an argument is null or the socket's connections are in
     *                                  another registry.
     * @throws IllegalStateException    with checks on, on a thread other than the owner, or when the
     *                                  visitor registers or closes a connection.
     */
    public <C> int connectionsOf(final SpSocket socket, final ConnVisitor<C> visitor, final C context) {
        writer.checkVisit("connectionsOf(SpSocket, ConnVisitor, Object)", visitor);
        if (!lists.holds(socket, this)) {
            return 0;
        }
        writer.enterVisit();
        int visited = 0;
        try {
            for (ConnEntry e = socket.connHead; e != null; e = e.next) {
                visitor.visit(e, context);
                visited++;
            }
        } finally {
            writer.exitVisit();
        }
        return visited;
    }

    /**
     * Calls {@code visitor} once for each registered connection, newest first. Re-entrant; the visitor
     * may not register or close connections.
     *
     * @param visitor called for each connection.
     * @param context passed to the visitor.
     * @param <C>     the type of the context.
     * @return how many connections were visited.
     * @throws IllegalArgumentException when {@code visitor} is null.
     * @throws IllegalStateException    with checks on, on a thread other than the owner, or when the
     *                                  visitor registers or closes a connection.
     */
    public <C> int forEach(final ConnVisitor<C> visitor, final C context) {
        writer.checkVisit("forEach(ConnVisitor, Object)", visitor);
        writer.enterVisit();
        int visited = 0;
        try {
            for (ConnEntry e = lists.allHead(); e != null; e = e.allNext) {
                visitor.visit(e, context);
                visited++;
            }
        } finally {
            writer.exitVisit();
        }
        return visited;
    }

    /**
     * Calls {@code condition} for each registered connection until it answers false: a search that
     * stops at what it looks for. The same rules as {@link #forEach}.
     *
     * @param condition called for each connection; false stops the visit.
     * @param context   passed to it, so that it need capture nothing.
     * @param <C>       the type of the context.
     * @return how many connections were visited, the one that stopped it included.
     * @throws IllegalArgumentException when {@code condition} is null.
     * @throws IllegalStateException    as {@link #forEach}.
     */
    public <C> int forEachWhile(final ConnCondition<C> condition, final C context) {
        writer.checkVisit("forEachWhile(ConnCondition, Object)", condition);
        writer.enterVisit();
        int visited = 0;
        try {
            for (ConnEntry e = lists.allHead(); e != null; e = e.allNext) {
                visited++;
                if (!condition.visit(e, context)) {
                    break;
                }
            }
        } finally {
            writer.exitVisit();
        }
        return visited;
    }

    // ------------------------------------------------------------------ closing

    /**
     * Closes one connection (see the class comment).
     *
     * @param connId a connection id.
     * @return true when it was registered and is now closed and removed, even if its
     *         {@link Connection#close()} threw (counted); false for an unknown id.
     * @throws IllegalStateException with checks on, on a thread other than the owner or from a visitor.
     */
    public boolean close(final long connId) {
        writer.checkMembershipChange("close(long)");
        final ConnEntry entry = byId.get(connId);
        if (entry == null) {
            return false;
        }
        closeEntry(entry);
        return true;
    }

    /**
     * Closes every connection of one socket, in O(k) for its k connections. A {@link Connection#close()}
     * that throws is counted and does not stop the others.
     *
     * @param socket a socket.
     * @return how many connections were closed and removed (failed closes included).
     * @throws IllegalArgumentException when the socket is null or its connections are in another registry.
     * @throws IllegalStateException    with checks on, on a thread other than the owner or from a visitor.
     */
    public int closeAll(final SpSocket socket) {
        writer.checkMembershipChange("closeAll(SpSocket)");
        if (!lists.holds(socket, this)) {
            return 0;
        }
        int closedHere = 0;
        ConnEntry e = socket.connHead;
        while (e != null) {
            final ConnEntry next = e.next;
            closeEntry(e);
            closedHere++;
            e = next;
        }
        return closedHere;
    }

    /**
     * Closes every registered connection, of every socket (the engine's shutdown). A
     * {@link Connection#close()} that throws is counted and does not stop the others.
     *
     * @return how many connections were closed and removed (failed closes included).
     * @throws IllegalStateException with checks on, on a thread other than the owner or from a visitor.
     */
    public int closeAll() {
        writer.checkMembershipChange("closeAll()");
        int closedHere = 0;
        ConnEntry e = lists.allHead();
        while (e != null) {
            final ConnEntry next = e.allNext;
            closeEntry(e);
            closedHere++;
            e = next;
        }
        return closedHere;
    }

    /**
     * Releases a socket deterministically: closes each of its connections
     * ({@link #closeAll(SpSocket)}), then disconnects and removes all its peers
     * ({@link PeerRegistry#disconnectAll(long)}). Afterwards neither registry holds anything of it.
     * A protocol engine that must release per-peer state first calls {@link #closeAll(SpSocket)} and
     * {@link PeerRegistry#disconnectAll(long, PeerVisitor, Object)} itself instead.
     *
     * @param socket   the socket.
     * @param nowNanos the time of the disconnection, given to the peers.
     * @return how many connections were closed.
     * @throws IllegalArgumentException when the socket is null or its connections are in another registry.
     * @throws IllegalStateException    with checks on, on a thread other than the owner (of this registry
     *                                  or of the socket's peer registry) or from a visitor.
     */
    public int closeSocket(final SpSocket socket, final long nowNanos) {
        final int closedHere = closeAll(socket);
        socket.peers().disconnectAll(nowNanos);
        return closedHere;
    }

    // ------------------------------------------------------------------ statistics

    /**
     * {@link Connection#close()} calls that threw. Any thread may call this.
     *
     * @return a count since the registry was created.
     */
    public long closeFailures() {
        return (long)CLOSE_FAILURES.getAcquire(this);
    }

    /**
     * Times the id map resized. Any thread may call this.
     *
     * @return a count since the registry was created.
     */
    public long rehashes() {
        return (long)REHASHES.getAcquire(this);
    }

    /**
     * The exception of the last {@link Connection#close()} that threw. Any thread may call this.
     *
     * @return the exception, or null when none threw.
     */
    public Throwable lastCloseFailure() {
        return lastCloseFailure;
    }

    /**
     * Fills {@code into} with the registry's counters. Any thread may call this.
     *
     * @param into the caller's snapshot object.
     * @return {@code into}.
     * @throws IllegalArgumentException when {@code into} is null.
     */
    public ConnRegistryStats stats(final ConnRegistryStats into) {
        if (into == null) {
            throw new IllegalArgumentException(KIND + " '" + name + "': stats into a null ConnRegistryStats");
        }
        into.count = (int)COUNT.getAcquire(this);
        into.registered = (long)REGISTERED.getAcquire(this);
        into.closed = (long)CLOSED.getAcquire(this);
        into.closeFailures = (long)CLOSE_FAILURES.getAcquire(this);
        into.rehashes = (long)REHASHES.getAcquire(this);
        into.initialCapacity = initialCapacity;
        return into;
    }

    @Override
    public String toString() {
        return KIND + "{name='" + name + "', count=" + (int)COUNT.getAcquire(this) + ", initialCapacity="
            + initialCapacity + '}';
    }

    // ------------------------------------------------------------------ internals

    private void closeEntry(final ConnEntry entry) {
        lists.unlink(entry);
        byId.remove(entry.id());
        COUNT.setRelease(this, count - 1);
        entry.markClosed();
        CLOSED.setRelease(this, closed + 1);
        try {
            entry.connection().close();
        } catch (final RuntimeException e) {
            lastCloseFailure = e;
            CLOSE_FAILURES.setRelease(this, closeFailures + 1);
        }
    }
}
