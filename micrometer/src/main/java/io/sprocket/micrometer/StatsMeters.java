package io.sprocket.micrometer;

import java.util.function.BiFunction;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;

/**
 * Registers the meters of one binding: each reads one figure of a statistics object {@code S} that
 * this binding owns, filled from the source {@code T} at the moment the meter is read.
 *
 * <p>The source is held as Micrometer holds it, weakly: a meter whose source was collected reads
 * its last value (a counter) or NaN (a gauge). The statistics object is filled and read under its
 * own lock, since scrapes may run on several threads at once; each meter is read at its own moment,
 * as Micrometer reads meters one by one.
 *
 * <p><b>Note:</b> bound on one thread; reading a meter is safe from any thread and allocates nothing
 * (the fill functions given here fill the caller's object without allocating).
 */
final class StatsMeters<T, S> {
    private final MeterRegistry registry;
    private final T source;
    private final Tags tags;
    private final S stats;
    private final BiFunction<T, S, S> fill;

    StatsMeters(final MeterRegistry registry, final T source, final Tags tags, final S stats,
        final BiFunction<T, S, S> fill) {
        if (registry == null) {
            throw new IllegalArgumentException("bind to a registry, not null");
        }
        this.registry = registry;
        this.source = source;
        this.tags = tags;
        this.stats = stats;
        this.fill = fill;
    }

    /** A count that only grows: a function counter. */
    void counter(final String name, final String baseUnit, final String description, final ToLongFunction<S> field) {
        counter(name, baseUnit, description, field, Tags.empty());
    }

    /** A count that only grows, with tags of its own beside the binding's. */
    void counter(final String name, final String baseUnit, final String description, final ToLongFunction<S> field,
        final Tags extra) {
        FunctionCounter.builder(name, source, read(field))
            .baseUnit(baseUnit)
            .description(description)
            .tags(tags.and(extra))
            .register(registry);
    }

    /** A level that goes up and down: a gauge. */
    void gauge(final String name, final String baseUnit, final String description, final ToLongFunction<S> field) {
        Gauge.builder(name, source, read(field))
            .baseUnit(baseUnit)
            .description(description)
            .tags(tags)
            .register(registry);
    }

    private ToDoubleFunction<T> read(final ToLongFunction<S> field) {
        return from -> value(from, field);
    }

    private double value(final T from, final ToLongFunction<S> field) {
        synchronized (stats) {
            return field.applyAsLong(fill.apply(from, stats));
        }
    }

    /** The binding's tags: the caller's, then {@code key=value}. */
    static Tags tags(final Iterable<Tag> extra, final String key, final String value) {
        if (extra == null) {
            throw new IllegalArgumentException("tags must not be null (use Tags.empty())");
        }
        return Tags.of(extra).and(key, value);
    }
}
