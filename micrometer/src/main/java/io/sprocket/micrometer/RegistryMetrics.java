package io.sprocket.micrometer;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.sprocket.engine.Engine;
import io.sprocket.engine.Registries;
import io.sprocket.engine.RegistryStats;

/**
 * An engine's registry figures ({@link RegistryStats}) as Micrometer meters, tagged
 * {@code ring=<name>} (an engine is named as its ring):
 *
 * <table>
 *   <caption>Meters</caption>
 *   <tr><th>meter</th><th>kind</th><th>what it measures</th></tr>
 *   <tr><td>{@code sprocket.registry.sockets}</td><td>gauge</td><td>sockets open</td></tr>
 *   <tr><td>{@code sprocket.registry.peers}</td><td>gauge</td><td>peers registered</td></tr>
 *   <tr><td>{@code sprocket.registry.connections}</td><td>gauge</td><td>connections registered</td></tr>
 *   <tr><td>{@code sprocket.registry.control.applied} (events)</td><td>counter</td><td>control events applied</td></tr>
 *   <tr><td>{@code sprocket.registry.control.refused} (events)</td><td>counter</td><td>control events refused</td></tr>
 *   <tr><td>{@code sprocket.registry.unknown.peer} (messages)</td><td>counter</td><td>messages for a peer the engine does not know</td></tr>
 *   <tr><td>{@code sprocket.registry.rehashes}</td><td>counter</td><td>indexes that outgrew their capacity</td></tr>
 *   <tr><td>{@code sprocket.registry.snapshots}</td><td>counter</td><td>membership snapshots published</td></tr>
 * </table>
 *
 * <p><b>Note:</b> bind on any thread; binding allocates the meters once. Reading a meter, from any
 * number of threads, fills a {@link RegistryStats} this binding owns, under its lock, and
 * allocates nothing.
 */
public final class RegistryMetrics implements MeterBinder {
    private final Registries registries;
    private final Tags tags;

    /**
     * Meters for an engine's registries, tagged {@code ring=<name>}.
     *
     * @param engine the engine.
     * @throws IllegalArgumentException when the engine is null.
     */
    public RegistryMetrics(final Engine engine) {
        this(engine, Tags.empty());
    }

    /**
     * Meters for an engine's registries, tagged with {@code tags} and {@code ring=<name>}.
     *
     * @param engine the engine.
     * @param tags   more tags for every meter.
     * @throws IllegalArgumentException when the engine or the tags are null.
     */
    public RegistryMetrics(final Engine engine, final Iterable<Tag> tags) {
        if (engine == null) {
            throw new IllegalArgumentException("engine must not be null");
        }
        this.registries = engine.registries();
        this.tags = StatsMeters.tags(tags, "ring", engine.name());
    }

    /**
     * Registers the registries' meters.
     *
     * @param registry the registry.
     * @throws IllegalArgumentException when the registry is null.
     */
    @Override
    public void bindTo(final MeterRegistry registry) {
        final StatsMeters<Registries, RegistryStats> m = new StatsMeters<>(registry, registries, tags,
            new RegistryStats(), Registries::stats);
        m.gauge("sprocket.registry.sockets", null, "Sockets open in the engine.", RegistryStats::sockets);
        m.gauge("sprocket.registry.peers", null, "Peers registered, over all sockets.", RegistryStats::peers);
        m.gauge("sprocket.registry.connections", null, "Connections registered.", RegistryStats::connections);
        m.counter("sprocket.registry.control.applied", "events",
            "Control events (sockets, peers and connections coming and going) the engine applied since the ring was"
                + " built.",
            RegistryStats::controlEvents);
        m.counter("sprocket.registry.control.refused", "events",
            "Control events the engine refused since the ring was built (an unknown id, a duplicate, an illegal"
                + " state change); each changed nothing and was reported to the ring's error listener.",
            RegistryStats::controlErrors);
        m.counter("sprocket.registry.unknown.peer", "messages",
            "Data messages tagged with a peer id the engine does not know, since the ring was built; they were still"
                + " handled.",
            RegistryStats::unknownPeerMessages);
        m.counter("sprocket.registry.rehashes", null,
            "Times an index of the registries outgrew its presized capacity since the ring was built; each one"
                + " allocated.",
            RegistryStats::rehashes);
        m.counter("sprocket.registry.snapshots", null,
            "Membership snapshots the engine published since the ring was built, one per batch that changed"
                + " membership.",
            RegistryStats::snapshots);
    }
}
