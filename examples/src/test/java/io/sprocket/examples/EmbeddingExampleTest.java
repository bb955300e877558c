package io.sprocket.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

class EmbeddingExampleTest {
    @Test
    void shouldRunTheExampleToCompletion() {
        // 10 000 orders with quantities orderId % 100: 100 laps of 0..99.
        assertThat(EmbeddingExample.run(10_000))
            .startsWith("handled 10000 orders, quantity 495000, unhandled 0, claims 10000");
    }

    @Test
    void shouldBeQuotedInTheReadmeAsItIs() throws IOException {
        final String source = Files.readString(
            Path.of("src/main/java/io/sprocket/examples/EmbeddingExample.java"), StandardCharsets.UTF_8);
        final int start = source.indexOf('\n', source.indexOf("// tag::embedding[]")) + 1;
        final int end = source.lastIndexOf('\n', source.indexOf("// end::embedding[]"));
        final String quoted = source.substring(start, end).stripIndent();
        final String readme = Files.readString(Path.of("../README.md"), StandardCharsets.UTF_8);
        assertThat(readme).as("README.md quotes the embedding example (re-paste it after editing the example)")
            .contains(quoted);
    }
}
