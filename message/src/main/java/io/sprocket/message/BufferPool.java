package io.sprocket.message;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicLongArray;

import io.sprocket.counters.CounterSet;
import io.sprocket.counters.CounterTypes;
import io.sprocket.counters.CountersFile;

import org.agrona.BufferUtil;
import org.agrona.concurrent.ManyToManyConcurrentArrayQueue;

/**
 * A bounded, lock-free pool of off-heap messages for data that must outlive a ring slot
 * ({@link Message#clone()}) or be built before a slot can be claimed.
 *
 * <ul>
 *   <li>{@link #acquire(int)} takes a message whose payload capacity is
 *       {@link InfraConfig#maxPooledSizeBytes()} from the free list, or allocates one when the list is
 *       empty (a miss, counted in {@code buffersAllocated}). A request above that size gets a one-off
 *       buffer of its own, counted as {@code oversized}, which is never pooled.</li>
 *   <li>{@link #release(Message)} puts a message back, unless the pool already keeps
 *       {@link InfraConfig#maxRetained()} of them: then the message is dropped and counted. Retained
 *       memory never grows past that bound; dropped memory goes back when the garbage collector
 *       clears the message.</li>
 * </ul>
 *
 * <p>A hit and a return cost one CAS each on the free list and nothing else: the free list is an
 * Agrona {@code ManyToManyConcurrentArrayQueue} of exactly {@code maxRetained} slots (a power of
 * two), so its capacity is the bound, and its own added and removed counts are the hits and the
 * pooled returns. Only the rare paths (a miss, an oversized request, a drop) touch a counter.
 *
 * <p>That queue answers "empty" to a poll while another thread's offer is half done, and "full"
 * to an offer while another thread's poll is half done. The pool tells those races from a really
 * empty or full list and waits them out (a brief spin, then yielding), so a warm pool holding
 * enough messages serves every acquire without allocating and keeps every release, whatever the
 * number of threads. Retained memory stays bounded by exactly {@code maxRetained} messages: there
 * are no per-thread caches.
 *
 * <p>A message acquired here has no thread affinity: it may be handed to other threads (with a
 * happens-before edge, as any object). With checks on, it may not be touched after release.
 *
 * <p><b>Note:</b> safe for any number of threads, without locks. Once warm (the pool has made as
 * many messages as are ever held at once, and {@code maxRetained} is at least that many), acquire
 * and release allocate nothing on any thread; a miss allocates one message and its direct buffer.
 */
public final class BufferPool extends MessageSource {
    private static final int ALLOCATED = 0;
    private static final int OVERSIZED = 1;
    private static final int DROPPED = 2;
    private static final int ONE_OFF_RETURNS = 3;
    private static final int TRIMMED = 4;
    private static final int COUNTERS = 5;
    private static final int ALIGNMENT = 64;
    private static final int SPINS_BEFORE_YIELD = 64;
    /** Retries of a poll or offer that raced with another thread, before giving up on the free list. */
    private static final int MAX_RETRIES = 100_000;

    private final int pooledSizeBytes;
    private final int headerRoom;
    private final int maxRetained;
    /** The free list; null when maxRetained is 0. */
    private final ManyToManyConcurrentArrayQueue<Message> free;
    /** Rare-path counters, in the counters file (each record on a cache line of its own) until {@link #close()}. */
    private final CounterSet counters;
    /** Counts made after {@link #close()}, when the file's records may belong to others: on the heap. */
    private final AtomicLongArray lateCounts = new AtomicLongArray(COUNTERS);
    private volatile boolean closed;
    private int serial;

    /**
     * Creates an empty pool: payload capacity {@link InfraConfig#maxPooledSizeBytes()}, header room
     * {@link InfraConfig#headerCapacityBytes()}, at most {@link InfraConfig#maxRetained()} kept.
     *
     * @param name   a name for statistics, JMX and error messages.
     * @param config the sizes.
     * @throws IllegalArgumentException when the name is null or empty or the config is null.
     * @throws IllegalStateException when the JVM was started without the flag {@link JvmAccess} names.
     */
    public BufferPool(final String name, final InfraConfig config) {
        this(name, config, null);
    }

