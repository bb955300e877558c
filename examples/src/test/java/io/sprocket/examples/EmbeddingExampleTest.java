package io.sprocket.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sprocket.message.JvmAccess;

class EmbeddingExampleTest {
    @TempDir
    Path dir;

    @Test
    void shouldRunTheExampleToCompletion() {
        // 10 000 orders with quantities orderId % 100: 100 laps of 0..99.
        assertThat(EmbeddingExample.run(10_000))
            .startsWith("handled 10000 orders, quantity 495000, unhandled 0, claims 10000");
    }

    @Test
    void shouldNameTheJvmFlagAndWhereItGoesWhenStartedWithoutIt() throws IOException, InterruptedException {
        final String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        final String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        final Path output = dir.resolve("output.txt");
        final ProcessBuilder builder = new ProcessBuilder(java, "-cp", classPath, EmbeddingExample.class.getName())
            .redirectErrorStream(true)
            .redirectOutput(output.toFile());
        builder.environment().remove("JDK_JAVA_OPTIONS");   // a user's environment could carry the flag
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        final Process child = builder.start();
        try {
            assertThat(child.waitFor(60, TimeUnit.SECONDS)).as("the child JVM ended within 60 s").isTrue();
        } finally {
            child.destroyForcibly();
        }
        final String text = Files.readString(output, StandardCharsets.UTF_8);
        assertThat(child.exitValue()).as(text).isNotZero();
        assertThat(text)
            .contains("java.lang.IllegalStateException: Sprocket needs the JVM flag")
            .contains(JvmAccess.FLAG)
            .contains("JDK_JAVA_OPTIONS")
            .contains(".mvn/jvm.config")
            .contains("<argLine>")
            .contains("jvmArgs(")
            .contains("at io.sprocket.message.InfraConfig.builder")
            .doesNotContain("IllegalAccessError");
    }
}
