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
     * Waits (bounded) until a peer's IPC socket file exists. The file appears when the peer binds, a
     * moment before it listens: a dial in between is refused, so dial it with {@code --async}, which
     * retries. (A probe connection is no way to tell: nngcat 1.5.2's IPC listener stops serving after a
     * connection that closes before its handshake.)
     */
    public static void awaitFile(final Path file, final long timeoutMs) {
        Waits.await(file + " to exist", timeoutMs, () -> Files.exists(file));
    }
}