    /**
     * Creates an empty pool as {@link #BufferPool(String, InfraConfig)}, whose counters (buffers
     * allocated, oversized, dropped, one-off returns, trimmed) live in {@code countersFile}, where
     * {@code sprocket-perf stat} reads them from another process, until {@link #close()}.
     *
     * @param name         a name for statistics, JMX and error messages.
     * @param config       the sizes.
     * @param countersFile where the counters live; null for the process's shared file.
     * @throws IllegalArgumentException when the name is null or empty or the config is null.
     * @throws IllegalStateException when the JVM was started without the flag {@link JvmAccess} names.
     */
    public BufferPool(final String name, final InfraConfig config, final CountersFile countersFile) {
        super(name);
        JvmAccess.require();
        if (config == null) {
            throw new IllegalArgumentException("config is null");
        }
        this.pooledSizeBytes = config.maxPooledSizeBytes();
        this.headerRoom = config.headerCapacityBytes();
        this.maxRetained = config.maxRetained();
        this.free = maxRetained == 0 ? null : new ManyToManyConcurrentArrayQueue<>(maxRetained);
        final String[] labels = {
            "pool " + name + ": buffers allocated (pool misses and oversized)",
            "pool " + name + ": oversized acquires (one-off buffers)",
            "pool " + name + ": releases dropped, pool full",
            "pool " + name + ": one-off buffers returned",
            "pool " + name + ": buffers trimmed"};
        this.counters = countersFile != null ? CounterSet.allocate(countersFile, false, CounterTypes.POOL, labels)
            : CounterSet.allocate(CountersFile.processShared(), true, CounterTypes.POOL, labels);
    }

    /**
     * Empties the free list ({@link #trim()}) and frees this pool's records in the counters file,
     * keeping their values for {@link #stats}. The pool still works afterwards (messages out in the
     * world come back to it), counting on the heap. A second call only trims.
     *
     * <p><b>Note:</b> any thread; allocates (freeing the records).
     */
    public void close() {
        trim();
        if (!closed) {
            closed = true;
            counters.free();
        }
    }

    private void count(final int counter) {
        if (closed) {
            lateCounts.getAndIncrement(counter);
        } else {
            counters.counter(counter).increment();
        }
    }

    private long counted(final int counter) {
        return counters.get(counter) + lateCounts.get(counter);
    }

    /**
     * Takes a message with room for at least {@code sizeBytes} of payload, its length set to
     * {@code sizeBytes}, no header, peer id 0 and no address.
     *
     * @param sizeBytes 0 or more; above {@link #pooledSizeBytes()} it is served by a one-off buffer.
     * @return a message the caller owns until it calls {@link Message#release()}.
     * @throws IllegalArgumentException when {@code sizeBytes} is negative or above
     *                                  {@link InfraConfig#MAX_BUFFER_SIZE_BYTES}.
     */
    public Message acquire(final int sizeBytes) {
        if (sizeBytes < 0 || sizeBytes > InfraConfig.MAX_BUFFER_SIZE_BYTES) {
            throw new IllegalArgumentException("acquire size " + sizeBytes + " must be from 0 to "
                + InfraConfig.MAX_BUFFER_SIZE_BYTES + " bytes (pooled up to " + pooledSizeBytes + ") in pool '"
                + name() + "'");
        }
        Message message;
        if (sizeBytes > pooledSizeBytes) {
            count(OVERSIZED);
            count(ALLOCATED);
            message = allocate(sizeBytes, false);
        } else {
            message = free == null ? null : take();
            if (message == null) {
                count(ALLOCATED);
                message = allocate(pooledSizeBytes, true);
            }
        }
        Reuse.onAcquire(message, sizeBytes);
        return message;
    }

    /**
     * Gives a message back; the same as {@link Message#release()}. Null is ignored.
     *
     * @param message a message acquired from this pool, or null.
     * @throws IllegalArgumentException when the message came from another pool or a ring.
     * @throws IllegalStateException    when it was already released.
     */
    public void release(final Message message) {
        if (message == null) {
            return;
        }
        if (message.source() != this) {
            throw new IllegalArgumentException(message + " does not belong to pool '" + name()
                + "': release it to its own source");
        }
        message.release();
    }

