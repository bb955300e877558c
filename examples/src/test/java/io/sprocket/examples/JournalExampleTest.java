package io.sprocket.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalExampleTest {
    @TempDir
    Path dir;

    @Test
    void shouldReplayEveryJournalledOrderAfterTheRingIsGone() {
        assertThat(JournalExample.run(dir, 1_000))
            .isEqualTo("engine handled 1000 orders; the journal replayed 1000 records, order ids summing to 500500");
    }
}
