package io.sprocket.examples;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PoolExampleTest {
    @Test
    void shouldCopyThroughThePoolAndKeepBothBuffers() {
        assertThat(PoolExample.run("hello, pool"))
            .isEqualTo("copied 'hello, pool'; pool: 2 acquired, 2 released, 2 kept for reuse");
    }
}
