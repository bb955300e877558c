package io.sprocket.journal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The one-writer rule, enforced: an exclusive lock on {@code DIR/journal.lock} held from open to
 * close, so a second {@link Journal} on the same directory (in this process or another) is refused
 * instead of writing over the first. The operating system drops the lock when the process dies, so
 * a crash never leaves the journal locked. Readers and {@code verify} take no lock.
 *
 * <p><b>Note:</b> acquired and released by the thread that opens and closes the journal; allocates.
 */
final class DirectoryLock {
    /** The lock file's name (it does not end in {@code .journal}, so it is never taken for a segment). */
    static final String FILE_NAME = "journal.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private DirectoryLock(final FileChannel channel, final FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Creates the directory if needed and locks it.
     *
     * @throws IllegalStateException when another journal holds it.
     */
    static DirectoryLock acquire(final Path dir) {
        final FileChannel channel;
        try {
            Files.createDirectories(dir);
            channel = FileChannel.open(dir.resolve(FILE_NAME), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        } catch (final IOException e) {
            throw new UncheckedIOException("could not open the lock file of journal " + dir, e);
        }
        FileLock lock = null;
        try {
            lock = channel.tryLock();
        } catch (final OverlappingFileLockException heldHere) {
            lock = null;
        } catch (final IOException e) {
            closeQuietly(channel);
            throw new UncheckedIOException("could not lock journal " + dir, e);
        }
        if (lock == null) {
            closeQuietly(channel);
            throw new IllegalStateException("journal " + dir + " is open in another Journal (this process or another):"
                + " one writer per journal");
        }
        return new DirectoryLock(channel, lock);
    }

    /** Releases the lock. */
    void release() {
        try {
            lock.release();
        } catch (final IOException ignored) {
            // closing the channel releases it as well
        }
        closeQuietly(channel);
    }

    private static void closeQuietly(final FileChannel channel) {
        try {
            channel.close();
        } catch (final IOException ignored) {
            // nothing more to do
        }
    }
}
