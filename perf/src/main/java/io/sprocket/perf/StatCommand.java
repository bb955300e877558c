package io.sprocket.perf;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.agrona.concurrent.status.CountersReader;

import io.sprocket.counters.CounterTypes;
import io.sprocket.counters.CountersFile;
import io.sprocket.counters.CountersFileReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code sprocket-perf stat}: prints the live counters of running Sprocket processes from their
 * counters files, as AeronStat does for Aeron, once or every interval.
 *
 * <p><b>Note:</b> runs on the calling thread; maps each file read-only for one print and allocates
 * the text it prints (reading a counter's value itself allocates nothing).
 */
@Command(name = "stat", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "Prints the counters of every running Sprocket process whose counters file is in DIR: each ring's claims"
            + " refused and cancelled and the messages each consumer handled, each engine's sockets, peers and"
            + " connections, each transport I/O thread's"
            + " connections, messages and bytes, and each live connection's and registered peer's messages and"
            + " bytes each way (kind 'connection', 'peer'). Refreshes every --interval until stopped (Ctrl-C), or"
            + " prints once with --once.",
        "A process writes its file as sprocket-<pid>.counters in the directory named by -Dsprocket.counters.dir,"
            + " else sprocket-<user> under java.io.tmpdir, and deletes it when its last ring and transport close.",
        ""},
    footer = {"", "Exit status: 0 done; 2 bad usage."})
final class StatCommand implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "DIR",
        description = "Where the counters files are. Default: the directory this JVM's Sprocket would use.")
    Path dir;

    @Option(names = "--once", description = "Print once and exit (for scripts).")
    boolean once;

    @Option(names = "--interval", paramLabel = "SEC", defaultValue = "1",
        description = "Seconds between prints. Default: ${DEFAULT-VALUE}.")
    double intervalSec;

    @Option(names = "--pid", paramLabel = "PID", description = "Only the process with this id.")
    Long pid;

    private final PrintStream out;

    StatCommand(final PrintStream out) {
        this.out = out;
    }

    @Override
    public Integer call() {
        if (!(intervalSec > 0) || intervalSec > 3_600) {
            throw new IllegalArgumentException("--interval must be above 0 and at most 3600 seconds, got " + intervalSec);
        }
        final Path directory = dir != null ? dir : CountersFile.defaultDirectory();
        do {
            print(directory);
            out.flush();
            if (!once) {
                LockSupport.parkNanos((long)(intervalSec * TimeUnit.SECONDS.toNanos(1)));
            }
        } while (!once && !Thread.currentThread().isInterrupted());
        return 0;
    }

    private void print(final Path directory) {
        out.println(Instant.now() + "  counters in " + directory);
        int shown = 0;
        final List<Path> files = CountersFileReader.list(directory);
        for (final Path file : files) {
            final CountersFileReader reader;
            try {
                reader = CountersFileReader.open(file);
            } catch (final IllegalArgumentException notReadable) {
                continue;   // a file being created or deleted right now
            }
            try {
                if (!reader.isWriterAlive() || (pid != null && reader.pid() != pid)) {
                    continue;
                }
                shown++;
                out.println("  process " + reader.pid() + ", started " + Instant.ofEpochMilli(reader.startTimeMs())
                    + ": " + reader.command());
                final CountersReader counters = reader.counters();
                counters.forEach((counterId, typeId, key, label) -> out.println(String.format(Locale.ROOT,
                    "    %-10s %,20d  %s", CounterTypes.name(typeId), counters.getCounterValue(counterId), label)));
            } finally {
                reader.close();
            }
        }
        if (shown == 0) {
            out.println("  no running Sprocket process has a counters file here");
        }
    }
}
