package io.sprocket.counters;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersReader;

/**
 * Counter sets for owners that come and go often (the peers of an engine), kept for the next owner
 * instead of given back to the {@link CountersFile}: taking and giving back a set allocates nothing
 * once the pool holds as many sets as there were owners at once.
 *
 * <p>{@link #take} lends a set ({@link CounterRecords}): each record gets the owner's label (a prefix
 * the caller writes, then the counter's name), the value 0, and appears to readers of the file.
 * {@link #give} hides the records from readers again (Agrona's reclaimed state: {@code sprocket-perf
 * stat} no longer shows them, and their last values stay for a reader that looked them up just
 * before) and keeps them for the next {@code take}. Agrona's own free would not do: a freed record
 * waits {@value CountersFile#FREE_TO_REUSE_MS} ms before reuse, so owners that come and go faster
 * than that would fill the file, and reusing one allocates. {@link #close()} frees every record.
 * When the file is full, {@code take} answers null and the owner counts in its own memory
 * ({@link CounterRecords#onHeap(int)}).
 *
 * <p><b>Note:</b> one thread at a time (the engine thread); not thread-safe. {@link #take} allocates
 * only while the pool grows (a new set and its records in the file), {@link #give} never;
 * construction and {@link #close()} allocate.
 */
public final class CounterRecordsPool implements AutoCloseable {
    private static final int INITIAL_SETS = 16;

    private final CountersFile file;
    private final int typeId;
    private final byte[][] names;
    private final int longestName;
    private final AtomicBuffer metadata;
    private final AtomicBuffer values;
    /** The label being written: the owner's prefix, then one counter's name. */
    private final UnsafeBuffer label = new UnsafeBuffer(new byte[CountersReader.MAX_LABEL_LENGTH]);
    private CounterRecords[] created = new CounterRecords[INITIAL_SETS];
    private int createdCount;
    /** Never shorter than {@link #created}, so that {@link #give} never grows it. */
    private CounterRecords[] free = new CounterRecords[INITIAL_SETS];
    private int freeCount;
    private boolean closed;

    /**
     * A pool of sets of one counter per name.
     *
     * @param file   where the records live.
     * @param typeId the kind of figure, one of {@link CounterTypes}.
     * @param names  what each counter of a set counts, in words; each label is the owner's prefix
     *               and then this name.
     * @throws IllegalArgumentException when the file is null, there are no names, or a name is null,
     *                                  empty or longer than half a label (190 bytes of UTF-8).
     */
    public CounterRecordsPool(final CountersFile file, final int typeId, final String[] names) {
        if (file == null) {
            throw new IllegalArgumentException("counters file must not be null");
        }
        if (names == null || names.length == 0) {
            throw new IllegalArgumentException("a counter set needs at least one name");
        }
        this.file = file;
        this.typeId = typeId;
        this.names = new byte[names.length][];
        int longest = 0;
        for (int i = 0; i < names.length; i++) {
            final byte[] bytes = names[i] == null ? new byte[0] : names[i].getBytes(StandardCharsets.UTF_8);
            if (bytes.length == 0 || bytes.length > CountersReader.MAX_LABEL_LENGTH / 2) {
                throw new IllegalArgumentException("counter name " + i + " must be 1 to "
                    + CountersReader.MAX_LABEL_LENGTH / 2 + " bytes of UTF-8, got '" + names[i] + "'");
            }
            this.names[i] = bytes;
            longest = Math.max(longest, bytes.length);
        }
        this.longestName = longest;
        this.metadata = file.reader().metaDataBuffer();
        this.values = file.reader().valuesBuffer();
    }

    /**
     * How many counters a set holds.
     *
     * @return one per name.
     */
    public int setSize() {
        return names.length;
    }

    /**
     * How many sets the pool has made, lent or not.
     *
     * @return a count; each set holds {@link #setSize()} records of the file.
     */
    public int created() {
        return createdCount;
    }

