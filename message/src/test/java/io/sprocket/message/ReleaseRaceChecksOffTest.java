package io.sprocket.message;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@link ReleaseRaceTest} again in the JVM that runs with {@code -Dsprocket.checks=false}: the
 * release is atomic whether checks are on or off.
 */
@Tag("checks-off")
class ReleaseRaceChecksOffTest extends ReleaseRaceTest {
    @Test
    void shouldRunWithChecksOff() {
        assertThat(Checks.ENABLED).as("this class runs with -Dsprocket.checks=false").isFalse();
    }
}
