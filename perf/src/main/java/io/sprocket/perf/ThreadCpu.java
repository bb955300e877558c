package io.sprocket.perf;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The CPU time each thread of the JVM spent over one span of a run, per message: which thread a
 * system's time goes to (the producer, a ring's reader, a journal's segment preparer). Read from
 * {@link ThreadMXBean#getThreadCpuTime(long)}; a thread that starts after {@link #start()} counts
 * from zero.
 *
 * <p><b>Note:</b> taken at the start and the end of a trial, on the thread that runs it (which is
 * named "producer" in the answer); allocates a map and thread infos, so never inside a measured loop.
 */
final class ThreadCpu {
    /** Threads other than the caller that spent less than this are left out of the answer. */
    private static final long MIN_NANOS = 1_000_000;

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final Map<Long, Long> before = new HashMap<>();
    private final long caller = Thread.currentThread().getId();

    private ThreadCpu() {
        for (final long id : threads.getAllThreadIds()) {
            before.put(id, threads.getThreadCpuTime(id));
        }
    }

    /**
     * Takes the CPU time of every live thread now.
     *
     * @return the snapshot to measure from.
     */
    static ThreadCpu start() {
        return new ThreadCpu();
    }

    /**
     * The CPU time each thread spent since {@link #start()}, divided by {@code messages}, as
     * "producer 48 ns, journal-throughput-engine 112 ns, preparer 38 ns": the calling thread is the
     * producer, a journal's segment preparer is "preparer", every other thread keeps its name.
     * Other threads that spent under 1 ms, and threads that ended meanwhile, are left out.
     *
     * @param messages the messages the span carried.
     * @return one line, threads in the order the JVM lists them.
     */
    String perMessage(final long messages) {
        final Map<String, Long> spent = new LinkedHashMap<>();
        for (final long id : threads.getAllThreadIds()) {
            final long now = threads.getThreadCpuTime(id);
            final ThreadInfo info = threads.getThreadInfo(id);
            if (now < 0 || info == null) {
                continue;
            }
            final long ns = now - before.getOrDefault(id, 0L);
            if (ns >= MIN_NANOS || id == caller) {
                spent.merge(role(id, info.getThreadName()), ns, Long::sum);
            }
        }
        final StringJoiner line = new StringJoiner(", ");
        for (final Map.Entry<String, Long> e : spent.entrySet()) {
            line.add(String.format(Locale.ROOT, "%s %.0f ns", e.getKey(), e.getValue() / (double)messages));
        }
        return line.toString();
    }

    private String role(final long id, final String name) {
        if (id == caller) {
            return "producer";
        }
        return name.startsWith("journal-preparer") ? "preparer" : name;
    }
}
