package io.sprocket.counters;

import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.agrona.BufferUtil;
import org.agrona.DirectBuffer;
import org.agrona.IoUtil;
import org.agrona.concurrent.SystemEpochClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.AtomicCounter;
import org.agrona.concurrent.status.ConcurrentCountersManager;
import org.agrona.concurrent.status.CountersReader;

/**
 * Every counter of a Sprocket process in one memory-mapped file, so that another process
 * ({@code sprocket-perf stat}) can read them live, the way AeronStat reads Aeron's CnC file. The
 * counters are Agrona's: a {@link ConcurrentCountersManager} over the file's metadata and values
 * buffers (layout in {@link CountersFileDescriptor}); a counter is an {@link AtomicCounter} whose
 * value lives in the file, on a 128-byte record of its own.
 *
 * <p>The process shares one file by default ({@link #processShared()}): rings and transports each
 * take a reference when built and give it back when closed, and the last one to give it back
 * deletes the file (its memory is unmapped by the garbage collector once no counter refers to it).
 * A counter's record is freed when its owner closes and reused by another counter no sooner than
 * {@value #FREE_TO_REUSE_MS} ms later. The file is {@code sprocket-<pid>.counters} in
 * {@link #defaultDirectory()}; files left behind by processes that are no longer running are
 * deleted when a new one is created there.
 *
 * <p><b>Note:</b> all methods are thread-safe. Creating the file, {@link #newCounter} and
 * {@link #close()} allocate; {@link #allocate(int, DirectBuffer, int, int)} and {@link #free(int)} allocate
 * little (Agrona's list of freed records, which may box an id it reuses); reading or writing a
 * counter's value never allocates.
 */
public final class CountersFile implements AutoCloseable {
    /** Counters a file holds unless told otherwise. */
    public static final int DEFAULT_MAX_COUNTERS = 4096;
    /** The system property that names the default directory. */
    public static final String DIRECTORY_PROPERTY = "sprocket.counters.dir";
    /** The file name's suffix. */
    public static final String SUFFIX = ".counters";
    /** How long a freed counter's record keeps its last value before another counter may take it. */
    public static final long FREE_TO_REUSE_MS = 1_000;

    private static final Pattern PROCESS_FILE = Pattern.compile("sprocket-(\\d+)" + Pattern.quote(SUFFIX));
    private static final Object SHARED_LOCK = new Object();
    private static CountersFile shared;
    private static int sharedUsers;

    private final Path path;
    private final ConcurrentCountersManager manager;
    private final boolean processWide;
    private boolean closed;
    private volatile boolean warnedFull;

    private CountersFile(final Path path, final int maxCounters, final boolean processWide) {
        checkMaxCounters(maxCounters);
        this.path = path;
        this.processWide = processWide;
        final MappedByteBuffer mapped = IoUtil.mapNewFile(path.toFile(), CountersFileDescriptor.fileLength(maxCounters));
        final UnsafeBuffer header = new UnsafeBuffer(mapped, 0, CountersFileDescriptor.HEADER_LENGTH);
        final int metadataLength = CountersFileDescriptor.metadataLength(maxCounters);
        final int valuesLength = CountersFileDescriptor.valuesLength(maxCounters);
        final UnsafeBuffer metadata = new UnsafeBuffer(mapped, CountersFileDescriptor.HEADER_LENGTH, metadataLength);
        final UnsafeBuffer values =
            new UnsafeBuffer(mapped, CountersFileDescriptor.HEADER_LENGTH + metadataLength, valuesLength);
        this.manager = new ConcurrentCountersManager(metadata, values, StandardCharsets.UTF_8,
            SystemEpochClock.INSTANCE, FREE_TO_REUSE_MS);
        header.putInt(CountersFileDescriptor.MAGIC, CountersFileDescriptor.MAGIC_VALUE);
        header.putLong(CountersFileDescriptor.PID, ProcessHandle.current().pid());
        header.putLong(CountersFileDescriptor.START_TIME_MS, System.currentTimeMillis());
        header.putInt(CountersFileDescriptor.METADATA_LENGTH, metadataLength);
        header.putInt(CountersFileDescriptor.VALUES_LENGTH, valuesLength);
        final byte[] command = commandLine();
        header.putInt(CountersFileDescriptor.COMMAND_LENGTH, command.length);
        header.putBytes(CountersFileDescriptor.COMMAND_LENGTH + Integer.BYTES, command);
        header.putIntRelease(CountersFileDescriptor.VERSION, CountersFileDescriptor.VERSION_VALUE);
    }

