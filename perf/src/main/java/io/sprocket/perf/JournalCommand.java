package io.sprocket.perf;

import java.io.PrintStream;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code sprocket-perf journal}: look into a journal from a shell ({@code dump}, {@code verify}) and
 * measure what journalling costs ({@code bench}).
 */
@Command(name = "journal", mixinStandardHelpOptions = true,
    description = {
        "The journal: dump its records, verify every record's CRC, or measure what journalling costs.",
        "  journal dump DIR [--from SEQ] [--hex|--quoted]",
        "  journal verify DIR",
        "  journal bench [options]"})
final class JournalCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    private final PrintStream out;

    private JournalCommand(final PrintStream out) {
        this.out = out;
    }

    /** The {@code journal} command with its subcommands, ready to add to the top-level command line. */
    static CommandLine create(final PrintStream out, final PrintStream err) {
        return new CommandLine(new JournalCommand(out))
            .addSubcommand(new JournalDumpCommand(out, err))
            .addSubcommand(new JournalVerifyCommand(out, err))
            .addSubcommand(new JournalBenchCommand(out, err));
    }

    /** Without a subcommand: the usage, and exit status 2. */
    @Override
    public Integer call() {
        spec.commandLine().usage(out);
        return Session.EXIT_USAGE;
    }
}
