package io.sprocket.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import org.junit.jupiter.api.Test;

class JvmAccessTest {
    @Test
    void shouldSeeTheExportTheBuildPassesToTheTests() {
        // Surefire starts this JVM with the flag; the child JVM without it is EmbeddingExampleTest's.
        assertThat(JvmAccess.isExported()).isTrue();
        assertThatCode(JvmAccess::require).doesNotThrowAnyException();
        assertThatCode(() -> new BufferPool("checked", InfraConfig.defaults())).doesNotThrowAnyException();
    }

    @Test
    void shouldNameTheFlagAndEveryPlaceItGoes() {
        final String message = JvmAccess.missingFlagMessage(null);
        assertThat(message)
            .startsWith("Sprocket needs the JVM flag")
            .contains(JvmAccess.FLAG)
            .contains("java " + JvmAccess.FLAG + " -cp")
            .contains("JDK_JAVA_OPTIONS='" + JvmAccess.FLAG + "'")
            .contains(".mvn/jvm.config")
            .contains("<argLine>" + JvmAccess.FLAG + "</argLine>")
            .contains("jvmArgs(\"--add-exports\", \"java.base/jdk.internal.misc=ALL-UNNAMED\")")
            .contains("Add-Exports: java.base/jdk.internal.misc");
    }

    @Test
    void shouldNameAgronasModuleWhenItIsOnTheModulePath() {
        final String message = JvmAccess.missingFlagMessage("org.agrona");
        assertThat(message)
            .contains("--add-exports java.base/jdk.internal.misc=org.agrona")
            .doesNotContain("ALL-UNNAMED")
            .doesNotContain("Add-Exports");
    }
}
