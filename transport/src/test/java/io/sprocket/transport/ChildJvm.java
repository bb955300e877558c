package io.sprocket.transport;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A test's child JVM on this test run's class path, for scenarios that need process-wide limits (a
 * small direct memory, few file descriptors). Talks by lines: the child prints {@code KEY rest},
 * the test sends commands on its standard input. Every wait is bounded, and {@link #close()} kills
 * the child if it has not exited.
 */
public final class ChildJvm implements AutoCloseable {
    private final Process process;
    private final Path stderr;
    private final LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final List<String> seen = new ArrayList<>();

    /**
     * Starts {@code mainClass} with {@code jvmArgs}; with {@code maxOpenFiles} > 0 it runs under
     * {@code bash -c 'ulimit -n N; exec java ...'}.
     */
    public ChildJvm(final Path dir, final int maxOpenFiles, final List<String> jvmArgs, final Class<?> mainClass,
        final String... args) throws IOException {
        final List<String> java = new ArrayList<>();
        java.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        java.add("--add-exports");
        java.add("java.base/jdk.internal.misc=ALL-UNNAMED");
        java.addAll(jvmArgs);
        java.add("-cp");
        java.add(System.getProperty("java.class.path"));
        java.add(mainClass.getName());
        java.addAll(List.of(args));
        final List<String> command = new ArrayList<>();
        if (maxOpenFiles > 0) {
            command.add("bash");
            command.add("-c");
            command.add("ulimit -n " + maxOpenFiles + " && exec \"$@\"");
            command.add("child");
        }
        command.addAll(java);
        stderr = Files.createTempFile(dir, "child", ".err");
        process = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
        final Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    lines.add(line);
                }
            } catch (final IOException ended) {
                // the child is gone
            }
        }, "child-stdout");
        reader.setDaemon(true);
        reader.start();
    }

    /** Waits (bounded) for a line starting with {@code key}, failing the test with the child's output otherwise. */
    public String await(final String key, final long timeoutMs) throws InterruptedException, IOException {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (true) {
            final long left = deadline - System.nanoTime();
            final String line = left > 0 ? lines.poll(left, TimeUnit.NANOSECONDS) : null;
            if (line == null) {
                fail("child printed no '" + key + "' line within " + timeoutMs + " ms; it printed " + seen
                    + "\nstderr:\n" + Files.readString(stderr));
            }
            seen.add(line);
            if (line.startsWith(key + " ") || line.equals(key)) {
                return line;
            }
        }
    }

    /** The child's process id. */
    public long pid() {
        return process.pid();
    }

    /** The {@code name=value} pairs of a line. */
    static Map<String, String> values(final String line) {
        final Map<String, String> values = new HashMap<>();
        for (final String word : line.split(" ")) {
            final int eq = word.indexOf('=');
            if (eq > 0) {
                values.put(word.substring(0, eq), word.substring(eq + 1));
            }
        }
        return values;
    }

    /** Sends one command line to the child. */
    void send(final String command) throws IOException {
        final OutputStream in = process.getOutputStream();
        in.write((command + "\n").getBytes(StandardCharsets.UTF_8));
        in.flush();
    }

    /** Waits (bounded) for the exit and returns its code. */
    int awaitExit(final long timeoutMs) throws InterruptedException, IOException {
        if (!process.waitFor(timeoutMs, TimeUnit.MILLISECONDS)) {
            fail("child did not exit within " + timeoutMs + " ms; it printed " + seen + "\nstderr:\n"
                + Files.readString(stderr));
        }
        return process.exitValue();
    }

    String stderr() throws IOException {
        return Files.readString(stderr);
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** In the child: reads the test's next command line (blocking; the test bounds the child's life). */
    static String nextCommand(final BufferedReader in) throws IOException {
        final String line = in.readLine();
        if (line == null) {
            throw new IOException("the test went away");
        }
        return line.trim();
    }
}
