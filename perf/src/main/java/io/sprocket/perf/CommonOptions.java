package io.sprocket.perf;

import java.nio.file.Path;

import picocli.CommandLine.Option;

/** The options every measuring subcommand takes: where results go, checks, progress, timeouts. */
final class CommonOptions {
    @Option(names = "--out", paramLabel = "DIR",
        description = "Folder for the JSON, .hgrm and .hlog files and plot (default: perf-results/<timestamp> under the"
            + " working directory).")
    Path out;

    @Option(names = "--json", paramLabel = "FILE",
        description = "Write the results JSON here instead of <out>/results.json.")
    Path json;

    @Option(names = "--checks", paramLabel = "on|off",
        description = "Sprocket's misuse checks. Default off (-Dsprocket.checks=false, the production setting);"
            + " 'on' measures the library's default. A -Dsprocket.checks given to the JVM is used when this"
            + " option is not.")
    String checks;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "120",
        description = "Give up on any single run after this long (exit status 3). Default: ${DEFAULT-VALUE}.")
    long timeoutSeconds = 120;

    @Option(names = "--fail-on-miss",
        description = "Exit with status 4 when a goal that holds on any machine is missed, or could not be judged"
            + " (INCONCLUSIVE): a ratio to a baseline of the same run, or the allocation verdict (goals are reported, not enforced, by default: timings on a"
            + " shared 2-vCPU machine are not a gate). The absolute times are never a gate.")
    boolean failOnMiss;

    @Option(names = {"-q", "--quiet"}, description = "No progress line on stderr.")
    boolean quiet;

    long timeoutNs() {
        Settings.positive("--timeout", timeoutSeconds);
        return timeoutSeconds * 1_000_000_000L;
    }
}
