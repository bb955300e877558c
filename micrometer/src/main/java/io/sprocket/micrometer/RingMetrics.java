package io.sprocket.micrometer;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.sprocket.ring.MessageRing;
import io.sprocket.ring.RingStats;

/**
 * A ring's figures ({@link RingStats}) as Micrometer meters, tagged {@code ring=<name>}. In
 * Prometheus's text format (counters end in {@code _total}):
 *
 * <table>
 *   <caption>Meters</caption>
 *   <tr><th>meter</th><th>kind</th><th>what it measures</th></tr>
 *   <tr><td>{@code sprocket.ring.claimed} (slots)</td><td>counter</td><td>slots producers claimed</td></tr>
 *   <tr><td>{@code sprocket.ring.handled} (messages)</td><td>counter</td><td>messages the engine's handler was given</td></tr>
 *   <tr><td>{@code sprocket.ring.recycled} (slots)</td><td>counter</td><td>slots every consumer has passed</td></tr>
 *   <tr><td>{@code sprocket.ring.rejected} (claims), {@code reason=full|closed}</td><td>counter</td><td>claims refused</td></tr>
 *   <tr><td>{@code sprocket.ring.cancelled} (claims)</td><td>counter</td><td>claimed slots published empty</td></tr>
 *   <tr><td>{@code sprocket.ring.oversized} (messages)</td><td>counter</td><td>messages longer than a slot</td></tr>
 *   <tr><td>{@code sprocket.ring.handler.exceptions}</td><td>counter</td><td>exceptions handlers threw</td></tr>
 *   <tr><td>{@code sprocket.ring.in.flight} (slots)</td><td>gauge</td><td>slots claimed, not yet recycled</td></tr>
 *   <tr><td>{@code sprocket.ring.free} (slots)</td><td>gauge</td><td>slots free for claiming</td></tr>
 *   <tr><td>{@code sprocket.ring.size} (slots)</td><td>gauge</td><td>slots in the ring</td></tr>
 *   <tr><td>{@code sprocket.ring.oversized.held} (bytes)</td><td>gauge</td><td>bytes held by one-lap buffers</td></tr>
 * </table>
 *
 * <p>Each meter reads its figure at the moment it is read, as Micrometer reads meters one by one,
 * so one scrape under traffic can show a handled count above the claimed count it read a moment
 * earlier; {@link MessageRing#stats(RingStats)} and the JMX {@code Snapshot} give all the figures
 * at one moment.
 *
 * <p><b>Note:</b> bind on any thread; binding allocates the meters once. Reading a meter, from any
 * number of threads, fills a {@link RingStats} this binding owns, under its lock, and allocates
 * nothing.
 */
public final class RingMetrics implements MeterBinder {
    private final MessageRing ring;
    private final Tags tags;

    /**
     * Meters for a ring, tagged {@code ring=<name>}.
     *
     * @param ring the ring.
     * @throws IllegalArgumentException when the ring is null.
     */
    public RingMetrics(final MessageRing ring) {
        this(ring, Tags.empty());
    }

    /**
     * Meters for a ring, tagged with {@code tags} and {@code ring=<name>}.
     *
     * @param ring the ring.
     * @param tags more tags for every meter (an application, a host...).
     * @throws IllegalArgumentException when the ring or the tags are null.
     */
    public RingMetrics(final MessageRing ring, final Iterable<Tag> tags) {
        if (ring == null) {
            throw new IllegalArgumentException("ring must not be null");
        }
        this.ring = ring;
        this.tags = StatsMeters.tags(tags, "ring", ring.name());
    }

    /**
     * Registers the ring's meters.
     *
     * @param registry the registry.
     * @throws IllegalArgumentException when the registry is null.
     */
    @Override
    public void bindTo(final MeterRegistry registry) {
        final StatsMeters<MessageRing, RingStats> m = new StatsMeters<>(registry, ring, tags, new RingStats(),
            MessageRing::stats);
        m.counter("sprocket.ring.claimed", "slots",
            "Slots producers have claimed since the ring was built, cancelled claims and control events included.",
            RingStats::claims);
        m.counter("sprocket.ring.handled", "messages",
            "Messages the engine's handler has been given since the ring was built (cancelled claims and control"
                + " events not counted).",
            RingStats::handled);
        m.counter("sprocket.ring.recycled", "slots",
            "Slots every consumer has passed since the ring was built, so they could be claimed again.",
            RingStats::recycled);
        m.counter("sprocket.ring.rejected", "claims",
            "Claims refused since the ring was built: full (every slot in use: a tryClaim, or a claim that waited"
                + " its whole timeout) or closed (the ring was closing or closed).",
            RingStats::fullRejections, Tags.of("reason", "full"));
        m.counter("sprocket.ring.rejected", "claims",
            "Claims refused since the ring was built: full (every slot in use: a tryClaim, or a claim that waited"
                + " its whole timeout) or closed (the ring was closing or closed).",
            RingStats::closedRejections, Tags.of("reason", "closed"));
        m.counter("sprocket.ring.cancelled", "claims",
            "Claimed slots published empty since the ring was built: cancelled by their producer, or claimed as"
                + " the ring closed.",
            RingStats::cancelled);
        m.counter("sprocket.ring.oversized", "messages",
            "Messages longer than a slot since the ring was built, each given a buffer of its own for one lap (the"
                + " ring's only allocation).",
            RingStats::oversized);
        m.counter("sprocket.ring.handler.exceptions", null,
            "Exceptions the engine's and readers' handlers threw since the ring was built, each caught and reported"
                + " to the ring's error listener.",
            RingStats::handlerExceptions);
        m.gauge("sprocket.ring.in.flight", "slots", "Slots claimed and not yet recycled.", RingStats::inFlight);
        m.gauge("sprocket.ring.free", "slots", "Slots free for claiming.", RingStats::remainingCapacity);
        m.gauge("sprocket.ring.size", "slots", "Slots in the ring.", RingStats::ringSize);
        m.gauge("sprocket.ring.oversized.held", "bytes",
            "Off-heap bytes held by the one-lap buffers of messages longer than a slot.", RingStats::oversizedBytesHeld);
    }
}
