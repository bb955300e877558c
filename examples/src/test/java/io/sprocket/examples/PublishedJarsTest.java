package io.sprocket.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The jars a release publishes are built: each library module's jar names its module, its
 * {@code -sources} jar holds every source file, and its {@code -javadoc} jar has a page for every
 * package. Tagged "published": it runs after {@code package} (this module's "published-jars"
 * execution, in the integration-test phase), when the library modules before it in the build have
 * made their jars.
 */
@Tag("published")
class PublishedJarsTest {
    private static final Path ROOT = Path.of("..");

    @ParameterizedTest
    @ValueSource(strings = {"counters", "message", "registry", "ring", "engine", "journal", "transport", "micrometer"})
    void shouldBuildTheJarsAReleasePublishes(final String module) throws IOException {
        final String version = System.getProperty("sprocket.version");
        assertThat(version).as("the build passes sprocket.version").isNotBlank();
        final Path target = ROOT.resolve(module).resolve("target");
        final String base = "sprocket-" + module + "-" + version;
        final Path jar = target.resolve(base + ".jar");
        final Path sources = target.resolve(base + "-sources.jar");
        final Path javadoc = target.resolve(base + "-javadoc.jar");
        assertThat(List.of(jar, sources, javadoc)).allSatisfy(p -> assertThat(p).isRegularFile());

        try (JarFile j = new JarFile(jar.toFile())) {
            assertThat(j.getManifest().getMainAttributes().getValue("Automatic-Module-Name"))
                .isEqualTo("io.sprocket." + module);
        }

        final Path src = ROOT.resolve(module).resolve("src/main/java");
        final Set<String> sourceFiles;
        final Set<String> packages;
        try (Stream<Path> files = Files.walk(src)) {
            sourceFiles = files.filter(p -> p.toString().endsWith(".java"))
                .map(p -> src.relativize(p).toString().replace('\\', '/')).collect(Collectors.toSet());
        }
        packages = sourceFiles.stream().map(f -> f.substring(0, f.lastIndexOf('/'))).collect(Collectors.toSet());
        assertThat(sourceFiles).as("%s has sources", module).isNotEmpty();
        try (JarFile j = new JarFile(sources.toFile())) {
            assertThat(j.stream().map(e -> e.getName()).collect(Collectors.toSet()))
                .as("%s, every source file", sources.getFileName()).containsAll(sourceFiles);
        }
        try (JarFile j = new JarFile(javadoc.toFile())) {
            final Set<String> pages = j.stream().map(e -> e.getName()).collect(Collectors.toSet());
            assertThat(pages).as("%s", javadoc.getFileName()).contains("index.html");
            for (final String pkg : packages) {
                assertThat(pages).as("%s, the page of package %s", javadoc.getFileName(), pkg)
                    .contains(pkg + "/package-summary.html");
            }
        }
    }
}