    @Override
    protected void onRelease(final Message message) {
        if (!message.isReusable()) {
            count(ONE_OFF_RETURNS);
        } else if (free == null || !put(message)) {
            count(DROPPED);
        }
    }

    /**
     * Polls the free list; when it answers null while it is not empty, another thread's offer is
     * between its claim of a free-list slot and its store into it, so the poll waits that offer out
     * (spinning briefly, then yielding, so a preempted offerer gets the core) instead of allocating.
     * Null only when the list is empty, or after {@link #MAX_RETRIES} retries (counted as a miss).
     */
    private Message take() {
        Message m = free.poll();
        for (int retry = 0; m == null && !free.isEmpty() && retry < MAX_RETRIES; retry++) {
            backOff(retry);
            m = free.poll();
        }
        return m;
    }

    /**
     * Offers to the free list; when it refuses while it holds fewer than its capacity, another
     * thread's poll is between taking a free-list slot and clearing it, so the offer waits that poll
     * out as {@link #take()} does. False only when the list is full (the bound) or after
     * {@link #MAX_RETRIES} retries (counted as a drop).
     */
    private boolean put(final Message m) {
        boolean done = free.offer(m);
        for (int retry = 0; !done && free.size() < maxRetained && retry < MAX_RETRIES; retry++) {
            backOff(retry);
            done = free.offer(m);
        }
        return done;
    }

    private static void backOff(final int retry) {
        if (retry < SPINS_BEFORE_YIELD) {
            Thread.onSpinWait();
        } else {
            Thread.yield();
        }
    }

    @Override
    protected String describe(final int index) {
        return "pool '" + name() + "' buffer #" + index;
    }

    private Message allocate(final int payloadBytes, final boolean reusable) {
        final long bytes = MessageDescriptor.memoryBytes(headerRoom, payloadBytes);
        if (bytes > Integer.MAX_VALUE - ALIGNMENT) {
            throw new IllegalArgumentException("buffer of " + payloadBytes + " bytes is too large to allocate");
        }
        final ByteBuffer memory = BufferUtil.allocateDirectAligned(alignUp((int)bytes), ALIGNMENT);
        return new Message(this, this, nextSerial(), memory, 0, headerRoom, payloadBytes, reusable, true);
    }

    private synchronized int nextSerial() {
        return serial++;
    }

    private static int alignUp(final int bytes) {
        final long aligned = ((long)bytes + ALIGNMENT - 1) & -ALIGNMENT;
        if (aligned > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("buffer of " + bytes + " bytes is too large to align");
        }
        return (int)aligned;
    }

    /**
     * The payload capacity of every retained buffer: the largest request served without allocating.
     *
     * @return bytes.
     */
    public int pooledSizeBytes() {
        return pooledSizeBytes;
    }

    /**
     * Fills a snapshot of this pool's counters. The releases are read before the acquires (and the
     * trimmed count before the free list's removals, since a trim removes first and counts after),
     * so within one snapshot {@code releases <= acquires} holds however busy the pool is: a message is
     * acquired before it is released.
     *
     * @param into the caller's snapshot object.
     * @return {@code into}.
     */
    public PoolStats stats(final PoolStats into) {
        final long added = free == null ? 0 : free.addedCount();
        into.dropped = counted(DROPPED);
        into.releases = added + into.dropped + counted(ONE_OFF_RETURNS);
        final long trimmed = counted(TRIMMED);
        final long removed = free == null ? 0 : free.removedCount();
        into.buffersAllocated = counted(ALLOCATED);
        into.oversized = counted(OVERSIZED);
        into.acquires = removed - trimmed + into.buffersAllocated;
        into.retained = Math.max(0, Math.min(maxRetained, added - removed));
        into.maxRetained = maxRetained;
        return into;
    }

    /**
     * Forgets every retained buffer, so their memory goes back once the garbage collector clears
     * them. The pool stays usable: later acquires allocate again.
     *
     * @return how many buffers were let go.
     */
    public int trim() {
        int count = 0;
        while (free != null && free.poll() != null) {
            count(TRIMMED);   // a poll that was no acquire
            count++;
        }
        return count;
    }

    @Override
    public String toString() {
        return "BufferPool['" + name() + "', pooled " + pooledSizeBytes + " B, " + stats(new PoolStats()) + ']';
    }
}
