package io.sprocket.registry;

/**
 * A snapshot of a {@link PeerRegistry}'s counters, filled by
 * {@link PeerRegistry#stats(PeerRegistryStats)} into an object the caller owns and reuses.
 *
 * <p>Each figure is read atomically (the owner writes them with release stores), the set is not: a
 * snapshot taken while peers come and go may be one operation apart between figures.
 *
 * <p><b>Note:</b> not thread-safe; one thread fills and reads one instance. Filling and reading
 * allocate nothing.
 */
public final class PeerRegistryStats {
    int count;
    long adds;
    long removes;
    long rehashes;
    int pooled;
    long poolMisses;
    int initialCapacity;

    /** Creates an empty snapshot to be filled by {@link PeerRegistry#stats(PeerRegistryStats)}. */
    public PeerRegistryStats() {
    }

    /**
     * Peers registered now.
     *
     * @return the count.
     */
    public int count() {
        return count;
    }

    /**
     * Successful {@link PeerRegistry#add adds}.
     *
     * @return a count since the registry was created.
     */
    public long adds() {
        return adds;
    }

    /**
     * Peers removed, by {@link PeerRegistry#remove(long) remove} or
     * {@link PeerRegistry#disconnectAll(long) disconnectAll}.
     *
     * @return a count since the registry was created.
     */
    public long removes() {
        return removes;
    }

    /**
     * Times internal storage grew: a resize of either hash map, or of the dense array or the pool's
     * array. Each is an allocation on the owner thread; 0 while the registry stays within its
     * initial capacity.
     *
     * @return a count since the registry was created.
     */
    public long rehashes() {
        return rehashes;
    }

    /**
     * Free {@code Peer} objects in the registry's pool now.
     *
     * @return a count.
     */
    public int pooled() {
        return pooled;
    }

    /**
     * Adds that found the pool empty and allocated a new {@code Peer}.
     *
     * @return a count since the registry was created; 0 while at most the initial capacity of peers
     *         were ever registered at once.
     */
    public long poolMisses() {
        return poolMisses;
    }

    /**
     * The capacity the registry was presized for.
     *
     * @return entries.
     */
    public int initialCapacity() {
        return initialCapacity;
    }

    @Override
    public String toString() {
        return "PeerRegistryStats{count=" + count + ", adds=" + adds + ", removes=" + removes + ", rehashes=" + rehashes
            + ", pooled=" + pooled + ", poolMisses=" + poolMisses + ", initialCapacity=" + initialCapacity + '}';
    }
}
