package io.sprocket.micrometer;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.sprocket.message.BufferPool;
import io.sprocket.message.PoolStats;

/**
 * A {@link BufferPool}'s figures ({@link PoolStats}) as Micrometer meters, tagged
 * {@code pool=<name>} (a ring's clone pool is named {@code <ring>-clones}):
 *
 * <table>
 *   <caption>Meters</caption>
 *   <tr><th>meter</th><th>kind</th><th>what it measures</th></tr>
 *   <tr><td>{@code sprocket.pool.acquired} (messages)</td><td>counter</td><td>messages taken from the pool</td></tr>
 *   <tr><td>{@code sprocket.pool.released} (messages)</td><td>counter</td><td>messages given back</td></tr>
 *   <tr><td>{@code sprocket.pool.allocated} (buffers)</td><td>counter</td><td>buffers the pool had to allocate</td></tr>
 *   <tr><td>{@code sprocket.pool.oversized} (messages)</td><td>counter</td><td>acquires above the pooled size</td></tr>
 *   <tr><td>{@code sprocket.pool.dropped} (buffers)</td><td>counter</td><td>releases the full pool did not keep</td></tr>
 *   <tr><td>{@code sprocket.pool.retained} (buffers)</td><td>gauge</td><td>buffers on the free list</td></tr>
 *   <tr><td>{@code sprocket.pool.max.retained} (buffers)</td><td>gauge</td><td>the most buffers it keeps</td></tr>
 * </table>
 *
 * <p>Each meter reads its figure at the moment it is read; {@link BufferPool#stats(PoolStats)} and
 * the JMX {@code Snapshot} give all the figures at one moment.
 *
 * <p><b>Note:</b> bind on any thread; binding allocates the meters once. Reading a meter, from any
 * number of threads, fills a {@link PoolStats} this binding owns, under its lock, and allocates
 * nothing.
 */
public final class BufferPoolMetrics implements MeterBinder {
    private final BufferPool pool;
    private final Tags tags;

    /**
     * Meters for a pool, tagged {@code pool=<name>}.
     *
     * @param pool the pool, for instance {@code ring.clonePool()}.
     * @throws IllegalArgumentException when the pool is null.
     */
    public BufferPoolMetrics(final BufferPool pool) {
        this(pool, Tags.empty());
    }

    /**
     * Meters for a pool, tagged with {@code tags} and {@code pool=<name>}.
     *
     * @param pool the pool.
     * @param tags more tags for every meter.
     * @throws IllegalArgumentException when the pool or the tags are null.
     */
    public BufferPoolMetrics(final BufferPool pool, final Iterable<Tag> tags) {
        if (pool == null) {
            throw new IllegalArgumentException("pool must not be null");
        }
        this.pool = pool;
        this.tags = StatsMeters.tags(tags, "pool", pool.name());
    }

    /**
     * Registers the pool's meters.
     *
     * @param registry the registry.
     * @throws IllegalArgumentException when the registry is null.
     */
    @Override
    public void bindTo(final MeterRegistry registry) {
        final StatsMeters<BufferPool, PoolStats> m = new StatsMeters<>(registry, pool, tags, new PoolStats(),
            BufferPool::stats);
        m.counter("sprocket.pool.acquired", "messages",
            "Messages taken from the pool since it was created (Message.clone() of a ring message takes one),"
                + " those served by a new buffer included.",
            PoolStats::acquires);
        m.counter("sprocket.pool.released", "messages",
            "Messages given back to the pool since it was created, those it dropped included.",
            PoolStats::releases);
        m.counter("sprocket.pool.allocated", "buffers",
            "Buffers the pool allocated since it was created because its free list had none to give: while it warms"
                + " up, whenever more messages are out at once than it keeps, and for every request above the pooled"
                + " size. Flat once the pool is warm.",
            PoolStats::buffersAllocated);
        m.counter("sprocket.pool.oversized", "messages",
            "Acquires above the pooled size since the pool was created, each served by a one-off buffer that is"
                + " never kept (also counted as allocated).",
            PoolStats::oversized);
        m.counter("sprocket.pool.dropped", "buffers",
            "Releases the pool did not keep since it was created, because it already held its maximum.",
            PoolStats::dropped);
        m.gauge("sprocket.pool.retained", "buffers", "Buffers on the free list, ready for the next acquire.",
            PoolStats::retained);
        m.gauge("sprocket.pool.max.retained", "buffers", "The most buffers the pool keeps on its free list.",
            PoolStats::maxRetained);
    }
}
