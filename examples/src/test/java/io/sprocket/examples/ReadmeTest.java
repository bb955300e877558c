package io.sprocket.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.sprocket.message.JvmAccess;

/**
 * Every Java block of the README is an example the build compiles and runs: the line above the block
 * is {@code <!-- example: PATH -->} (the whole file but its package line) or
 * {@code <!-- example: PATH#TAG -->} (the lines between {@code // tag::TAG[]} and
 * {@code // end::TAG[]}, which the paragraph above must call an excerpt).
 */
class ReadmeTest {
    private static final Path ROOT = Path.of("..");
    private static final Pattern MARKER = Pattern.compile("<!-- example: (examples/src/main/java/[\\w/]+\\.java)(?:#([\\w-]+))? -->");

    @Test
    void shouldQuoteEveryJavaBlockFromAnExampleTheBuildRuns() throws IOException {
        final List<String> lines = readme();
        int blocks = 0;
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).strip().startsWith("```java")) {
                continue;
            }
            blocks++;
            final int end = closingFence(lines, i);
            final String block = String.join("\n", lines.subList(i + 1, end));
            final String marker = i > 0 ? lines.get(i - 1).strip() : "";
            final Matcher m = MARKER.matcher(marker);
            assertThat(m.matches()).as("README line %d: the Java block needs a '<!-- example: PATH[#TAG] -->' line above it, got '%s'",
                i + 1, marker).isTrue();
            final Path source = ROOT.resolve(m.group(1));
            assertThat(source).as("README line %d names an example that exists", i).exists();
            final String name = source.getFileName().toString().replace(".java", "");
            assertThat(Path.of("src/test/java/io/sprocket/examples", name + "Test.java"))
                .as("%s is run by a test", name).exists();
            final String text = Files.readString(source, StandardCharsets.UTF_8);
            if (m.group(2) == null) {
                assertThat(block).as("README line %d quotes %s whole but for its package line (re-paste it)", i + 1, name)
                    .isEqualTo(withoutPackageLine(text));
            } else {
                assertThat(block).as("README line %d quotes %s#%s as it is (re-paste it)", i + 1, name, m.group(2))
                    .isEqualTo(tagged(text, m.group(2)));
                assertThat(paragraphAbove(lines, i - 1)).as("the paragraph above README line %d says it is an excerpt of %s", i + 1, name)
                    .containsIgnoringCase("excerpt").contains(source.getFileName().toString());
            }
        }
        assertThat(blocks).as("Java blocks in the README").isGreaterThanOrEqualTo(3);
    }

    @Test
    void shouldGiveTheFlagTheStartUpCheckNames() throws IOException {
        final String readme = String.join("\n", readme());
        assertThat(readme).contains("## Run configurations").contains(JvmAccess.FLAG).contains("JDK_JAVA_OPTIONS")
            .contains(".mvn/jvm.config").contains("<argLine>").contains("jvmArgs(").contains("Add-Exports:");
    }

    private static List<String> readme() throws IOException {
        return Files.readAllLines(ROOT.resolve("README.md"), StandardCharsets.UTF_8);
    }

    private static int closingFence(final List<String> lines, final int open) {
        for (int j = open + 1; j < lines.size(); j++) {
            if (lines.get(j).strip().equals("```")) {
                return j;
            }
        }
        throw new AssertionError("README line " + (open + 1) + ": the Java block is never closed");
    }

    private static String withoutPackageLine(final String source) {
        final List<String> lines = new ArrayList<>(List.of(source.split("\n", -1)));
        assertThat(lines.get(0)).startsWith("package ");
        lines.remove(0);
        while (lines.get(0).isBlank()) {
            lines.remove(0);
        }
        return String.join("\n", lines).stripTrailing();
    }

    private static String tagged(final String source, final String tag) {
        final int open = source.indexOf("// tag::" + tag + "[]");
        final int close = source.indexOf("// end::" + tag + "[]");
        assertThat(open).as("tag %s opens", tag).isNotNegative();
        assertThat(close).as("tag %s closes", tag).isGreaterThan(open);
        final int start = source.indexOf('\n', open) + 1;
        final int end = source.lastIndexOf('\n', close);
        return source.substring(start, end).stripIndent();
    }

    private static String paragraphAbove(final List<String> lines, final int markerLine) {
        int j = markerLine - 1;
        while (j >= 0 && lines.get(j).isBlank()) {
            j--;
        }
        final StringBuilder b = new StringBuilder();
        while (j >= 0 && !lines.get(j).isBlank()) {
            b.insert(0, lines.get(j) + "\n");
            j--;
        }
        return b.toString();
    }
}
