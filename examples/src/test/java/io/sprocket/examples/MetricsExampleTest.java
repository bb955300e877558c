package io.sprocket.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.sprocket.message.Waits;
import io.sprocket.ring.RingStats;

class MetricsExampleTest {
    @Test
    void shouldServeTheRingsHandledCountAsPrometheusTextOverHttp() throws Exception {
        try (MetricsExample example = MetricsExample.start(0)) {
            assertThat(example.port()).isPositive();
            assertThat(example.publish(1_000)).isEqualTo(1_000);
            Waits.await("the engine handled 1 000 orders", 30_000,
                () -> example.ring().stats(new RingStats()).handled() == 1_000);

            final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            final HttpResponse<String> response = client.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + example.port() + "/metrics"))
                    .timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
            final String text = response.body();
            assertThat(text.lines())
                .contains("sprocket_ring_handled_messages_total{ring=\"orders\"} 1000.0")
                .contains("sprocket_ring_claimed_slots_total{ring=\"orders\"} 1000.0")
                .contains("sprocket_ring_size_slots{ring=\"orders\"} 1024.0")
                .contains("# TYPE sprocket_ring_handled_messages_total counter")
                .anySatisfy(l -> assertThat(l).startsWith("# HELP sprocket_ring_handled_messages_total Messages the engine's handler"))
                .anySatisfy(l -> assertThat(l).startsWith("sprocket_pool_acquired_messages_total{pool=\"orders-clones\"} "));
        }
    }
}
