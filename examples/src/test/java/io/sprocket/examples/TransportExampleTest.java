package io.sprocket.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;

import org.junit.jupiter.api.Test;

class TransportExampleTest {
    @Test
    void shouldReceiveEveryMessageThePushSocketSent() throws IOException, InterruptedException {
        assertThat(TransportExample.run(1_000))
            .startsWith("received all 1000 of 1000 messages, 5000 bytes, from tcp://127.0.0.1:");
    }
}