    /**
     * How many sets wait for an owner.
     *
     * @return a count.
     */
    public int idle() {
        return freeCount;
    }

    /**
     * Lends a set to a new owner: each record is labelled with {@code prefix} and then its counter's
     * name, set to 0, and shown to readers of the file.
     *
     * @param prefix the owner's part of the label, UTF-8, for example {@code "peer 7 of ...: "}; cut to
     *               leave room for the longest name.
     * @param offset where it starts in {@code prefix}.
     * @param length its length in bytes.
     * @return the records; null when the file is full or the pool closed (the owner then counts in
     *         its own memory).
     */
    public CounterRecords take(final DirectBuffer prefix, final int offset, final int length) {
        if (closed) {
            return null;
        }
        final int kept = Math.max(0, Math.min(length, CountersReader.MAX_LABEL_LENGTH - longestName));
        label.putBytes(0, prefix, offset, kept);
        if (freeCount == 0) {
            return create(kept);
        }
        final CounterRecords records = free[--freeCount];
        free[freeCount] = null;
        for (int i = 0; i < names.length; i++) {
            final int id = records.counterId(i);
            final int record = CountersReader.metaDataOffset(id);
            final int labelLength = kept + names[i].length;
            label.putBytes(kept, names[i]);
            values.putLongRelease(CountersReader.counterOffset(id), 0L);
            metadata.putBytes(record + CountersReader.LABEL_OFFSET + Integer.BYTES, label, 0, labelLength);
            metadata.putInt(record + CountersReader.LABEL_OFFSET, labelLength);
            metadata.putIntRelease(record, CountersReader.RECORD_ALLOCATED);
        }
        return records;
    }

    /**
     * Takes a set back from its owner, who must not write it any more: its records leave the view of
     * the file's readers (keeping their last values) and wait for the next {@link #take}. After
     * {@link #close()} this does nothing.
     *
     * @param records a set this pool lent and that was not given back since.
     * @throws IllegalArgumentException when the records are not this pool's.
     */
    public void give(final CounterRecords records) {
        if (records == null || records.pool() != this) {
            throw new IllegalArgumentException("records " + records + " do not belong to this pool");
        }
        if (closed) {
            return;
        }
        for (int i = 0; i < names.length; i++) {
            metadata.putIntRelease(CountersReader.metaDataOffset(records.counterId(i)), CountersReader.RECORD_RECLAIMED);
        }
        free[freeCount++] = records;
    }

    /**
     * Frees every record of every set to the file, lent or not (their owners must not write them any
     * more); {@link #take} then answers null. A second call does nothing.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (int s = 0; s < createdCount; s++) {
            final CounterRecords records = created[s];
            for (int i = 0; i < names.length; i++) {
                final int id = records.counterId(i);
                // Agrona frees only allocated records: a set given back is marked so just before.
                metadata.putIntRelease(CountersReader.metaDataOffset(id), CountersReader.RECORD_ALLOCATED);
                file.free(id);
            }
        }
        Arrays.fill(created, null);
        Arrays.fill(free, null);
        createdCount = 0;
        freeCount = 0;
    }

    private CounterRecords create(final int prefixLength) {
        final int[] ids = new int[names.length];
        for (int i = 0; i < names.length; i++) {
            label.putBytes(prefixLength, names[i]);
            ids[i] = file.allocate(typeId, label, 0, prefixLength + names[i].length);
            if (ids[i] == CountersReader.NULL_COUNTER_ID) {
                for (int j = 0; j < i; j++) {
                    file.free(ids[j]);
                }
                return null;
            }
        }
        if (createdCount == created.length) {
            created = Arrays.copyOf(created, createdCount * 2);
            free = Arrays.copyOf(free, createdCount * 2);
        }
        final CounterRecords records = new CounterRecords(values, ids, this);
        created[createdCount++] = records;
        return records;
    }
}
