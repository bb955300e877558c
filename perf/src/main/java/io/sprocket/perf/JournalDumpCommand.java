package io.sprocket.perf;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;

import io.sprocket.journal.JournalReader;
import io.sprocket.journal.JournalRecord;
import io.sprocket.journal.RecordHandler;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code sprocket-perf journal dump DIR}: the journal's records, one per line, for a shell user. With
 * {@code --hex} or {@code --quoted} each line is exactly what {@code cat} (and nngcat) prints for a
 * received message, so a journal dumps as the messages looked on the wire; without, each line also
 * says the record's sequence, peer, length and time.
 */
@Command(name = "dump", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "Prints a journal's records, one per line, oldest first.",
        "Default: 'SEQ peer P, N B, TIME: \"payload\"' (the payload as cat --quoted prints it). --hex and --quoted"
            + " print the payload only, exactly as cat --hex / cat --quoted print a message.",
        "Every record's length and CRC are checked first: a corrupt record is never printed; the dump stops there"
            + " and says where, on standard error.",
        "Exit status: 0 every record held; 1 the dump stopped at a corrupt record; 2 bad usage."})
final class JournalDumpCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "DIR", description = "The journal's directory.")
    Path dir;

    @Option(names = "--from", paramLabel = "SEQ", defaultValue = "0",
        description = "Start at the record with this sequence (or the first after it that is kept). Default: the"
            + " first record.")
    long from;

    @ArgGroup(exclusive = true)
    Format format = new Format();

    /** The output format: one of {@code --hex}, {@code --quoted}, or neither. */
    static final class Format {
        @Option(names = "--hex", description = "Payloads only, as cat --hex: \"\\x61\\x62\".")
        boolean hex;

        @Option(names = "--quoted", description = "Payloads only, as cat --quoted: \"ab\\n\".")
        boolean quoted;
    }

    private final PrintStream out;
    private final PrintStream err;

    JournalDumpCommand(final PrintStream out, final PrintStream err) {
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() {
        requireJournal(dir);
        if (from < 0) {
            throw new IllegalArgumentException("--from must be 0 or more, got " + from);
        }
        final CatFormat payloadOnly = format.hex ? CatFormat.HEX : format.quoted ? CatFormat.QUOTED : null;
        try (JournalReader reader = JournalReader.open(dir).seekToSequence(from)) {
            final RecordHandler printer = record -> {
                print(record, payloadOnly);
                return true;
            };
            while (reader.poll(printer, 1024) > 0) {
                // printing
            }
            out.flush();
            if (reader.fault() != null) {
                err.println("journal dump: stopped at a corrupt record at " + JournalVerifyCommand.where(reader.faultPosition(),
                    reader.segmentSizeBytes()) + ": " + reader.fault() + ", " + reader.faultDetail());
                return 1;
            }
        }
        return 0;
    }

    private void print(final JournalRecord record, final CatFormat payloadOnly) {
        final byte[] bytes = new byte[record.length()];
        record.buffer().getBytes(0, bytes);
        if (payloadOnly != null) {
            out.print(payloadOnly.format(bytes));
            return;
        }
        out.print(record.sequence() + " peer " + record.peerId() + ", " + record.length() + " B, "
            + Instant.ofEpochSecond(0, record.timestamp()) + ": " + CatFormat.QUOTED.format(bytes));
    }

    /** Refuses a path that is not a directory, as a usage error naming it. */
    static void requireJournal(final Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException(dir + " is not a directory (a journal is a directory of segment files)");
        }
    }
}
