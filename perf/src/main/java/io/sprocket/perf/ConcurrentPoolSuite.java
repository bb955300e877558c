package io.sprocket.perf;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;

import io.sprocket.message.BufferPool;
import io.sprocket.message.InfraConfig;
import io.sprocket.message.Message;
import io.sprocket.message.PoolStats;
import io.sprocket.perf.report.Comparison;
import io.sprocket.perf.report.Fmt;
import io.sprocket.perf.report.Goal;
import io.sprocket.perf.report.Report;
import io.sprocket.perf.report.Result;
import io.sprocket.perf.report.TextTable;

/**
 * One {@link BufferPool} shared by N threads (1, 2, 4 and 8 by default), each acquiring a buffer,
 * writing a byte and releasing it in a loop ({@code sprocket}), beside the same threads allocating
 * {@code new byte[size]} ({@code heap-alloc}), interleaved round by round, as the JMH benchmark
 * {@code BufferPoolConcurrent} does.
 *
 * <ul>
 *   <li>ns/op is the time each thread took for its operations divided by their number, averaged over
 *       the threads (what JMH reports for a benchmark run by N threads).</li>
 *   <li>B/op is the bytes every thread allocated inside its loop ({@code ThreadMXBean}, exact), summed
 *       over the threads and the measured rounds, divided by all their operations: 0 only when no round
 *       allocated a byte.</li>
 *   <li>The pool's {@code buffersAllocated} after the warm-up round say how many buffers it still had to
 *       create: 0 when every acquire was served from its free list.</li>
 * </ul>
 *
 * The warm-up first prefills the pool with {@link #prefill(int)} buffers, as many as the threads can
 * ever hold at once, acquired together and released: the pool then holds enough, and its free list has
 * room for all of them, so every later acquire can be served without allocating. The warm-up round by
 * itself does not guarantee that: its threads need not all hold a buffer at the same moment (on 2 cores
 * most of them are waiting for a core), so a measured round could be the first in which they do.
 *
 * With more threads than cores the threads take turns on the cores: the time per operation each thread
 * sees then grows with the thread count even if the pool scaled perfectly. It is reported, not judged.
 * Series of two threads or more run the canary around each round.
 */
final class ConcurrentPoolSuite {
    /** Larger than any thread count allowed, so a released buffer always finds room in the free list. */
    static final int MAX_RETAINED = 128;
    /** The most threads a series may use. */
    static final int MAX_THREADS = 64;
    /** Buffers one thread of the pool loop holds at once: it acquires one and releases it before the next. */
    static final int HELD_PER_THREAD = 1;

    private ConcurrentPoolSuite() {
    }

    /**
     * The buffers the warm-up puts in a pool shared by {@code threads} threads: every buffer the threads
     * can hold at once. {@link BufferPool} keeps no per-thread caches (its class documentation says so:
     * retained buffers are bounded by exactly {@code maxRetained}, all in one free list), so nothing is
     * added for them; {@link #MAX_RETAINED} is above {@code MAX_THREADS * HELD_PER_THREAD}, so the free
     * list keeps them all.
     */
    static int prefill(final int threads) {
        return threads * HELD_PER_THREAD;
    }

    /** Acquires {@code count} buffers together, then releases them all: the pool has made and keeps that many. */
    private static void prefill(final BufferPool pool, final int sizeBytes, final int count) {
        final Message[] held = new Message[count];
        for (int i = 0; i < count; i++) {
            held[i] = pool.acquire(sizeBytes);
        }
        for (final Message m : held) {
            m.release();
        }
    }

    /** Per round and system: ns/op as each thread saw it (averaged), and bytes over every thread. */
    private static final class Figures {
        final double[][] ns;
        final long[][] bytes;

        Figures(final int systems, final int rounds) {
            ns = new double[systems][rounds];
            bytes = new long[systems][rounds];
        }
    }

