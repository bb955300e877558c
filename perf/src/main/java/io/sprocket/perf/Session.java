package io.sprocket.perf;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

import io.sprocket.message.Checks;
import io.sprocket.perf.report.Report;

/**
 * One command's run: sets the checks switch before any Sprocket class reads it, resolves the output
 * folder, prints the header (machine, JVM, settings), and at the end prints the goals and writes the
 * files.
 */
final class Session {
    /** Exit status: the allocation verdict failed. */
    static final int EXIT_ALLOCATION = 1;
    /** Exit status: bad usage. */
    static final int EXIT_USAGE = 2;
    /** Exit status: a run could not complete. */
    static final int EXIT_RUN_FAILED = 3;
    /** Exit status: a goal was missed and {@code --fail-on-miss} was given. */
    static final int EXIT_GOAL_MISSED = 4;

    final Report report;
    final Progress progress;
    final String command;
    private final CommonOptions options;
    private final String settings;

    private Session(final CommonOptions options, final Report report, final Progress progress, final String command,
        final String settings) {
        this.options = options;
        this.report = report;
        this.progress = progress;
        this.command = command;
        this.settings = settings;
    }

    static Session open(final CommonOptions o, final PrintStream out, final PrintStream err, final String command,
        final String settings) {
        final boolean checksOn = applyChecks(o, err);
        final String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT));
        final Path dir = o.out != null ? o.out : Paths.get("perf-results", stamp);
        final Path json = o.json != null ? o.json : dir.resolve("results.json");
        final Session session = new Session(o, new Report(out, dir, json), new Progress(err, !o.quiet), command,
            settings);
        out.println("sprocket-perf " + Main.version() + "  " + command + "  "
            + LocalDateTime.now().withNano(0).toString().replace('T', ' '));
        out.println("  " + machine());
        out.println("  " + jvm() + "; Sprocket checks " + (checksOn ? "ON" : "off"));
        out.println("  " + settings);
        out.println("  output: " + dir + (o.json != null ? ", JSON: " + json : ""));
        return session;
    }

    private static boolean applyChecks(final CommonOptions o, final PrintStream err) {
        final boolean on;
        if (o.checks != null) {
            if (!"on".equalsIgnoreCase(o.checks) && !"off".equalsIgnoreCase(o.checks)) {
                throw new IllegalArgumentException("--checks must be on or off, got '" + o.checks + "'");
            }
            on = "on".equalsIgnoreCase(o.checks);
        } else {
            final String property = System.getProperty("sprocket.checks");
            on = property != null && !"false".equalsIgnoreCase(property);
        }
        System.setProperty("sprocket.checks", Boolean.toString(on));
        if (Checks.ENABLED != on) {
            err.println("note: Sprocket's checks were already " + (Checks.ENABLED ? "on" : "off")
                + " in this JVM; --checks " + (on ? "on" : "off") + " cannot change that now");
        }
        return Checks.ENABLED;
    }

    static String machine() {
        return String.format(Locale.ROOT, "machine: %d CPUs, %s %s %s", Runtime.getRuntime().availableProcessors(),
            System.getProperty("os.name"), System.getProperty("os.version"), System.getProperty("os.arch"));
    }

    static String jvm() {
        final StringBuilder gcs = new StringBuilder();
        for (final GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            gcs.append(gcs.length() == 0 ? "" : "/").append(gc.getName());
        }
        final List<String> args = ManagementFactory.getRuntimeMXBean().getInputArguments();
        return String.format(Locale.ROOT, "JVM: %s %s, max heap %,d MiB, GC %s, flags %s",
            System.getProperty("java.vm.name"), System.getProperty("java.runtime.version"),
            Runtime.getRuntime().maxMemory() >> 20, gcs, args.isEmpty() ? "(none)" : String.join(" ", args));
    }

    /**
     * Prints the goals, writes the files, and answers the exit status.
     *
     * @param allocationPassed false when an allocation verdict ran and failed.
     */
    int finish(final boolean allocationPassed) throws IOException {
        progress.clear();
        final boolean goalsMet = report.printGoals();
        final List<Path> files = report.writeFiles("Sprocket latency percentiles vs baselines (" + command + ")",
            machine() + "; " + settings);
        final PrintStream out = report.out();
        out.println();
        out.println("files (.hgrm: HdrHistogram's percentile format, values in microseconds; .hlog: HdrHistogram's"
            + " interval log, one interval per round, values in nanoseconds):");
        for (final Path f : files) {
            out.println("  " + f);
        }
        out.println(String.format(Locale.ROOT, "done in %.1f s", progress.elapsedSeconds()));
        if (!allocationPassed) {
            return EXIT_ALLOCATION;
        }
        if (options.failOnMiss && !goalsMet) {
            return EXIT_GOAL_MISSED;
        }
        return 0;
    }
}
