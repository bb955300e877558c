package io.sprocket.perf;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import org.agrona.concurrent.UnsafeBuffer;

import io.sprocket.perf.report.Comparison;
import io.sprocket.perf.report.Fmt;
import io.sprocket.perf.report.Report;
import io.sprocket.perf.report.Result;
import io.sprocket.perf.report.TextTable;

/**
 * Messages per second from producer threads to one consumer (the engine), for Sprocket, the raw
 * Disruptor and ArrayBlockingQueue, interleaved: first with 1 producer (benchmark {@code throughput};
 * single-producer rings on both Disruptor sides), then with N (benchmark {@code throughput-Np};
 * multi-producer rings). The clock runs from the moment the producers are released to the moment the
 * consumer has handled the last message; every round checks that the consumer handled exactly what was
 * sent.
 *
 * <p>With {@code --batch N} each producer claims N slots, writes them, then publishes them: Sprocket
 * claims them one by one ({@code tryClaim} up to N times, then {@code publish} each, as it has no batch
 * claim; when the ring fills mid-batch it publishes what it holds, since waiting while holding claimed
 * slots deadlocks several producers), the raw Disruptor with {@code tryNext(N)} / {@code publish(lo, hi)}. A producer that finds
 * the ring full idles the same way for every system ({@link WaitMode#idle()}); the raw Disruptor's
 * {@code next()}, which parks for 75 us here when full, is never called.
 */
final class ThroughputSuite {
    private static final String[] SYSTEMS = {"sprocket", "disruptor", "abq"};

    /** The settings of one throughput run. */
    static final class Settings {
        WaitMode wait = WaitMode.BUSY;
        int sizeBytes = 8;
        long messages = 20_000_000;
        int producers = 2;
        int batch = 1;
        int rounds = 5;
        int ringSize = 65_536;
        long timeoutNs = 120_000_000_000L;
    }

    private ThroughputSuite() {
    }

    static void run(final Settings s, final Report report, final Progress progress) throws Exception {
        series(s, 1, report, progress);
        if (s.producers > 1) {
            series(s, s.producers, report, progress);
        }
    }

    static String benchmarkName(final int producers) {
        return producers == 1 ? "throughput" : "throughput-" + producers + "p";
    }

    private static void series(final Settings s, final int producers, final Report report, final Progress progress)
        throws Exception {
        final String benchmark = benchmarkName(producers);
        final Run[] systems = ThroughputSystems.create(s, producers);
        final double[][] rates = new double[SYSTEMS.length][s.rounds];
        final long warmupMessages = Math.max(producers, s.messages / 2);
        final Rounds.Trial[] trials = new Rounds.Trial[SYSTEMS.length];
        for (int i = 0; i < SYSTEMS.length; i++) {
            final int system = i;
            trials[i] = round -> {
                final double rate = systems[system].run(round < 0 ? warmupMessages : s.messages);
                if (round >= 0) {
                    rates[system][round] = rate;
                }
            };
        }
        final Rounds rounds = Rounds.run(benchmark, s.rounds, true, progress, SYSTEMS, trials);

        final String[] headers = new String[s.rounds + 2];
        headers[0] = "system";
        for (int r = 0; r < s.rounds; r++) {
            headers[r + 1] = "round " + (r + 1);
        }
        headers[s.rounds + 1] = "median";
        final TextTable table = new TextTable(headers);
        for (int i = 0; i < SYSTEMS.length; i++) {
            final String[] row = new String[s.rounds + 2];
            row[0] = SYSTEMS[i];
            for (int r = 0; r < s.rounds; r++) {
                row[r + 1] = Fmt.rate(rates[i][r]);
            }
            final double median = median(rates[i]);
            row[s.rounds + 1] = Fmt.rate(median);
            table.row(row);
            report.add(new Result(benchmark, SYSTEMS[i]).msgsPerSec(median));
        }
        final Comparison vsDisruptor = report.add(new Comparison(benchmark, "msgs/s", "sprocket", "disruptor", true));
        final Comparison vsAbq = report.add(new Comparison(benchmark, "msgs/s", "sprocket", "abq", true));
        for (int r = 0; r < s.rounds; r++) {
            vsDisruptor.addRound(rates[0][r], rates[1][r], rounds.mode(r));
            vsAbq.addRound(rates[0][r], rates[2][r], rounds.mode(r));
        }
        final PrintStream out = report.out();
        out.println();
        out.println(String.format(java.util.Locale.ROOT,
            "THROUGHPUT  %d producer%s -> engine, wait %s, %d B payload, batch %d, ring %s slots, %d rounds x %s messages",
            producers, producers == 1 ? "" : "s", s.wait.label(), s.sizeBytes, s.batch, Fmt.count(s.ringSize), s.rounds,
            Fmt.count(s.messages)));
        out.println("  msgs/s per round (higher is better); every round checked: handled = sent");
        table.print(out, "  ");
        out.println("  ratio per round (above 1: Sprocket is faster):");
        out.println("    " + vsDisruptor.describe());
        out.println("    " + vsAbq.describe());
        rounds.printCanary(out, "  ");
        final String[] cpu = new String[SYSTEMS.length];
        for (int i = 0; i < SYSTEMS.length; i++) {
            cpu[i] = systems[i].cpu;
        }
        ThreadCpu.print(out, SYSTEMS, cpu);
        if (producers > 1 && s.wait.spins() && producers + 1 > Runtime.getRuntime().availableProcessors()) {
            out.println("  " + (producers + 1) + " spinning threads on " + Runtime.getRuntime().availableProcessors()
                + " cores: the run is oversubscribed and a producer preempted between claim and publish stalls the"
                + " consumer; compare the systems within a round, not with another machine.");
        }
        if (s.batch > 1) {
            out.println("  abq has no batch put: it sends one message at a time whatever --batch says.");
        }
        out.println("  abq is ArrayBlockingQueue offer/poll with a timeout (blocking), whatever --wait says.");
        out.println("  Each Sprocket producer writes through a view of its own (ring.message(seq, view)), so going round"
            + " the ring it touches the slots' memory and no per-slot heap object.");
    }