    static void run(final PoolSuite.Settings s, final Report report, final Progress progress) throws Exception {
        final String[] systems = {"sprocket", "heap-alloc"};
        final TextTable table = new TextTable("threads", "sprocket ns/op", "B/op", "heap-alloc ns/op", "B/op",
            "ratio", "mode", "buffers allocated after warm-up");
        final List<String> ratios = new ArrayList<>();
        final List<Rounds> canaries = new ArrayList<>();
        for (final int threads : s.threads) {
            final Figures f = new Figures(systems.length, s.rounds);
            final BufferPool pool = new BufferPool("perf-shared-" + threads, InfraConfig.builder()
                .maxPooledSizeBytes(s.concurrentSizeBytes).maxRetained(MAX_RETAINED).build());
            final PoolStats stats = new PoolStats();
            final long[] allocatedAtFirstRound = {-1};
            final Rounds rounds = Rounds.run("shared pool, " + threads + (threads == 1 ? " thread" : " threads"),
                s.rounds, threads >= 2, progress, systems,
                round -> {
                    if (round < 0) {
                        prefill(pool, s.concurrentSizeBytes, prefill(threads));
                    }
                    if (round == 0) {
                        allocatedAtFirstRound[0] = pool.stats(stats).buffersAllocated();
                    }
                    measure(f, 0, round, threads, s, new PoolLoop(pool, s.concurrentSizeBytes, s.concurrentOps));
                },
                round -> measure(f, 1, round, threads, s, new HeapLoop(s.concurrentSizeBytes, s.concurrentOps)));
            final long allocated = pool.stats(stats).buffersAllocated() - allocatedAtFirstRound[0];
            final String benchmark = Goal.concurrentPoolBenchmark(threads);
            final long totalOps = (long)threads * s.concurrentOps * s.rounds;
            final double[] bytesPerOp = new double[systems.length];
            final double[] medianNs = new double[systems.length];
            for (int i = 0; i < systems.length; i++) {
                long bytes = 0;
                for (int r = 0; r < s.rounds; r++) {
                    bytes += f.bytes[i][r];
                }
                bytesPerOp[i] = (double)bytes / totalOps;
                medianNs[i] = ThroughputSuite.median(f.ns[i]);
                final Result row = report.add(new Result(benchmark, systems[i]).nsPerOp(medianNs[i])
                    .bytesPerOp(bytesPerOp[i]));
                if (i == 0) {
                    row.poolBuffersAllocated(allocated);
                }
            }
            final Comparison c = report.add(new Comparison(benchmark, "ns/op", systems[0], systems[1], false));
            for (int r = 0; r < s.rounds; r++) {
                c.addRound(f.ns[0][r], f.ns[1][r], rounds.mode(r));
            }
            table.row(Integer.toString(threads), Fmt.nsPerOp(medianNs[0]), Fmt.bytes(bytesPerOp[0]),
                Fmt.nsPerOp(medianNs[1]), Fmt.bytes(bytesPerOp[1]), Fmt.ratio(c.medianRatio()), c.modeSummary(),
                Fmt.count(allocated));
            ratios.add(threads + (threads == 1 ? " thread:  " : " threads: ") + c.describe());
            if (threads >= 2) {
                canaries.add(rounds);
            }
        }
        final PrintStream out = report.out();
        out.println();
        out.println(String.format(Locale.ROOT,
            "POOL SHARED BY N THREADS  one BufferPool, each thread acquire + write a byte + release of %s B, %s per"
                + " thread per round, %d rounds; beside each thread doing new byte[%s]", Fmt.count(s.concurrentSizeBytes),
            Fmt.count(s.concurrentOps), s.rounds, Fmt.count(s.concurrentSizeBytes)));
        out.println("  ns/op each thread saw (median of rounds; lower is better), bytes allocated per op over every thread"
            + " and round (exact):");
        table.print(out, "  ");
        out.println("  ratio per round (below 1: Sprocket is cheaper):");
        for (final String line : ratios) {
            out.println("    " + line);
        }
        for (final Rounds r : canaries) {
            r.printCanary(out, "  ");
        }
        out.println("  The warm-up prefills the pool with one buffer per thread (each thread holds one at a time; the pool"
            + " has no per-thread caches), so a buffer the pool created after it is an acquire that found no free"
            + " buffer it could take at that moment; its bytes are in B/op.");
        out.println("  With more threads than the " + Runtime.getRuntime().availableProcessors() + " cores here the"
            + " threads take turns on the cores, so the time per operation each thread sees grows even if the pool"
            + " scales: judge scaling on a machine with at least as many cores as threads.");
    }

    /** One system's loop on one thread; answers a sum so the JIT cannot drop the work. */
    private interface Loop {
        long run();
    }

