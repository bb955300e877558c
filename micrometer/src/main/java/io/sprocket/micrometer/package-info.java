/**
 * Micrometer meter binders for Sprocket: {@link io.sprocket.micrometer.RingMetrics} (a ring),
 * {@link io.sprocket.micrometer.BufferPoolMetrics} (a buffer pool, such as a ring's clone pool),
 * {@link io.sprocket.micrometer.RegistryMetrics} (an engine's registries of sockets, peers and
 * connections) and {@link io.sprocket.micrometer.TransportMetrics} (a transport's connections and
 * frames). Counts are function counters and levels are gauges, both read from the statistics the
 * object already keeps, so a scrape costs the hot path nothing.
 *
 * <pre>{@code
 * MeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
 * new RingMetrics(engine.ring()).bindTo(registry);
 * new BufferPoolMetrics(engine.ring().clonePool()).bindTo(registry);
 * new RegistryMetrics(engine).bindTo(registry);
 * new TransportMetrics(transport).bindTo(registry);
 * }</pre>
 *
 * <p><b>Note:</b> binding allocates the meters (once); reading a meter, from any number of scraping
 * threads, fills a statistics object owned by the binding under a lock and allocates nothing.
 */
package io.sprocket.micrometer;
