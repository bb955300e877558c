package io.sprocket.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;

import org.junit.jupiter.api.Test;

class ProtocolsExampleTest {
    @Test
    void shouldMatchEachAnswerToItsQuestion() throws IOException {
        assertThat(ProtocolsExample.requestReply(3)).isEqualTo("re: question 1, re: question 2, re: question 3");
    }

    @Test
    void shouldDeliverOnlyTheSubscribedInstruments() throws IOException {
        assertThat(ProtocolsExample.publishSubscribe()).isEqualTo("EURUSD 1.0812, GBPUSD 1.2675, EURUSD 1.0813");
    }
}
