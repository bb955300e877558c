package io.sprocket.perf;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import io.sprocket.journal.JournalDescriptor;
import io.sprocket.journal.JournalVerifier;
import io.sprocket.journal.VerifyReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code sprocket-perf journal verify DIR}: checks every record's length, CRC and sequence. */
@Command(name = "verify", mixinStandardHelpOptions = true,
    description = {
        "Checks a journal: every segment's header, every record's length, CRC32C and sequence, and that the segments"
            + " follow on from each other.",
        "Prints 'OK: ...' with what the journal holds, or 'CORRUPT at position P (segment N, offset M): ...' for the"
            + " first record that does not hold. Bytes left after the last record by a process that died while"
            + " writing one (never reported written) are reported, and are not corruption: opening the journal"
            + " clears them.",
        "Exit status: 0 every record held; 1 corruption (with its position); 2 bad usage."})
final class JournalVerifyCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "DIR", description = "The journal's directory.")
    Path dir;

    private final PrintStream out;
    private final PrintStream err;

    JournalVerifyCommand(final PrintStream out, final PrintStream err) {
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() {
        JournalDumpCommand.requireJournal(dir);
        final VerifyReport report;
        try {
            report = JournalVerifier.verify(dir);
        } catch (final IllegalStateException damagedFirstSegment) {
            out.println("CORRUPT: " + damagedFirstSegment.getMessage());
            return 1;
        }
        out.println(report);
        if (!report.ok()) {
            err.println("journal verify: corrupt record at " + where(report.faultPosition(), report.segmentSizeBytes()));
            return 1;
        }
        return 0;
    }

    /** A journal position in words: {@code position P (segment N, offset M)}. */
    static String where(final long position, final int segmentSize) {
        return "position " + position + " (segment " + JournalDescriptor.segmentIndex(position, segmentSize) + ", offset "
            + JournalDescriptor.offset(position, segmentSize) + ")";
    }
}
