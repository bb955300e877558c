package io.sprocket.registry;

/**
 * A snapshot of a {@link ConnRegistry}'s counters, filled by
 * {@link ConnRegistry#stats(ConnRegistryStats)} into an object the caller owns and reuses.
 *
 * <p>Each figure is read atomically (the owner writes them with release stores), the set is not: a
 * snapshot taken while connections come and go may be one operation apart between figures.
 *
 * <p><b>Note:</b> not thread-safe; one thread fills and reads one instance. Filling and reading
 * allocate nothing.
 */
public final class ConnRegistryStats {
    int count;
    long registered;
    long closed;
    long closeFailures;
    long rehashes;
    int initialCapacity;

    /** Creates an empty snapshot to be filled by {@link ConnRegistry#stats(ConnRegistryStats)}. */
    public ConnRegistryStats() {
    }

    /**
     * Connections registered now.
     *
     * @return the count.
     */
    public int count() {
        return count;
    }

    /**
     * Successful registrations.
     *
     * @return a count since the registry was created.
     */
    public long registered() {
        return registered;
    }

    /**
     * Connections closed and removed, including those whose {@link Connection#close()} threw.
     *
     * @return a count since the registry was created.
     */
    public long closed() {
        return closed;
    }

    /**
     * {@link Connection#close()} calls that threw; the entry was removed all the same.
     *
     * @return a count since the registry was created.
     */
    public long closeFailures() {
        return closeFailures;
    }

    /**
     * Times the id map resized (an allocation on the owner thread); 0 while the registry stays within
     * its initial capacity.
     *
     * @return a count since the registry was created.
     */
    public long rehashes() {
        return rehashes;
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
        return "ConnRegistryStats{count=" + count + ", registered=" + registered + ", closed=" + closed
            + ", closeFailures=" + closeFailures + ", rehashes=" + rehashes + ", initialCapacity=" + initialCapacity + '}';
    }
}
