package io.sprocket.counters;

import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersReader;

/**
 * Where the values of a fixed set of counters live: a buffer and each counter's offset in it. Either
 * records of a counters file, lent to one owner at a time by a {@link CounterRecordsPool} (another
 * process reads them there), or private memory of this process ({@link #onHeap(int)}), where only
 * this process sees them.
 *
 * <p>Immutable: the buffer and the offsets never change, so a reader that holds an instance reads
 * inside it, whatever owner the records pass to next (it then reads that owner's values, which is
 * for the reader to notice).
 *
 * <p><b>Note:</b> {@link #add} and {@link #set} are for the counters' one writer (a plain read and a
 * release store, no atomic read-modify-write); {@link #get} may be called from any thread (an
 * acquire load). None of them allocates; {@link #onHeap(int)} does.
 */
public final class CounterRecords {
    private final AtomicBuffer values;
    private final int[] offsets;
    /** The file's counter ids, or null on the heap. */
    private final int[] counterIds;
    private final CounterRecordsPool pool;

    CounterRecords(final AtomicBuffer values, final int[] counterIds, final CounterRecordsPool pool) {
        this.values = values;
        this.counterIds = counterIds;
        this.pool = pool;
        this.offsets = new int[counterIds.length];
        for (int i = 0; i < counterIds.length; i++) {
            offsets[i] = CountersReader.counterOffset(counterIds[i]);
        }
    }

    private CounterRecords(final int counters) {
        this.values = new UnsafeBuffer(new byte[counters * Long.BYTES]);
        this.counterIds = null;
        this.pool = null;
        this.offsets = new int[counters];
        for (int i = 0; i < counters; i++) {
            offsets[i] = i * Long.BYTES;
        }
    }

    /**
     * Counters in this process's memory, outside any counters file, each 0.
     *
     * @param counters how many, 1 or more.
     * @return the records.
     * @throws IllegalArgumentException when {@code counters} is below 1 or too large for one array.
     */
    public static CounterRecords onHeap(final int counters) {
        if (counters < 1 || counters > Integer.MAX_VALUE / Long.BYTES) {
            throw new IllegalArgumentException("counters must be from 1 to " + Integer.MAX_VALUE / Long.BYTES
                + ", got " + counters);
        }
        return new CounterRecords(counters);
    }

    /**
     * How many counters there are.
     *
     * @return the count.
     */
    public int size() {
        return offsets.length;
    }

    /**
     * A counter's value.
     *
     * @param index 0 to {@link #size()} - 1.
     * @return the value last stored by the writer.
     */
    public long get(final int index) {
        return values.getLongAcquire(offsets[index]);
    }

    /**
     * Adds to a counter: its one writer only.
     *
     * @param index 0 to {@link #size()} - 1.
     * @param delta what to add.
     */
    public void add(final int index, final long delta) {
        final int offset = offsets[index];
        values.putLongRelease(offset, values.getLong(offset) + delta);
    }

    /**
     * Sets a counter: its one writer only.
     *
     * @param index 0 to {@link #size()} - 1.
     * @param value the new value.
     */
    public void set(final int index, final long value) {
        values.putLongRelease(offsets[index], value);
    }

    /**
     * The pool the records belong to, to give them back.
     *
     * @return the pool, or null for records on the heap.
     */
    public CounterRecordsPool pool() {
        return pool;
    }

    /**
     * A counter's id in its counters file, as a reader of the file sees it.
     *
     * @param index 0 to {@link #size()} - 1.
     * @return the id, or {@link CountersReader#NULL_COUNTER_ID} for records on the heap.
     */
    public int counterId(final int index) {
        return counterIds != null ? counterIds[index] : CountersReader.NULL_COUNTER_ID;
    }

    @Override
    public String toString() {
        final StringBuilder s = new StringBuilder(counterIds != null ? "CounterRecords[file" : "CounterRecords[heap");
        for (int i = 0; i < offsets.length; i++) {
            s.append(i == 0 ? ": " : ", ").append(get(i));
        }
        return s.append(']').toString();
    }
}
