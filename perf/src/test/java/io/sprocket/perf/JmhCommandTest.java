package io.sprocket.perf;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.ProfilerConfig;
import org.openjdk.jmh.runner.options.TimeValue;
import picocli.CommandLine;

/**
 * JMH's own options pass through {@code sprocket-perf jmh} to JMH's parser, and this command's
 * defaults fill in what they leave out. Checked on the options JMH would run with: no benchmark is
 * forked here.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class JmhCommandTest {
    @TempDir
    Path dir;

    private static JmhCommand parse(final String... args) {
        final PrintStream sink = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        final JmhCommand command = new JmhCommand(sink, sink);
        new CommandLine(command).parseArgs(args);
        return command;
    }

    private static List<String> profilers(final Options options) {
        final List<String> names = new ArrayList<>();
        for (final ProfilerConfig p : options.getProfilers()) {
            names.add(p.getKlass());
        }
        return names;
    }

    private static List<String> jvmArgsAppend(final Options options) {
        return new ArrayList<>(options.getJvmArgsAppend().get());
    }

    @Test
    void shouldPassJmhsOwnOptionsThroughToJmh() {
        final JmhCommand command =
            parse("-w", "1s", "-r", "1s", "-f", "1", "-t", "2", "-prof", "gc", "-rf", "json", "BufferPoolConcurrent");
        assertThat(command.jmhArgs).containsExactly("-w", "1s", "-r", "1s", "-f", "1", "-t", "2", "-prof", "gc", "-rf",
            "json", "BufferPoolConcurrent");

        final Options options = JmhCommand.options(command.jmhCommandLine(), dir, false);
        assertThat(options.getIncludes()).containsExactly("BufferPoolConcurrent");
        assertThat(options.getWarmupTime().get()).isEqualTo(TimeValue.seconds(1));
        assertThat(options.getMeasurementTime().get()).isEqualTo(TimeValue.seconds(1));
        assertThat(options.getForkCount().get()).isEqualTo(1);
        assertThat(options.getThreads().get()).isEqualTo(2);
        assertThat(profilers(options)).as("-prof gc given: not added a second time").containsExactly("gc");
        assertThat(options.getResultFormat().get()).isEqualTo(ResultFormatType.JSON);
        assertThat(options.getResult().get()).isEqualTo(dir.resolve("jmh-result.json").toString());
        assertThat(jvmArgsAppend(options)).containsSubsequence(JmhCommand.FORK_FLAGS)
            .endsWith("-Dsprocket.checks=false");
    }

    @Test
    void shouldApplyItsDefaultsWhereJmhsOptionsSayNothing() {
        final Options options = JmhCommand.options(parse().jmhCommandLine(), dir, true);
        assertThat(options.getIncludes()).containsExactly("io.sprocket.perf.jmh.");
        assertThat(options.getForkCount().get()).isEqualTo(1);
        assertThat(options.getWarmupIterations().get()).isEqualTo(3);
        assertThat(options.getWarmupTime().get()).isEqualTo(TimeValue.seconds(1));
        assertThat(options.getMeasurementIterations().get()).isEqualTo(5);
        assertThat(options.getMeasurementTime().get()).isEqualTo(TimeValue.seconds(1));
        assertThat(options.getThreads().hasValue()).isFalse();
        assertThat(profilers(options)).containsExactly("org.openjdk.jmh.profile.GCProfiler");
        assertThat(options.getResultFormat().get()).isEqualTo(ResultFormatType.JSON);
        assertThat(options.getResult().get()).isEqualTo(dir.resolve("jmh-result.json").toString());
        assertThat(jvmArgsAppend(options)).containsExactly("-Xms1g", "-Xmx1g", "--add-exports",
            "java.base/jdk.internal.misc=ALL-UNNAMED", "-Djava.awt.headless=true", "-Dsprocket.checks=true");
    }

    @Test
    void shouldLetJmhsOptionsOverrideTheDefaultsAndKeepTheirOwnJvmArgs() {
        final JmhCommand command = parse("--checks", "on", "-f", "0", "-wi", "0", "-i", "1", "-r", "200ms", "-rf", "csv",
            "-prof", "stack", "-jvmArgsAppend", "-Dx=1 -Dy=2", "-p", "size=64", "-q", "--out", dir.toString(),
            "MessageClone", "PeerRegistry");
        assertThat(command.checks).isEqualTo("on");
        assertThat(command.quiet).isTrue();
        assertThat(command.out).isEqualTo(dir);
        assertThat(command.jmhArgs).containsExactly("-f", "0", "-wi", "0", "-i", "1", "-r", "200ms", "-rf", "csv",
            "-prof", "stack", "-jvmArgsAppend", "-Dx=1 -Dy=2", "-p", "size=64", "MessageClone", "PeerRegistry");

        final Options options = JmhCommand.options(command.jmhCommandLine(), dir, true);
        assertThat(options.getIncludes()).containsExactly("MessageClone", "PeerRegistry");
        assertThat(options.getForkCount().get()).isZero();
        assertThat(options.getWarmupIterations().get()).isZero();
        assertThat(options.getMeasurementIterations().get()).isEqualTo(1);
        assertThat(options.getMeasurementTime().get()).isEqualTo(TimeValue.milliseconds(200));
        assertThat(options.getWarmupTime().get()).as("not given: the default").isEqualTo(TimeValue.seconds(1));
        assertThat(options.getParameter("size").get()).containsExactly("64");
        assertThat(profilers(options)).containsExactlyInAnyOrder("stack", "org.openjdk.jmh.profile.GCProfiler");
        assertThat(options.getResultFormat().get()).isEqualTo(ResultFormatType.CSV);
        assertThat(options.getResult().get()).isEqualTo(dir.resolve("jmh-result.csv").toString());
        final List<String> append = jvmArgsAppend(options);
        assertThat(append).startsWith("-Dx=1", "-Dy=2").containsSubsequence(JmhCommand.FORK_FLAGS)
            .endsWith("-Dsprocket.checks=true");
    }

    @Test
    void shouldReportAnOptionJmhDoesNotUnderstandAsBadUsage() {
        final Run badTime = Run.of("jmh", "-w", "soon", "--out", dir.toString());
        assertThat(badTime.exitCode).as(badTime.toString()).isEqualTo(Session.EXIT_USAGE);
        assertThat(badTime.err).contains("JMH option", "soon");
        final Run unknown = Run.of("jmh", "-zzz", "--out", dir.toString());
        assertThat(unknown.exitCode).as(unknown.toString()).isEqualTo(Session.EXIT_USAGE);
        assertThat(dir.resolve("results.json")).as("nothing ran").doesNotExist();
    }

    @Test
    void shouldListTheMatchingBenchmarksWithJmhsListOption() {
        final Run run = Run.of("jmh", "-l", "BufferPoolGet");
        assertThat(run.exitCode).as(run.toString()).isZero();
        assertThat(run.out).contains("io.sprocket.perf.jmh.BufferPoolGet.").doesNotContain("MessageClone");
    }
}