    /**
     * Creates a counters file of its own (not the process's shared one), replacing any file at that
     * path. {@link #close()} deletes it.
     *
     * @param file        where to create it; its directory is created if missing.
     * @param maxCounters how many counters it can hold at once.
     * @return the file, mapped.
     * @throws IllegalArgumentException when {@code maxCounters} is out of range or the file cannot be
     *                                  created (the message says why).
     */
    public static CountersFile create(final Path file, final int maxCounters) {
        checkMaxCounters(maxCounters);
        createDirectories(file.toAbsolutePath().getParent());
        try {
            Files.deleteIfExists(file);
        } catch (final IOException e) {
            throw new IllegalArgumentException("cannot replace the file at " + file + " with a counters file: " + e, e);
        }
        return new CountersFile(file, maxCounters, false);
    }

    private static void checkMaxCounters(final int maxCounters) {
        if (maxCounters < 1 || maxCounters > (Integer.MAX_VALUE - CountersFileDescriptor.HEADER_LENGTH)
            / (CountersReader.METADATA_LENGTH + CountersReader.COUNTER_LENGTH)) {
            throw new IllegalArgumentException("maxCounters must be from 1 to about 3.3 million, got " + maxCounters);
        }
    }

    /**
     * The process's shared counters file, created at the first call; each call takes a reference
     * that {@link #release()} gives back.
     *
     * @return the shared file.
     * @throws IllegalArgumentException when the file cannot be created.
     */
    public static CountersFile processShared() {
        synchronized (SHARED_LOCK) {
            if (shared == null) {
                final Path directory = defaultDirectory();
                createDirectories(directory);
                deleteStaleFiles(directory);
                shared = new CountersFile(directory.resolve(fileName(ProcessHandle.current().pid())),
                    DEFAULT_MAX_COUNTERS, true);
            }
            sharedUsers++;
            return shared;
        }
    }

    /**
     * Gives back a reference taken with {@link #processShared()}: the last one closes and deletes
     * the shared file. For a file made with {@link #create}, the same as {@link #close()}.
     */
    public void release() {
        if (!processWide) {
            close();
            return;
        }
        synchronized (SHARED_LOCK) {
            if (shared == this && --sharedUsers == 0) {
                shared = null;
                close();
            }
        }
    }

    /**
     * Where counters files go unless told otherwise: the directory named by the system property
     * {@value #DIRECTORY_PROPERTY}, else {@code sprocket-<user>} under {@code java.io.tmpdir} (one
     * per user, so that users of one machine do not share, or lock each other out of, a directory).
     *
     * @return the directory (it may not exist yet).
     */
    public static Path defaultDirectory() {
        final String configured = System.getProperty(DIRECTORY_PROPERTY);
        return configured != null && !configured.isEmpty() ? Paths.get(configured)
            : Paths.get(System.getProperty("java.io.tmpdir"), "sprocket-" + System.getProperty("user.name"));
    }

    /**
     * The file name a process with this id uses in a directory.
     *
     * @param pid a process id.
     * @return {@code sprocket-<pid>.counters}.
     */
    public static String fileName(final long pid) {
        return "sprocket-" + pid + SUFFIX;
    }

