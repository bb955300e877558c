package io.sprocket.perf;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 120, unit = TimeUnit.SECONDS)
class MainTest {
    @Test
    void shouldPrintHelpForEverySubcommand() {
        for (final String command : new String[] {"all", "latency", "throughput", "alloc", "registry", "pool", "soak", "jmh"}) {
            final Run run = Run.of(command, "--help");
            assertThat(run.exitCode).as(run.toString()).isZero();
            assertThat(run.out).contains("Usage: sprocket-perf " + command);
        }
        final Run top = Run.of("--help");
        assertThat(top.exitCode).isZero();
        assertThat(top.out).contains("latency", "throughput", "alloc", "registry", "pool", "soak", "jmh", "cat",
            "Exit status");
    }

    @Test
    void shouldRunAllWhenNoSubcommandIsGiven() {
        assertThat(Main.withDefaultCommand(new String[0])).containsExactly("all");
        assertThat(Main.withDefaultCommand(new String[] {"--scale", "2"})).containsExactly("all", "--scale", "2");
        assertThat(Main.withDefaultCommand(new String[] {"--help"})).containsExactly("--help");
        assertThat(Main.withDefaultCommand(new String[] {"alloc", "-q"})).containsExactly("alloc", "-q");
    }

    @Test
    void shouldRejectBadArgumentsWithUsageStatus() {
        assertThat(Run.of("latency", "--size", "4", "-q").exitCode).isEqualTo(Session.EXIT_USAGE);
        assertThat(Run.of("throughput", "--ring-size", "1000", "-q").exitCode).isEqualTo(Session.EXIT_USAGE);
        assertThat(Run.of("alloc", "--windows", "0", "-q").exitCode).isEqualTo(Session.EXIT_USAGE);
        assertThat(Run.of("latency", "--wait", "sometimes").exitCode).isEqualTo(Session.EXIT_USAGE);
        assertThat(Run.of("nonsense").exitCode).isEqualTo(Session.EXIT_USAGE);
        assertThat(Run.of("pool", "--threads", "0,2", "-q").exitCode).isEqualTo(Session.EXIT_USAGE);
        assertThat(Run.of("pool", "--threads", "65", "-q").exitCode).isEqualTo(Session.EXIT_USAGE);
        assertThat(Run.of("soak", "--duration", "5s", "--window", "5s", "-q").exitCode).isEqualTo(Session.EXIT_USAGE);
        assertThat(Run.of("soak", "--duration", "soon", "-q").exitCode).isEqualTo(Session.EXIT_USAGE);
    }
}
