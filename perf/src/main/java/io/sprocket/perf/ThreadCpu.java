package io.sprocket.perf;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;

/**
 * The CPU time each thread of the JVM spent over one span of a run, per message: which thread a
 * system's time goes to (a producer, a ring's reader, a journal's segment preparer). Read from
 * {@link ThreadMXBean#getThreadCpuTime(long)}; a thread that starts after {@link #start} counts
 * from zero. A thread that waits by spinning or yielding burns CPU as it waits, so a figure is an
 * upper bound on that thread's work.
 *
 * <p><b>Note:</b> taken at the start and the end of a trial, on the thread that runs it, while the
 * threads of the trial are alive; allocates a map and thread infos, so never inside a measured loop.
 */
final class ThreadCpu {
    /**
     * Threads other than the named ones are left out when they spent less than this share of all
     * threads' CPU time over the span, or less than half a nanosecond a message.
     */
    private static final double MIN_SHARE = 0.01;

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final Map<Long, Long> before = new HashMap<>();
    /** Threads that reported their own CPU time as they ended: id to role and nanoseconds. */
    private final Map<Long, Map.Entry<String, Long>> ended = new HashMap<>();
    private final long caller = Thread.currentThread().getId();
    private final String callerRole;

    private ThreadCpu(final String callerRole) {
        this.callerRole = callerRole;
        for (final long id : threads.getAllThreadIds()) {
            before.put(id, threads.getThreadCpuTime(id));
        }
    }

    /**
     * Takes the CPU time of every live thread now.
     *
     * @param callerRole what the calling thread does in the trial ("producer"), its name in the answer
     *                   (always listed); or null for a caller that only waits, listed like any thread.
     * @return the snapshot to measure from.
     */
    static ThreadCpu start(final String callerRole) {
        return new ThreadCpu(callerRole);
    }

    /**
     * What a thread of the trial read of itself as it ended ({@link #take()}), for a thread that ends
     * before {@link #perMessage} runs.
     *
     * <p><b>Note:</b> written once by the ending thread, read by the trial's thread after it ended;
     * {@link #take()} allocates nothing.
     */
    static final class OwnTime {
        private volatile long threadId = -1;
        private volatile long cpuNanos = -1;

        /** Reads the calling thread's id and CPU time so far; call it as the thread's work ends. */
        void take() {
            threadId = Thread.currentThread().getId();
            cpuNanos = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
        }
    }

    /**
     * Counts a thread of the trial that ended before {@link #perMessage} runs, by the CPU time it
     * read for itself as it ended: a thread started after {@link #start}, whose whole life is the
     * trial. It replaces what the thread would show if it is still alive; a thread that never took
     * its time is left out.
     *
     * @param role its name in the answer.
     * @param time what it took as it ended.
     */
    void ended(final String role, final OwnTime time) {
        if (time.cpuNanos >= 0) {
            ended.put(time.threadId, Map.entry(role, time.cpuNanos));
        }
    }

    /**
     * Prints the lines of {@link #perMessage} of the last round of each system, under one heading.
     *
     * @param out     where to.
     * @param systems the systems' names.
     * @param lines   each system's line, null for none.
     */
    static void print(final PrintStream out, final String[] systems, final String[] lines) {
        out.println("  CPU time per message by thread, last round (each thread's CPU time over the round, divided by the"
            + " messages; other threads under 1 % of the total left out; a thread that waits by spinning or yielding"
            + " burns CPU too): which threads a system's time goes to");
        for (int i = 0; i < systems.length; i++) {
            out.println("    " + systems[i] + ": " + (lines[i] == null ? "-" : lines[i]));
        }
    }

    /**
     * The CPU time each thread spent since {@link #start}, divided by {@code messages}, as
     * "producer 48 ns, journal-throughput-engine 112 ns, preparer 38 ns": the calling thread under its
     * role, a journal's segment preparer as "preparer", every other thread under its name, and the
     * threads that reported as they {@link #ended}; those two are always listed. Other threads that
     * spent under 1 % of all threads' CPU time over the span or under half a nanosecond per message,
     * and threads that ended without reporting, are left out.
     *
     * @param messages the messages the span carried.
     * @return one line, threads in the order the JVM lists them.
     */
    String perMessage(final long messages) {
        final Map<String, Long> spent = new LinkedHashMap<>();
        final Set<String> named = new HashSet<>();
        if (callerRole != null) {
            named.add(callerRole);
        }
        for (final Map.Entry<String, Long> e : ended.values()) {
            named.add(e.getKey());
        }
        long total = 0;
        for (final long id : threads.getAllThreadIds()) {
            final long now = threads.getThreadCpuTime(id);
            final ThreadInfo info = threads.getThreadInfo(id);
            if (now < 0 || info == null || ended.containsKey(id)) {
                continue;
            }
            final long ns = now - before.getOrDefault(id, 0L);
            spent.merge(role(id, info.getThreadName()), ns, Long::sum);
            total += ns;
        }
        for (final Map.Entry<String, Long> e : ended.values()) {
            spent.merge(e.getKey(), e.getValue(), Long::sum);
            total += e.getValue();
        }
        final StringJoiner line = new StringJoiner(", ");
        for (final Map.Entry<String, Long> e : spent.entrySet()) {
            if (named.contains(e.getKey()) || e.getValue() >= total * MIN_SHARE && e.getValue() >= messages / 2) {
                line.add(String.format(Locale.ROOT, "%s %.0f ns", e.getKey(), e.getValue() / (double)messages));
            }
        }
        return line.toString();
    }

    private String role(final long id, final String name) {
        if (id == caller && callerRole != null) {
            return callerRole;
        }
        return name.startsWith("journal-preparer") ? "preparer" : name;
    }
}