    /**
     * Allocates a counter in the file, its value 0. When the file is full the counter is one of the
     * process's own, outside the file (it counts the same, but another process cannot read it), and
     * a warning says so once.
     *
     * @param typeId what kind of figure it is, one of {@link CounterTypes}.
     * @param label  what it counts, in words (at most 380 bytes of UTF-8; longer is cut).
     * @return the counter; {@link AtomicCounter#close()} frees its record, for reuse after
     *         {@value #FREE_TO_REUSE_MS} ms (a reader that looked it up just before still reads its last value).
     * @throws IllegalStateException when the file is closed.
     */
    public AtomicCounter newCounter(final int typeId, final String label) {
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("counters file " + path + " is closed");
            }
        }
        try {
            return manager.newCounter(label, typeId);
        } catch (final IllegalStateException full) {
            warnFull();
            return new AtomicCounter(new UnsafeBuffer(BufferUtil.allocateDirectAligned(
                CountersReader.COUNTER_LENGTH, CountersReader.COUNTER_LENGTH)), 0);
        }
    }

    /**
     * Allocates one counter record in the file, its value 0, with its label copied from a buffer
     * (no {@link AtomicCounter} is made): for {@link CounterRecordsPool}, whose records outlive
     * their owners. When the file is full it answers {@link CountersReader#NULL_COUNTER_ID} (and a warning
     * says so once) instead of an object of the process's own.
     *
     * @param typeId what kind of figure it is, one of {@link CounterTypes}.
     * @param label  what it counts, UTF-8 (at most 380 bytes; longer is cut).
     * @param offset where the label starts in {@code label}.
     * @param length its length in bytes.
     * @return the counter's id, or {@link CountersReader#NULL_COUNTER_ID} when the file is full or closed.
     */
    public int allocate(final int typeId, final DirectBuffer label, final int offset, final int length) {
        synchronized (this) {
            if (closed) {
                return CountersReader.NULL_COUNTER_ID;
            }
        }
        if (manager.available() > 0) {
            try {
                return manager.allocate(typeId, null, 0, 0, label, offset, length);
            } catch (final IllegalStateException full) {
                // another thread took the last record in between
            }
        }
        warnFull();
        return CountersReader.NULL_COUNTER_ID;
    }

    /**
     * Frees a record taken with {@link #allocate(int, DirectBuffer, int, int)}, for reuse no sooner
     * than {@value #FREE_TO_REUSE_MS} ms later.
     *
     * @param counterId the id {@code allocate} answered.
     */
    public void free(final int counterId) {
        manager.free(counterId);
    }

    /**
     * A reader over this file's counters, for this process.
     *
     * @return the reader (the manager itself).
     */
    public CountersReader reader() {
        return manager;
    }

    /**
     * The file.
     *
     * @return its path.
     */
    public Path path() {
        return path;
    }

    /**
     * Deletes the file. The mapping is not unmapped here but by the garbage collector once no
     * counter refers to it: a counter written after the close (by a thread that has not yet seen
     * its owner close) writes into memory that is still there, never into a hole.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        try {
            Files.deleteIfExists(path);
        } catch (final IOException e) {
            System.getLogger("io.sprocket.counters").log(System.Logger.Level.WARNING,
                "could not delete counters file {0}: {1}", path, e.toString());
        }
    }

    @Override
    public String toString() {
        return "CountersFile[" + path + ']';
    }

    private void warnFull() {
        if (!warnedFull) {
            warnedFull = true;
            System.getLogger("io.sprocket.counters").log(System.Logger.Level.WARNING,
                "counters file {0} is full ({1} counters): further counters are kept in this process only, where"
                    + " sprocket-perf stat cannot see them", path, manager.capacity());
        }
    }

    private static byte[] commandLine() {
        final String command = ProcessHandle.current().info().commandLine().orElse("java");
        final byte[] bytes = command.getBytes(StandardCharsets.UTF_8);
        return bytes.length <= CountersFileDescriptor.MAX_COMMAND_BYTES ? bytes
            : java.util.Arrays.copyOf(bytes, CountersFileDescriptor.MAX_COMMAND_BYTES);
    }

    private static void createDirectories(final Path directory) {
        try {
            Files.createDirectories(directory);
        } catch (final IOException e) {
            throw new IllegalArgumentException("cannot create the counters directory " + directory + ": " + e
                + " (-D" + DIRECTORY_PROPERTY + "=DIR names another)", e);
        }
    }

    /** Deletes the files of processes that are no longer running; the living keep theirs. */
    private static void deleteStaleFiles(final Path directory) {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "sprocket-*" + SUFFIX)) {
            for (final Path file : files) {
                final Matcher m = PROCESS_FILE.matcher(file.getFileName().toString());
                if (m.matches() && ProcessHandle.of(Long.parseLong(m.group(1))).isEmpty()) {
                    Files.deleteIfExists(file);
                }
            }
        } catch (final IOException | NumberFormatException e) {
            // Cleaning up after others is best effort: a file we cannot delete does no harm.
        }
    }
}
