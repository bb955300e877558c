package io.sprocket.counters;

import org.agrona.concurrent.status.AtomicCounter;

/**
 * The counters of one ring, transport or other part of Sprocket, allocated together in a
 * {@link CountersFile} (where {@code sprocket-perf stat} reads them from another process) and freed
 * together when their owner closes. After {@link #free} the values read on: they are kept here, so
 * the owner's statistics stay right after its close while the file's records go back for reuse.
 *
 * <p><b>Note:</b> each counter has the writers its owner gives it; any thread reads values through
 * {@link #get}, which allocates nothing. {@link #allocate} and {@link #free} allocate; call
 * {@link #free} once no writer is left.
 */
public final class CounterSet {
    private final CountersFile file;
    private final boolean owned;
    private final AtomicCounter[] counters;
    private volatile long[] frozen;

    private CounterSet(final CountersFile file, final boolean owned, final AtomicCounter[] counters) {
        this.file = file;
        this.owned = owned;
        this.counters = counters;
    }

    /**
     * Allocates one counter per label, each 0.
     *
     * @param file   where they live.
     * @param owned  whether the caller holds a reference to the file (from {@link CountersFile#processShared()})
     *               that {@link #free} is to give back.
     * @param typeId the kind of figure, one of {@link CounterTypes}.
     * @param labels what each counts, in words (the owner's name included: other processes see only these).
     * @return the set.
     * @throws IllegalStateException when the file is closed.
     */
    public static CounterSet allocate(final CountersFile file, final boolean owned, final int typeId,
        final String[] labels) {
        final AtomicCounter[] counters = new AtomicCounter[labels.length];
        try {
            for (int i = 0; i < labels.length; i++) {
                counters[i] = file.newCounter(typeId, labels[i]);
            }
        } catch (final RuntimeException e) {
            for (final AtomicCounter c : counters) {
                if (c != null) {
                    c.close();
                }
            }
            throw e;
        }
        return new CounterSet(file, owned, counters);
    }

    /**
     * The counter at an index, for its writer.
     *
     * @param index as the labels were given.
     * @return the counter.
     */
    public AtomicCounter counter(final int index) {
        return counters[index];
    }

    /**
     * A counter's value: live, or as it was when the set was freed.
     *
     * @param index as the labels were given.
     * @return the value.
     */
    public long get(final int index) {
        final long[] f = frozen;
        return f != null ? f[index] : counters[index].get();
    }

    /**
     * How many counters the set holds.
     *
     * @return the count.
     */
    public int size() {
        return counters.length;
    }

    /**
     * Keeps every value, then frees the file's records and gives back the owned reference to the
     * file. A second call does nothing.
     */
    public void free() {
        synchronized (this) {
            if (frozen != null) {
                return;
            }
            final long[] values = new long[counters.length];
            for (int i = 0; i < counters.length; i++) {
                values[i] = counters[i].get();
            }
            frozen = values;
        }
        for (final AtomicCounter c : counters) {
            c.close();
        }
        if (owned) {
            file.release();
        }
    }
}
