package io.sprocket.perf;

import java.io.PrintStream;

/**
 * Runs the systems of one series interleaved in one JVM, as PERF-NOTES asks: a warm-up pass of every
 * system, then round 1 (A, B, C), round 2 (A, B, C)…, all with the same settings. For a two-thread
 * series a {@link Canary} runs before each round and after the last, and each round is labelled with
 * the mode the canaries around it saw.
 */
final class Rounds {
    /** One system's part of a round. {@code round} is -1 for the warm-up pass. */
    @FunctionalInterface
    interface Trial {
        void run(int round) throws Exception;
    }

    private final long[] canaryNs;
    private final String[] modes;

    private Rounds(final int rounds) {
        this.canaryNs = new long[rounds + 1];
        this.modes = new String[rounds];
    }

    /**
     * Runs the series.
     *
     * @param label     what the progress line calls it.
     * @param rounds    measured rounds, at least 1.
     * @param twoThread whether to run the canary around each round.
     * @param progress  the progress line.
     * @param names     the systems' names, for the progress line.
     * @param trials    the systems, in the order they run within a round.
     */
    static Rounds run(
        final String label, final int rounds, final boolean twoThread, final Progress progress,
        final String[] names, final Trial... trials) throws Exception {
        final Rounds r = new Rounds(rounds);
        for (int s = 0; s < trials.length; s++) {
            progress.step(label + ": warm-up " + names[s]);
            trials[s].run(-1);
        }
        for (int round = 0; round < rounds; round++) {
            if (twoThread) {
                progress.step(label + ": canary");
                r.canaryNs[round] = Canary.medianNs();
            }
            for (int s = 0; s < trials.length; s++) {
                progress.step(label + ": round " + (round + 1) + "/" + rounds + " " + names[s]);
                trials[s].run(round);
            }
        }
        if (twoThread) {
            progress.step(label + ": canary");
            r.canaryNs[rounds] = Canary.medianNs();
            for (int round = 0; round < rounds; round++) {
                r.modes[round] = Canary.mode(r.canaryNs[round], r.canaryNs[round + 1]);
            }
        } else {
            java.util.Arrays.fill(r.modes, "-");
        }
        progress.clear();
        return r;
    }

    String mode(final int round) {
        return modes[round];
    }

    /** Prints the canary line, for example {@code canary p50: 98 ns near | 102 | 97 | 101 -> near}. */
    void printCanary(final PrintStream out, final String indent) {
        if ("-".equals(modes[0])) {
            return;
        }
        final StringBuilder line = new StringBuilder(indent).append("canary (bare 2-thread ping-pong p50, near < ")
            .append(Canary.NEAR_BELOW_NS).append(" ns) before each round and after the last:");
        for (final long ns : canaryNs) {
            line.append(' ').append(ns < 0 ? "busy" : ns + " ns");
        }
        line.append("  ->  ").append(summary());
        out.println(line);
        for (final long ns : canaryNs) {
            if (ns < 0) {
                out.println(indent + "'busy': a canary could not finish its round trips in time: other threads (another"
                    + " process, the JIT, the GC) were sharing the cores, and the figures around it are suspect.");
                break;
            }
        }
    }

    String summary() {
        String first = null;
        for (final String m : modes) {
            if (first == null) {
                first = m;
            } else if (!first.equals(m)) {
                return "mixed (the mode flipped during the series: compare within rounds only)";
            }
        }
        return first;
    }
}
