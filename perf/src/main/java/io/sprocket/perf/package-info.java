/**
 * The {@code sprocket-perf} command line: {@link io.sprocket.perf.Main} and its subcommands.
 *
 * <p>How it is laid out, for a reader who wants to check a figure:
 * <ul>
 *   <li>{@code *Command}: picocli options, checked and turned into a suite's {@code Settings};
 *       {@code Session} sets the checks switch, prints the header and, at the end, the goals and the
 *       files.</li>
 *   <li>{@code *Suite}: the measurements. Every series runs through {@code Rounds}: a warm-up pass of
 *       each system, then round after round of Sprocket and its baselines with the same settings, a
 *       two-thread {@code Canary} before each round and after the last for two-thread series. Each
 *       system's hot loop is its own method (or handler class), allocates nothing unless allocating is
 *       what the baseline does, and has no lambda, boxing, iterator or varargs in it.</li>
 *   <li>{@code io.sprocket.perf.report}: results, comparisons, goals, tables, the JSON, the
 *       {@code .hgrm} and {@code .hlog} files and the plot. {@code io.sprocket.perf.jmh}: the JMH
 *       benchmarks.</li>
 * </ul>
 *
 * <p>Every wait is bounded (a timeout becomes exit status 3), and no thread spins without a deadline.
 */
package io.sprocket.perf;
