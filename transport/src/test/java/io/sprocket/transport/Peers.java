package io.sprocket.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.sprocket.message.Addr;
import io.sprocket.message.Waits;
import io.sprocket.registry.SpSocket;

/**
 * Launches nngcat and nanocat for interop tests. A missing tool fails the test (never skips it),
 * saying which Debian package to install. Every process is bounded three times: by its own options
 * (the caller's {@code --count} / {@code --recv-timeout}), by {@code timeout -k 2 N}, and by
 * {@link Proc#await} with a deadline, after which it is destroyed forcibly.
 */
final class Peers {
    /** Numbers the socket files peers bind in {@link #link}. */
    private static final AtomicInteger PEER_FILES = new AtomicInteger();

    private Peers() {
    }

    /** Fails the test unless {@code tool} is on the PATH. */
    static void require(final String tool, final String debianPackage) {
        if (find(tool) == null) {
            fail(tool + " is not installed: the interop tests need it. Install the Debian package " + debianPackage
                + " (apt-get update && apt-get install -y " + debianPackage + ")");
        }
        if (find("timeout") == null) {
            fail("timeout (coreutils) is not installed: the interop tests bound every peer with it");
        }
    }

    /**
     * The address a test's Sprocket listens on for a peer over {@code kind}: {@code "tcp"} (127.0.0.1) or
     * {@code "tcp6"} (::1), each on a port the system picks (read it back from {@link Listener#boundAddr()}),
     * or {@code "ipc"}, the socket file {@code sp.sock} in {@code dir} (the test's own temporary directory, so
     * no stale file of another test is in the way).
     */
    static Addr listenAddr(final Path dir, final String kind) {
        switch (kind) {
            case "tcp":
                return Addr.parse("tcp://127.0.0.1:0");
            case "tcp6":
                return Addr.parse("tcp://[::1]:0");
            case "ipc":
                return Addr.ipc(dir.resolve("sp.sock").toString());
            default:
                throw new IllegalArgumentException("kind must be tcp, tcp6 or ipc: " + kind);
        }
    }

    /**
     * Connects {@code socket} of {@code n} with a peer about to be started over {@code kind}, the peer listening
     * where the tools allow it. Over {@code "ipc"} the peer binds a socket file new to {@code dir} (a peer that
     * has exited leaves its file behind) and Sprocket dials it, again and again until the peer listens. Over
     * {@code "tcp"} Sprocket listens on a port the system picks and the peer connects: nanomsg refuses to bind
     * port 0, and nngcat would have to print the port it got. Returns the peer's two address options,
     * {@code --bind URL} or {@code --connect URL}, which nngcat and nanocat both take.
     */
    static String[] link(final Node n, final SpSocket socket, final Path dir, final String kind) throws IOException {
        switch (kind) {
            case "ipc":
                final Addr at = Addr.ipc(dir.resolve("peer" + PEER_FILES.incrementAndGet() + ".sock").toString());
                n.transport.dial(socket, at);
                return new String[] {"--bind", at.toString()};
            case "tcp":
                final Listener l = n.transport.listen(socket, listenAddr(dir, kind));
                return new String[] {"--connect", l.boundAddr().toString()};
            default:
                throw new IllegalArgumentException("kind must be tcp or ipc: " + kind);
        }
    }

    /**
     * Runs {@code tool}'s SURVEYOR ({@code surveyorOption}: nngcat's {@code --surveyor0}, nanocat's
     * {@code --surveyor}) against {@code respondent} of {@code n}, which answers "present", linked over
     * {@code kind} as {@link #link} does. Both tools lose a survey sent while nothing is connected, so the tool
     * surveys "roll call" every second until it has printed an answer, and is then stopped. Asserts that every
     * survey Sprocket received was "roll call" and that the tool printed only "present", at most once per survey
     * (each survey is recorded before it is answered).
     */
    static void answerSurveys(final Node n, final SpSocket respondent, final Path dir, final String kind,
        final String tool, final String surveyorOption) throws Exception {
        final String[] at = link(n, respondent, dir, kind);
        final Proc surveyor = start(dir, 60, tool, surveyorOption, at[0], at[1], "--data", "roll call", "--interval",
            "1", "--quoted");
        try {
            assertThat(n.transport.awaitReady(respondent, 1, Node.WAIT_NS)).isTrue();
            surveyor.awaitStdout("\"present\"\n");
        } finally {
            surveyor.kill();
            surveyor.await();
        }
        final List<String> surveys = n.collector.texts(1);
        assertThat(surveys).containsOnly("roll call");
        assertThat(surveyor.stdout().split("\n")).containsOnly("\"present\"").hasSizeLessThanOrEqualTo(surveys.size());
    }

