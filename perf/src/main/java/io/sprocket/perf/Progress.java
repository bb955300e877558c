package io.sprocket.perf;

import java.io.PrintStream;

/**
 * The progress line on stderr. It is printed only by the main thread between measurements (never
 * from a timer thread, which would preempt a spinning thread on a 2-core machine and show up in the
 * tail of the very latency it is waiting for). On a console the line is rewritten in place.
 */
final class Progress {
    private final PrintStream err;
    private final boolean enabled;
    private final boolean console;
    private final long startNs = System.nanoTime();
    private int lastLength;

    Progress(final PrintStream err, final boolean enabled) {
        this.err = err;
        this.enabled = enabled;
        this.console = System.console() != null && err == System.err;
    }

    void step(final String text) {
        if (!enabled) {
            return;
        }
        final String line = String.format(java.util.Locale.ROOT, "[%6.1fs] %s",
            (System.nanoTime() - startNs) / 1e9, text);
        if (console) {
            err.print('\r' + line + " ".repeat(Math.max(0, lastLength - line.length())));
            lastLength = line.length();
        } else {
            err.println(line);
        }
        err.flush();
    }

    /** Ends an in-place line so the next output starts on a fresh one. */
    void clear() {
        if (enabled && console && lastLength > 0) {
            err.print('\r' + " ".repeat(lastLength) + '\r');
            err.flush();
            lastLength = 0;
        }
    }

    double elapsedSeconds() {
        return (System.nanoTime() - startNs) / 1e9;
    }
}