    /** Acquire + write + release on the shared pool. */
    private static final class PoolLoop implements Loop {
        private final BufferPool pool;
        private final int size;
        private final int ops;

        PoolLoop(final BufferPool pool, final int size, final int ops) {
            this.pool = pool;
            this.size = size;
            this.ops = ops;
        }

        @Override
        public long run() {
            long sum = 0;
            for (int i = 0; i < ops; i++) {
                final Message m = pool.acquire(size);
                m.buffer().putByte(0, (byte)i);
                sum += m.capacity();
                m.release();
            }
            return sum;
        }
    }

    /** {@code new byte[size]} + write, each array kept until 16 later so it really is allocated. */
    private static final class HeapLoop implements Loop {
        private final int size;
        private final int ops;
        private final Object[] keep = new Object[16];

        HeapLoop(final int size, final int ops) {
            this.size = size;
            this.ops = ops;
        }

        @Override
        public long run() {
            long sum = 0;
            for (int i = 0; i < ops; i++) {
                final byte[] b = new byte[size];
                b[0] = (byte)i;
                keep[i & 15] = b;
                sum += b.length;
            }
            return sum;
        }
    }

    /** One measuring thread: waits for the start, runs its loop, and notes its time and allocated bytes. */
    private static final class Worker implements Runnable {
        private final Loop loop;
        private final CountDownLatch ready;
        private final CountDownLatch go;
        private final long timeoutNs;
        volatile boolean done;
        long elapsedNs;
        long bytes;
        long sum;

        Worker(final Loop loop, final CountDownLatch ready, final CountDownLatch go, final long timeoutNs) {
            this.loop = loop;
            this.ready = ready;
            this.go = go;
            this.timeoutNs = timeoutNs;
        }

        @Override
        public void run() {
            ready.countDown();
            try {
                if (!go.await(timeoutNs, java.util.concurrent.TimeUnit.NANOSECONDS)) {
                    return;
                }
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            final long overhead = Support.allocationProbeOverhead();
            final long b0 = Support.allocatedBytes();
            final long t0 = System.nanoTime();
            sum = loop.run();
            final long t1 = System.nanoTime();
            bytes = Math.max(0, Support.allocatedBytes() - b0 - overhead);
            elapsedNs = t1 - t0;
            done = true;
        }
    }

    /**
     * Runs one system's round on {@code threads} fresh threads (each with its own loop object) and stores
     * its figures; round -1 (the warm-up) is run and dropped.
     */
    private static void measure(final Figures f, final int system, final int round, final int threads,
        final PoolSuite.Settings s, final Loop first) {
        final CountDownLatch ready = new CountDownLatch(threads);
        final CountDownLatch go = new CountDownLatch(1);
        final Worker[] workers = new Worker[threads];
        final Thread[] running = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            final Loop loop = t == 0 ? first : copy(first);
            workers[t] = new Worker(loop, ready, go, s.timeoutNs);
            running[t] = Support.daemon(workers[t], "sprocket-perf-shared-pool-" + t);
            running[t].start();
        }
        Support.await(ready, s.timeoutNs, "the shared-pool threads' start");
        go.countDown();
        final long deadline = System.nanoTime() + s.timeoutNs;
        for (final Thread t : running) {
            Support.join(t, Math.max(1, deadline - System.nanoTime()));
        }
        double nsPerOp = 0;
        long bytes = 0;
        long sum = 0;
        for (final Worker w : workers) {
            if (!w.done) {
                throw new RunFailure("shared pool: a thread did not finish its " + Fmt.count(s.concurrentOps)
                    + " operations within " + s.timeoutNs / 1_000_000 + " ms");
            }
            nsPerOp += (double)w.elapsedNs / s.concurrentOps;
            bytes += w.bytes;
            sum += w.sum;
        }
        PoolSuite.sink = sum;
        if (round >= 0) {
            f.ns[system][round] = nsPerOp / threads;
            f.bytes[system][round] = bytes;
        }
    }

    /** A loop like {@code first} for another thread: the pool is shared, the heap loop's kept arrays are not. */
    private static Loop copy(final Loop first) {
        if (first instanceof PoolLoop) {
            final PoolLoop p = (PoolLoop)first;
            return new PoolLoop(p.pool, p.size, p.ops);
        }
        final HeapLoop h = (HeapLoop)first;
        return new HeapLoop(h.size, h.ops);
    }
}