    private static Path find(final String tool) {
        final String path = System.getenv("PATH");
        for (final String d : (path == null ? "/usr/bin:/bin" : path).split(File.pathSeparator)) {
            final Path p = Path.of(d, tool);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    /** Starts {@code timeout -k 2 <limitSec> <command...>}, stdout and stderr to files in {@code dir}. */
    static Proc start(final Path dir, final int limitSec, final String... command) throws IOException {
        final List<String> cmd = new ArrayList<>(List.of("timeout", "-k", "2", Integer.toString(limitSec)));
        cmd.addAll(Arrays.asList(command));
        final Path out = Files.createTempFile(dir, "out", ".txt");
        final Path err = Files.createTempFile(dir, "err", ".txt");
        final Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        return new Proc(cmd, p, out, err, limitSec);
    }

    /** A running peer. */
    static final class Proc {
        final List<String> command;
        final Process process;
        final Path out;
        final Path err;
        final int limitSec;

        Proc(final List<String> command, final Process process, final Path out, final Path err, final int limitSec) {
            this.command = command;
            this.process = process;
            this.out = out;
            this.err = err;
            this.limitSec = limitSec;
        }

        /** Waits for the exit (bounded by the timeout plus a margin) and returns the exit code. */
        int await() throws IOException, InterruptedException {
            if (!process.waitFor(limitSec + 5L, TimeUnit.SECONDS)) {
                kill();
                fail("peer did not exit: " + String.join(" ", command));
            }
            return process.exitValue();
        }

        /** Waits for a clean exit (0), failing with the peer's output otherwise. */
        void awaitSuccess() throws IOException, InterruptedException {
            final int rc = await();
            if (rc != 0) {
                fail("peer exited with " + rc + (rc == 124 ? " (hung: killed by timeout)" : "") + ": "
                    + String.join(" ", command) + "\nstderr: " + stderr());
            }
        }

        String stdout() throws IOException {
            return Files.readString(out, StandardCharsets.ISO_8859_1);
        }

        /**
         * Waits (bounded by {@link Node#WAIT_MS}) until the peer has printed {@code text}, for a peer that
         * runs until it is stopped (the cats flush their output after each message).
         */
        void awaitStdout(final String text) {
            Waits.await("\"" + text + "\" from " + String.join(" ", command), Node.WAIT_MS, () -> {
                try {
                    return stdout().contains(text);
                } catch (final IOException e) {
                    return false;
                }
            });
        }

        /**
         * For a peer that would otherwise run until its receive timeout ran out: waits (bounded by
         * {@link Node#WAIT_MS}) until it has printed as many bytes as {@code expected} holds, stops it,
         * then checks that it printed exactly {@code expected}, and nothing on stderr.
         */
        void stopOncePrinted(final String expected) throws IOException, InterruptedException {
            try {
                Waits.await(expected.length() + " bytes of output from " + String.join(" ", command), Node.WAIT_MS,
                    () -> out.toFile().length() >= expected.length());
            } finally {
                kill();
            }
            assertThat(stdout()).isEqualTo(expected);
            assertThat(stderr()).isEmpty();
        }

        byte[] stdoutBytes() throws IOException {
            return Files.readAllBytes(out);
        }

        String stderr() throws IOException {
            return Files.readString(err, StandardCharsets.ISO_8859_1);
        }

        /**
         * Stops the peer: SIGTERM to {@code timeout}, which passes it on to the peer (and kills it 2 s
         * later if it lingers); then, if anything is still alive after 5 s, SIGKILL to the peer's
         * process and to {@code timeout}, each by its own pid.
         */
        void kill() throws InterruptedException {
            final List<ProcessHandle> children = process.descendants().collect(java.util.stream.Collectors.toList());
            process.destroy();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                children.forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
            for (final ProcessHandle child : children) {
                if (child.isAlive()) {
                    child.destroyForcibly();
                }
            }
        }
    }
}
