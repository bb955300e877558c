package io.sprocket.registry;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;

/**
 * A {@link PeerRegistry}'s removed {@link Peer} objects, kept for the next add: presized to the
 * registry's initial capacity, and grown so that every peer ever made fits back in, so a remove never
 * allocates and an add allocates only when more peers are registered at once than ever before.
 *
 * <p><b>Note:</b> {@link #take} and {@link #put} on the registry's owner thread (release stores);
 * {@link #pooled} and {@link #misses} from any thread.
 */
final class PeerPool {
    private static final VarHandle POOLED;
    private static final VarHandle MISSES;

    static {
        try {
            final MethodHandles.Lookup lookup = MethodHandles.lookup();
            POOLED = lookup.findVarHandle(PeerPool.class, "pooled", int.class);
            MISSES = lookup.findVarHandle(PeerPool.class, "misses", long.class);
        } catch (final ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final PeerRegistry registry;
    private final SingleWriter writer;
    private Peer[] peers;
    private int created;
    @SuppressWarnings("unused") // through POOLED
    private int pooled;
    @SuppressWarnings("unused") // through MISSES
    private long misses;

    PeerPool(final PeerRegistry registry, final SingleWriter writer, final int initialCapacity) {
        this.registry = registry;
        this.writer = writer;
        this.peers = new Peer[initialCapacity];
        for (int i = 0; i < initialCapacity; i++) {
            peers[i] = new Peer(registry, writer);
        }
        this.created = initialCapacity;
        this.pooled = initialCapacity;
    }

    /** A pooled peer, or a new one (a miss; the pool grows when it could not hold them all back). */
    Peer take() {
        final int available = (int)POOLED.get(this);
        if (available > 0) {
            final int top = available - 1;
            final Peer peer = peers[top];
            peers[top] = null;
            POOLED.setRelease(this, top);
            return peer;
        }
        MISSES.setRelease(this, (long)MISSES.get(this) + 1);
        created++;
        if (created > peers.length) {
            peers = Arrays.copyOf(peers, RegistrySupport.growth(peers.length));
            registry.countRehash();
        }
        return new Peer(registry, writer);
    }

    /** Keeps a removed peer for the next add; never allocates. */
    void put(final Peer peer) {
        final int available = (int)POOLED.get(this);
        peers[available] = peer;
        POOLED.setRelease(this, available + 1);
    }

    /** Peers held for reuse now; any thread. */
    int pooled() {
        return (int)POOLED.getAcquire(this);
    }

    /** Adds that found the pool empty and made a peer; any thread. */
    long misses() {
        return (long)MISSES.getAcquire(this);
    }
}
