package io.sprocket.counters;

import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersReader;

/**
 * Reads the counters file of another (or this) process while it runs: maps it read-only, checks
 * the header, and gives an Agrona {@link CountersReader} over its buffers, as AeronStat reads a
 * CnC file.
 *
 * <p><b>Note:</b> one reader per thread. Opening allocates; reading a counter's value through
 * {@link #counters()} does not.
 */
public final class CountersFileReader implements AutoCloseable {
    private final Path path;
    private final MappedByteBuffer mapped;
    private final UnsafeBuffer header;
    private final CountersReader counters;

    private CountersFileReader(final Path path, final MappedByteBuffer mapped) {
        this.path = path;
        this.mapped = mapped;
        this.header = new UnsafeBuffer(mapped, 0, CountersFileDescriptor.HEADER_LENGTH);
        final int magic = header.getInt(CountersFileDescriptor.MAGIC);
        final int version = header.getIntAcquire(CountersFileDescriptor.VERSION);
        if (magic != CountersFileDescriptor.MAGIC_VALUE || version != CountersFileDescriptor.VERSION_VALUE) {
            IoUtil.unmap(mapped);
            throw new IllegalArgumentException(path + " is not a Sprocket counters file of version "
                + CountersFileDescriptor.VERSION_VALUE + " (magic " + Integer.toHexString(magic) + ", version "
                + version + ")");
        }
        final int metadataLength = header.getInt(CountersFileDescriptor.METADATA_LENGTH);
        final int valuesLength = header.getInt(CountersFileDescriptor.VALUES_LENGTH);
        if ((long)CountersFileDescriptor.HEADER_LENGTH + metadataLength + valuesLength > mapped.capacity()) {
            IoUtil.unmap(mapped);
            throw new IllegalArgumentException(path + " is shorter than its header says");
        }
        this.counters = new CountersReader(
            new UnsafeBuffer(mapped, CountersFileDescriptor.HEADER_LENGTH, metadataLength),
            new UnsafeBuffer(mapped, CountersFileDescriptor.HEADER_LENGTH + metadataLength, valuesLength),
            StandardCharsets.UTF_8);
    }

    /**
     * Maps a counters file read-only.
     *
     * @param file the file.
     * @return the reader; close it to unmap.
     * @throws IllegalArgumentException when the file cannot be read or is not a counters file.
     */
    public static CountersFileReader open(final Path file) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            final long size = channel.size();
            if (size < CountersFileDescriptor.HEADER_LENGTH) {
                throw new IllegalArgumentException(file + " is too short to be a counters file (" + size + " bytes)");
            }
            return new CountersFileReader(file, channel.map(FileChannel.MapMode.READ_ONLY, 0, size));
        } catch (final IOException e) {
            throw new IllegalArgumentException("cannot read counters file " + file + ": " + e, e);
        }
    }

    /**
     * The counters files in a directory, oldest first by name.
     *
     * @param directory where to look.
     * @return their paths; empty when there are none or the directory does not exist.
     */
    public static List<Path> list(final Path directory) {
        final List<Path> found = new ArrayList<>();
        if (!Files.isDirectory(directory)) {
            return found;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*" + CountersFile.SUFFIX)) {
            for (final Path f : files) {
                found.add(f);
            }
        } catch (final IOException e) {
            throw new IllegalArgumentException("cannot list " + directory + ": " + e, e);
        }
        found.sort(null);
        return found;
    }

    /**
     * The counters.
     *
     * @return a reader over the file's metadata and values.
     */
    public CountersReader counters() {
        return counters;
    }

    /**
     * The id of the process that wrote the file.
     *
     * @return the pid.
     */
    public long pid() {
        return header.getLong(CountersFileDescriptor.PID);
    }

    /**
     * When the writing process created the file.
     *
     * @return ms since the epoch.
     */
    public long startTimeMs() {
        return header.getLong(CountersFileDescriptor.START_TIME_MS);
    }

    /**
     * The writing process's command line, as it was recorded (cut at 444 bytes).
     *
     * @return the command line.
     */
    public String command() {
        final int length = header.getInt(CountersFileDescriptor.COMMAND_LENGTH);
        return header.getStringWithoutLengthUtf8(CountersFileDescriptor.COMMAND_LENGTH + Integer.BYTES,
            Math.max(0, Math.min(length, CountersFileDescriptor.MAX_COMMAND_BYTES)));
    }

    /**
     * Whether the process that wrote the file still runs (a file whose process has died holds its
     * last values).
     *
     * @return true while it runs.
     */
    public boolean isWriterAlive() {
        return ProcessHandle.of(pid()).map(ProcessHandle::isAlive).orElse(false);
    }

    /**
     * The file.
     *
     * @return its path.
     */
    public Path path() {
        return path;
    }

    @Override
    public void close() {
        IoUtil.unmap(mapped);
    }
}
