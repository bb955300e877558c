package io.sprocket.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class InfraConfigTest {
    @Test
    void shouldHaveThePrdDefaults() {
        final InfraConfig c = InfraConfig.defaults();
        assertThat(c.bufferSizeBytes()).isEqualTo(65536);
        assertThat(c.maxPooledSizeBytes()).isEqualTo(65536);
        assertThat(c.maxMessageSizeBytes()).isEqualTo(16 * 1024 * 1024);
        assertThat(c).as("only message and pool settings: the ring's and registries' are their builders'")
            .hasToString("InfraConfig{bufferSizeBytes=65536, maxPooledSizeBytes=65536, maxRetained=256,"
                + " headerCapacityBytes=64, maxMessageSizeBytes=16777216}");
    }

    @Test
    void shouldBuildWhatWasSet() {
        final InfraConfig c = InfraConfig.builder().bufferSizeBytes(1024).maxPooledSizeBytes(2048).maxRetained(8)
            .headerCapacityBytes(0).maxMessageSizeBytes(4096).build();
        assertThat(c.bufferSizeBytes()).isEqualTo(1024);
        assertThat(c.maxPooledSizeBytes()).isEqualTo(2048);
        assertThat(c.maxRetained()).isEqualTo(8);
        assertThat(c.headerCapacityBytes()).isZero();
        assertThat(c.maxMessageSizeBytes()).isEqualTo(4096);
        assertThat(c.toBuilder().build()).hasToString(c.toString());
    }

    @Test
    void shouldRejectEachBadValueNamingTheBound() {
        final InfraConfig.Builder b = InfraConfig.builder();
        assertThatThrownBy(() -> b.bufferSizeBytes(0)).hasMessage("bufferSizeBytes must be from 1 to 1073741824, got 0");
        assertThatThrownBy(() -> b.maxPooledSizeBytes(-1)).hasMessageContaining("maxPooledSizeBytes must be from 1");
        assertThatThrownBy(() -> b.maxRetained(-1)).hasMessageContaining("maxRetained must be from 0");
        assertThatThrownBy(() -> b.maxRetained(3)).hasMessage("maxRetained must be 0 or a power of two from 2, got 3");
        assertThatThrownBy(() -> b.maxRetained(1)).hasMessage("maxRetained must be 0 or a power of two from 2, got 1");
        assertThatThrownBy(() -> b.headerCapacityBytes(5000)).hasMessageContaining("headerCapacityBytes must be from 0 to 4096");
        assertThatThrownBy(() -> b.maxMessageSizeBytes(0)).hasMessageContaining("maxMessageSizeBytes must be from 1");
        assertThat(b.build()).hasToString(InfraConfig.defaults().toString());
    }

    @Test
    void shouldRejectInconsistentCombinations() {
        assertThatThrownBy(() -> InfraConfig.builder().bufferSizeBytes(8192).maxMessageSizeBytes(4096).build())
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("maxMessageSizeBytes (4096) must be at least bufferSizeBytes (8192)");
    }
}
