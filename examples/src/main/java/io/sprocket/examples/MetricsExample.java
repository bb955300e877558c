package io.sprocket.examples;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpServer;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sprocket.micrometer.BufferPoolMetrics;
import io.sprocket.micrometer.RingMetrics;
import io.sprocket.ring.MessageRing;

/**
 * Serves a ring's metrics to Prometheus: Sprocket's meter binders on a Micrometer
 * {@code PrometheusMeterRegistry}, whose text the JDK's own HTTP server hands out at
 * {@code /metrics}, while orders go through the ring.
 *
 * <p><b>Note:</b> a program: {@link #main} publishes on the caller's thread, the ring handles on its
 * engine thread and the HTTP server answers on its own thread; a scrape allocates (the text), the
 * publishing does not.
 */
public final class MetricsExample implements AutoCloseable {
    private final MessageRing ring;
    private final HttpServer http;

    private MetricsExample(final MessageRing ring, final HttpServer http) {
        this.ring = ring;
        this.http = http;
    }

    /**
     * Serves {@code http://localhost:PORT/metrics} and publishes 1 000 orders a second until stopped
     * (Ctrl-C).
     *
     * @param args the port, 9464 if none is given (0 takes any free port).
     * @throws IOException          when the port cannot be bound.
     * @throws InterruptedException when interrupted between orders.
     */
    public static void main(final String[] args) throws IOException, InterruptedException {
        MetricsExample example = start(args.length > 0 ? Integer.parseInt(args[0]) : 9464);
        Runtime.getRuntime().addShutdownHook(new Thread(example::close));
        System.out.println("Prometheus text at http://localhost:" + example.port() + "/metrics (Ctrl-C stops)");
        while (example.publish(100) == 100) {                       // until close() refuses claims
            Thread.sleep(100);
        }
    }

    /**
     * Starts a ring named {@code orders}, binds its meters and its clone pool's to a Prometheus
     * registry, and serves the registry's text on {@code port}.
     *
     * @param port the TCP port, or 0 for any free port ({@link #port()} says which).
     * @return the running example; {@link #close()} stops it.
     * @throws IOException when the port cannot be bound.
     */
    // tag::metrics[]
    public static MetricsExample start(final int port) throws IOException {
        MessageRing ring = MessageRing.builder()
            .name("orders")
            .handler((message, sequence, endOfBatch) -> {
                // the business logic, on the engine thread
            })
            .build()
            .start();

        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new RingMetrics(ring).bindTo(registry);                     // sprocket_ring_*{ring="orders"}
        new BufferPoolMetrics(ring.clonePool()).bindTo(registry);   // sprocket_pool_*{pool="orders-clones"}

        HttpServer http = HttpServer.create(new InetSocketAddress(port), 0);
        http.createContext("/metrics", exchange -> {
            byte[] body = registry.scrape().getBytes(StandardCharsets.UTF_8);   // Prometheus text format
            exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        http.start();
        return new MetricsExample(ring, http);
    }
    // end::metrics[]

    /**
     * Publishes {@code orders} orders (an id each), waiting up to a second for room for each.
     *
     * @param orders how many to publish.
     * @return how many were published: fewer once the ring is closing.
     */
    public int publish(final int orders) {
        for (int i = 0; i < orders; i++) {
            long seq = ring.claim(8, TimeUnit.SECONDS.toNanos(1));
            if (seq < 0) {
                return i;                                           // MessageRing.CLOSED (or FULL for a second)
            }
            ring.message(seq).buffer().putLong(0, i);
            ring.publish(seq);
        }
        return orders;
    }

    /**
     * The port the metrics are served on.
     *
     * @return the bound port.
     */
    public int port() {
        return http.getAddress().getPort();
    }

    /**
     * The ring the orders go through.
     *
     * @return the ring.
     */
    public MessageRing ring() {
        return ring;
    }

    /** Stops serving, then closes the ring (which handles what was published first). */
    @Override
    public void close() {
        http.stop(0);
        ring.close(TimeUnit.SECONDS.toNanos(5));
    }
}