    static double median(final double[] values) {
        final double[] sorted = values.clone();
        Arrays.sort(sorted);
        final int n = sorted.length;
        return (n & 1) == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    // ------------------------------------------------------------------ common shape

    /** One system: runs {@code messages} through and answers messages per second. */
    abstract static class Run {
        final Settings s;
        final int producers;
        final UnsafeBuffer template;
        /** Each thread's CPU time per message over the last run ({@link ThreadCpu}), or null before one. */
        String cpu;

        Run(final Settings s, final int producers) {
            this.s = s;
            this.producers = producers;
            this.template = Support.template(s.sizeBytes);
        }

        abstract double run(long messages) throws Exception;

        /** Reports a consumer thread that may have ended before the CPU times are read; none by default. */
        void endedConsumer(final ThreadCpu cpuTime) {
            // The rings' consumers outlive the trial: they are read while alive.
        }

        /** Messages producer {@code p} sends: an equal share, the remainder to producer 0. */
        long share(final int p, final long messages) {
            return messages / producers + (p == 0 ? messages % producers : 0);
        }

        /**
         * Starts the producers, releases them together once all are ready, and waits for the
         * consumer's last message; then takes each thread's CPU time per message ({@link #cpu}).
         *
         * @return the start time.
         */
        long startAndAwait(final Gate gate, final Producer[] tasks, final CountDownLatch done, final String what,
            final long messages) {
            final ThreadCpu cpuTime = ThreadCpu.start(null);
            final Thread[] threads = new Thread[tasks.length];
            for (int p = 0; p < tasks.length; p++) {
                threads[p] = Support.daemon(tasks[p], what + "-producer-" + p);
                threads[p].start();
            }
            final long deadline = System.nanoTime() + s.timeoutNs;
            while (gate.ready.get() < tasks.length) {
                Thread.yield();
                if (System.nanoTime() - deadline > 0) {
                    throw new RunFailure(what + ": the producers did not start");
                }
            }
            final long start = System.nanoTime();
            gate.go = true;
            try {
                Support.await(done, s.timeoutNs, what + " throughput");
            } finally {
                gate.stop = true;
                for (final Thread t : threads) {
                    Support.join(t, s.timeoutNs);
                }
            }
            for (int p = 0; p < tasks.length; p++) {
                cpuTime.ended(tasks.length == 1 ? "producer" : "producer-" + p, tasks[p].ownTime);
            }
            endedConsumer(cpuTime);
            cpu = cpuTime.perMessage(messages);
            for (final Producer task : tasks) {
                if (task.failure != null) {
                    throw new RunFailure(what + ": " + task.failure);
                }
            }
            return start;
        }
    }

    /** Releases the producers together. */
    static final class Gate {
        final AtomicInteger ready = new AtomicInteger();
        volatile boolean go;
        volatile boolean stop;

        /** Called by a producer: waits, yielding, until released. False when stopped instead. */
        boolean await() {
            ready.incrementAndGet();
            while (!go) {
                if (stop) {
                    return false;
                }
                Thread.yield();
            }
            return true;
        }
    }

    abstract static class Producer implements Runnable {
        volatile String failure;
        /** This producer's CPU time, taken as it ends. */
        final ThreadCpu.OwnTime ownTime = new ThreadCpu.OwnTime();
        final Gate gate;
        final long count;
        final long deadlineAfterNs;

        Producer(final Gate gate, final long count, final long timeoutNs) {
            this.gate = gate;
            this.count = count;
            this.deadlineAfterNs = timeoutNs;
        }

        @Override
        public final void run() {
            try {
                if (!gate.await()) {
                    return;
                }
                final long deadline = System.nanoTime() + deadlineAfterNs;
                failure = send(deadline);
            } finally {
                ownTime.take();
            }
        }

        /** Sends {@link #count} messages; answers null, or why it stopped. */
        abstract String send(long deadline);

        /**
         * Writes one message as every system does: its index in the first 8 bytes, then the template's bytes
         * up to {@code size}. Allocates nothing.
         */
        static void fill(final UnsafeBuffer b, final long index, final int size, final UnsafeBuffer template) {
            b.putLong(0, index);
            if (size > Long.BYTES) {
                b.putBytes(Long.BYTES, template, Long.BYTES, size - Long.BYTES);
            }
        }

        /** Whether to give up: checks the clock only every 1,024 idle steps. */
        final boolean expired(final int idleSteps, final long deadline) {
            return (idleSteps & 0x3FF) == 0 && (gate.stop || System.nanoTime() - deadline > 0);
        }
    }
}
