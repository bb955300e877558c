package io.sprocket.transport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.sprocket.message.Waits;

/** {@link Peers} for tests in other packages (the cat's tests). */
public final class CatPeers {
    private CatPeers() {
    }

    /** A running peer. */
    public static final class Proc {
        private final Peers.Proc proc;

        Proc(final Peers.Proc proc) {
            this.proc = proc;
        }

        /** Waits for exit code 0. */
        public void awaitSuccess() throws IOException, InterruptedException {
            proc.awaitSuccess();
        }

        /** What the peer printed. */
        public String stdout() throws IOException {
            return proc.stdout();
        }

        /** What the peer printed on its error stream. */
        public String stderr() throws IOException {
            return proc.stderr();
        }
    }

    /** Fails the test unless the tool is installed. */
    public static void require(final String tool, final String debianPackage) {
        Peers.require(tool, debianPackage);
    }

    /** Starts a peer under {@code timeout}. */
    public static Proc start(final Path dir, final int limitSec, final String... command) throws IOException {
        return new Proc(Peers.start(dir, limitSec, command));
    }

    /**
     * Waits (bounded) until a peer listens on an IPC socket file. The file alone is not enough: NNG
     * binds (which creates the file) before it listens, and a dial in between is refused. So this
     * reads the kernel's table of Unix sockets ({@code /proc/net/unix}) for one bound to the path
     * with the listening flag ({@code __SO_ACCEPTCON}, 0x10000), without connecting to it (a probe
     * connection made nngcat drop the test's messages).
     */
    public static void awaitListening(final Path file, final long timeoutMs) {
        final String path = file.toAbsolutePath().toString();
        Waits.await(file + " to listen", timeoutMs, () -> listening(path));
    }

    private static boolean listening(final String path) {
        try {
            for (final String line : Files.readAllLines(Path.of("/proc/net/unix"))) {
                final String[] f = line.trim().split("\\s+");
                if (f.length >= 8 && f[7].equals(path) && (Integer.parseInt(f[3], 16) & 0x10000) != 0) {
                    return true;
                }
            }
            return false;
        } catch (final IOException | NumberFormatException e) {
            return false;
        }
    }
}
