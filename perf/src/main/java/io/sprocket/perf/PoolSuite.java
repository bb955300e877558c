package io.sprocket.perf;

import java.io.PrintStream;
import java.util.Arrays;

import com.lmax.disruptor.BatchEventProcessor;
import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.RingBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import io.sprocket.message.BufferPool;
import io.sprocket.message.InfraConfig;
import io.sprocket.message.Message;
import io.sprocket.perf.LatencySuite.Slot;
import io.sprocket.perf.report.Comparison;
import io.sprocket.perf.report.Fmt;
import io.sprocket.perf.report.Report;
import io.sprocket.perf.report.Result;
import io.sprocket.perf.report.TextTable;
import io.sprocket.ring.MessageHandler;
import io.sprocket.ring.MessageRing;
import io.sprocket.ring.RingStats;

/**
 * What it costs to get a buffer, each beside its baseline, interleaved:
 *
 * <ul>
 *   <li>{@code claim-publish}: the producer's side of a ring, Sprocket {@code tryClaim} + write 8 bytes +
 *       {@code publish} against the raw Disruptor's {@code next()} + write + {@code publish}, each with
 *       its consumer thread running a no-op handler under the same wait strategy. The producer times
 *       bursts of half a ring and lets the consumer drain between bursts (untimed), so the figure is the
 *       producer's cost while there is room, not the consumer's speed. Two threads: the canary runs.</li>
 *   <li>{@code pool-acquire}: {@code BufferPool.acquire} + write a byte + {@code release} against
 *       {@code new byte[size]} (system {@code heap-alloc}). One thread.</li>
 *   <li>{@code clone-1k}: {@code Message.clone()} + {@code release()} of a 1 KiB message against the floor of
 *       any copy, {@code UnsafeBuffer.putBytes} off-heap to off-heap ({@code unsafe-copy}), and
 *       {@code Arrays.copyOf} ({@code heap-copy}). One thread.</li>
 *   <li>{@code pool-concurrent-Nt}: one {@code BufferPool} shared by N threads, each acquiring, writing and
 *       releasing, against the same threads doing {@code new byte[size]} ({@link ConcurrentPoolSuite}).</li>
 * </ul>
 *
 * Bytes per operation are exact, from the measuring thread's allocation counter.
 */
final class PoolSuite {
    /** The settings of one pool run. */
    static final class Settings {
        WaitMode wait = WaitMode.BUSY;
        int rounds = 5;
        int claimOps = 5_000_000;
        int ringSize = 1024;
        int acquireOps = 200_000;
        int acquireSizeBytes = InfraConfig.DEFAULT_MAX_POOLED_SIZE_BYTES;
        int cloneOps = 2_000_000;
        int cloneSizeBytes = 1024;
        int[] threads = {1, 2, 4, 8};
        int concurrentOps = 200_000;
        int concurrentSizeBytes = 1024;
        long timeoutNs = 120_000_000_000L;
    }

    /** Defeats dead-code elimination: every loop's result lands here. */
    static volatile long sink;
    private static final Object[] KEEP = new Object[16];

    private PoolSuite() {
    }

    static void run(final Settings s, final Report report, final Progress progress) throws Exception {
        claimPublish(s, report, progress);
        acquire(s, report, progress);
        cloneSeries(s, report, progress);
        if (s.threads.length > 0) {
            ConcurrentPoolSuite.run(s, report, progress);
        }
    }

    /** ns/op and bytes/op of each system in each round. */
    static final class Figures {
        final double[][] ns;
        final double[][] bytes;

        Figures(final int systems, final int rounds) {
            ns = new double[systems][rounds];
            bytes = new double[systems][rounds];
        }

        void put(final int system, final int round, final double nsPerOp, final double bytesPerOp) {
            if (round >= 0) {
                ns[system][round] = nsPerOp;
                bytes[system][round] = bytesPerOp;
            }
        }
    }

    static void print(final Report report, final String benchmark, final String heading, final String[] systems,
        final Figures f, final Rounds rounds, final String[] notes) {
        final int roundCount = f.ns[0].length;
        final String[] headers = new String[roundCount + 3];
        headers[0] = "system";
        for (int r = 0; r < roundCount; r++) {
            headers[r + 1] = "round " + (r + 1);
        }
        headers[roundCount + 1] = "median";
        headers[roundCount + 2] = "B/op";
        final TextTable table = new TextTable(headers);
        for (int i = 0; i < systems.length; i++) {
            final String[] row = new String[roundCount + 3];
            row[0] = systems[i];
            for (int r = 0; r < roundCount; r++) {
                row[r + 1] = Fmt.nsPerOp(f.ns[i][r]);
            }
            final double median = ThroughputSuite.median(f.ns[i]);
            final double bytes = ThroughputSuite.median(f.bytes[i]);
            row[roundCount + 1] = Fmt.nsPerOp(median);
            row[roundCount + 2] = Fmt.bytes(bytes);
            table.row(row);
            report.add(new Result(benchmark, systems[i]).nsPerOp(median).bytesPerOp(bytes));
        }
        final PrintStream out = report.out();
        out.println();
        out.println(heading);
        out.println("  ns/op per round (lower is better), bytes allocated per op (median):");
        table.print(out, "  ");
        out.println("  ratio per round (below 1: Sprocket is cheaper):");
        for (int i = 1; i < systems.length; i++) {
            final Comparison c = report.add(new Comparison(benchmark, "ns/op", systems[0], systems[i], false));
            for (int r = 0; r < roundCount; r++) {
                c.addRound(f.ns[0][r], f.ns[i][r], rounds.mode(r));
            }
            out.println("    " + c.describe());
        }
        rounds.printCanary(out, "  ");
        for (final String note : notes) {
            out.println("  " + note);
        }
    }

    // ------------------------------------------------------------------ claim + publish

    private static void claimPublish(final Settings s, final Report report, final Progress progress) throws Exception {
        final String[] systems = {"sprocket", "disruptor", "disruptor-reading"};
        final Figures f = new Figures(systems.length, s.rounds);
        final int burst = Math.max(1, s.ringSize / 2);
        final int warmOps = Math.max(burst, s.claimOps / 2);
        final Rounds rounds = Rounds.run("claim+publish", s.rounds, true, progress, systems,
            round -> {
                final double[] r = sprocketClaimPublish(s, round < 0 ? warmOps : s.claimOps, burst);
                f.put(0, round, r[0], r[1]);
            },
            round -> {
                final double[] r = disruptorClaimPublish(s, round < 0 ? warmOps : s.claimOps, burst, new NothingRaw());
                f.put(1, round, r[0], r[1]);
            },
            round -> {
                final double[] r = disruptorClaimPublish(s, round < 0 ? warmOps : s.claimOps, burst, new ReadingRaw());
                f.put(2, round, r[0], r[1]);
            });
        print(report, "claim-publish", String.format(java.util.Locale.ROOT,
            "CLAIM + PUBLISH  producer side, consumer thread with a no-op handler, wait %s, ring %s, timed bursts of %s"
                + " with the ring drained between them, %d rounds x %s",
            s.wait.label(), Fmt.count(s.ringSize), Fmt.count(burst), s.rounds, Fmt.count(s.claimOps)),
            systems, f, rounds, new String[] {
                "Sprocket: tryClaim(8) + message(seq).buffer().putLong + publish, single-producer ring;"
                    + " disruptor: next() + get(seq) write + publish(seq), single producer (the goal's baseline).",
                "disruptor-reading: the same, its consumer reading each event's first 8 bytes, as a handler that looks"
                    + " at its messages does: its producer pays for each event's line moving to the consumer's core and"
                    + " back. That ratio is a figure, not a goal. 'sprocket-perf jmh ClaimPublish' measures the producer"
                    + " alone on one thread, where the same gap to the raw Disruptor remains."});
    }

    private static final class Nothing implements MessageHandler {
        @Override
        public void onMessage(final Message message, final long sequence, final boolean endOfBatch) {
            // The consumer's only job here is to move its sequence.
        }
    }

    private static final class NothingRaw implements EventHandler<Slot> {
        @Override
        public void onEvent(final Slot slot, final long sequence, final boolean endOfBatch) {
            // The consumer's only job here is to move its sequence.
        }
    }

    /** A raw consumer that reads each event's first 8 bytes, as a handler that looks at its message does. */
    private static final class ReadingRaw implements EventHandler<Slot> {
        long sum;

        @Override
        public void onEvent(final Slot slot, final long sequence, final boolean endOfBatch) {
            sum += slot.buffer.getLong(0);
        }
    }

    /** Answers {ns/op, bytes/op} on the producer (calling) thread. */
    private static double[] sprocketClaimPublish(final Settings s, final int ops, final int burst) {
        final MessageRing ring = MessageRing.builder()
            .name("claim-publish")
            .config(InfraConfig.builder().bufferSizeBytes(64).build()).ringSize(s.ringSize)
            .singleProducer(true)
            .engineWait(s.wait.engineWait())
            .handler(new Nothing())
            .jmx(false)
            .build()
            .start();
        try {
            final RingStats stats = new RingStats();
            final long overhead = Support.allocationProbeOverhead();
            final long bytes0 = Support.allocatedBytes();
            long timed = 0;
            long sum = 0;
            for (int done = 0; done < ops; ) {
                final int n = Math.min(burst, ops - done);
                final long t0 = System.nanoTime();
                sum += sprocketBurst(ring, n);
                timed += System.nanoTime() - t0;
                done += n;
                final long deadline = System.nanoTime() + s.timeoutNs;
                while (ring.stats(stats).recycled() < ring.stats(stats).claims()) {
                    s.wait.idle();
                    if (System.nanoTime() - deadline > 0) {
                        throw new RunFailure("sprocket claim+publish: the engine did not drain the ring");
                    }
                }
            }
            final long bytes = Support.allocatedBytes() - bytes0 - overhead;
            sink = sum;
            return new double[] {(double)timed / ops, (double)Math.max(0, bytes) / ops};
        } finally {
            ring.close(s.timeoutNs);
        }
    }

    private static long sprocketBurst(final MessageRing ring, final int n) {
        long last = 0;
        for (int i = 0; i < n; i++) {
            long seq;
            while ((seq = ring.tryClaim(8)) < 0) {
                if (seq == MessageRing.CLOSED) {
                    throw new RunFailure("sprocket claim+publish: the ring closed");
                }
                Thread.onSpinWait();
            }
            ring.message(seq).buffer().putLong(0, seq);
            ring.publish(seq);
            last = seq;
        }
        return last;
    }

    private static double[] disruptorClaimPublish(final Settings s, final int ops, final int burst,
        final EventHandler<Slot> handler) {
        final RingBuffer<Slot> ring = LatencySuite.rawSingleProducerRing(s.ringSize, 64, s.wait);
        final BatchEventProcessor<Slot> processor = LatencySuite.processor(ring, handler);
        final Thread consumer = Support.daemon(processor, "disruptor-claim-publish");
        consumer.start();
        try {
            final long overhead = Support.allocationProbeOverhead();
            final long bytes0 = Support.allocatedBytes();
            long timed = 0;
            long sum = 0;
            for (int done = 0; done < ops; ) {
                final int n = Math.min(burst, ops - done);
                final long t0 = System.nanoTime();
                sum += disruptorBurst(ring, n);
                timed += System.nanoTime() - t0;
                done += n;
                final long deadline = System.nanoTime() + s.timeoutNs;
                while (processor.getSequence().get() < ring.getCursor()) {
                    s.wait.idle();
                    if (System.nanoTime() - deadline > 0) {
                        throw new RunFailure("disruptor claim+publish: the consumer did not drain the ring");
                    }
                }
            }
            final long bytes = Support.allocatedBytes() - bytes0 - overhead;
            sink = sum;
            return new double[] {(double)timed / ops, (double)Math.max(0, bytes) / ops};
        } finally {
            processor.halt();
            Support.join(consumer, s.timeoutNs);
        }
    }

    private static long disruptorBurst(final RingBuffer<Slot> ring, final int n) {
        long last = 0;
        for (int i = 0; i < n; i++) {
            final long seq = ring.next();
            ring.get(seq).buffer.putLong(0, seq);
            ring.publish(seq);
            last = seq;
        }
        return last;
    }

    // ------------------------------------------------------------------ acquire

    private static void acquire(final Settings s, final Report report, final Progress progress) throws Exception {
        final String[] systems = {"sprocket", "heap-alloc"};
        final Figures f = new Figures(systems.length, s.rounds);
        final BufferPool pool = new BufferPool("perf-acquire", InfraConfig.builder()
            .maxPooledSizeBytes(Math.max(s.acquireSizeBytes, 1)).maxRetained(16).build());
        final int size = s.acquireSizeBytes;
        final int ops = s.acquireOps;
        final Rounds rounds = Rounds.run("pool acquire", s.rounds, false, progress, systems,
            round -> {
                final long overhead = Support.allocationProbeOverhead();
                final long b0 = Support.allocatedBytes();
                final long t0 = System.nanoTime();
                sink = acquireRelease(pool, size, ops);
                final long t1 = System.nanoTime();
                f.put(0, round, (double)(t1 - t0) / ops, Math.max(0, Support.allocatedBytes() - b0 - overhead) / (double)ops);
            },
            round -> {
                final long overhead = Support.allocationProbeOverhead();
                final long b0 = Support.allocatedBytes();
                final long t0 = System.nanoTime();
                sink = newByteArray(size, ops);
                final long t1 = System.nanoTime();
                f.put(1, round, (double)(t1 - t0) / ops, Math.max(0, Support.allocatedBytes() - b0 - overhead) / (double)ops);
            });
        Arrays.fill(KEEP, null);
        print(report, "pool-acquire", String.format(java.util.Locale.ROOT,
            "POOL ACQUIRE  one thread, %s B buffers, %d rounds x %s: BufferPool acquire + write + release vs new byte[]",
            Fmt.count(size), s.rounds, Fmt.count(ops)), systems, f, rounds, new String[] {
                "heap-alloc pays for zeroing the array and, later, for the garbage collector; B/op is its garbage."});
    }

    private static long acquireRelease(final BufferPool pool, final int size, final int ops) {
        long sum = 0;
        for (int i = 0; i < ops; i++) {
            final Message m = pool.acquire(size);
            m.buffer().putByte(0, (byte)i);
            sum += m.capacity();
            m.release();
        }
        return sum;
    }

    private static long newByteArray(final int size, final int ops) {
        long sum = 0;
        for (int i = 0; i < ops; i++) {
            final byte[] b = new byte[size];
            b[0] = (byte)i;
            KEEP[i & 15] = b;
            sum += b.length;
        }
        return sum;
    }

    // ------------------------------------------------------------------ clone

    private static void cloneSeries(final Settings s, final Report report, final Progress progress) throws Exception {
        final String[] systems = {"sprocket", "unsafe-copy", "heap-copy"};
        final Figures f = new Figures(systems.length, s.rounds);
        final int size = s.cloneSizeBytes;
        final int ops = s.cloneOps;
        final BufferPool pool = new BufferPool("perf-clone", InfraConfig.builder()
            .maxPooledSizeBytes(Math.max(size, 1)).maxRetained(16).build());
        final Message source = pool.acquire(size);
        final UnsafeBuffer template = Support.template(size);
        source.putPayload(template, 0, size);
        final UnsafeBuffer src = Support.slices(1, size)[0];
        src.putBytes(0, template, 0, size);
        final UnsafeBuffer dst = Support.slices(1, size)[0];
        final byte[] heapSource = new byte[size];
        template.getBytes(0, heapSource);
        final Rounds rounds = Rounds.run("clone", s.rounds, false, progress, systems,
            round -> {
                final long overhead = Support.allocationProbeOverhead();
                final long b0 = Support.allocatedBytes();
                final long t0 = System.nanoTime();
                sink = cloneRelease(source, ops);
                final long t1 = System.nanoTime();
                f.put(0, round, (double)(t1 - t0) / ops, Math.max(0, Support.allocatedBytes() - b0 - overhead) / (double)ops);
            },
            round -> {
                final long overhead = Support.allocationProbeOverhead();
                final long b0 = Support.allocatedBytes();
                final long t0 = System.nanoTime();
                sink = putBytes(src, dst, size, ops);
                final long t1 = System.nanoTime();
                f.put(1, round, (double)(t1 - t0) / ops, Math.max(0, Support.allocatedBytes() - b0 - overhead) / (double)ops);
            },
            round -> {
                final long overhead = Support.allocationProbeOverhead();
                final long b0 = Support.allocatedBytes();
                final long t0 = System.nanoTime();
                sink = copyOf(heapSource, size, ops);
                final long t1 = System.nanoTime();
                f.put(2, round, (double)(t1 - t0) / ops, Math.max(0, Support.allocatedBytes() - b0 - overhead) / (double)ops);
            });
        source.release();
        Arrays.fill(KEEP, null);
        print(report, "clone-1k", String.format(java.util.Locale.ROOT,
            "CLONE  one thread, %s B message, %d rounds x %s: Message.clone() + release vs UnsafeBuffer.putBytes vs"
                + " Arrays.copyOf", Fmt.count(size), s.rounds, Fmt.count(ops)), systems, f, rounds, new String[] {
                    "clone() = take a buffer from the clone pool (a lock-free queue poll), copy header + payload, copy"
                        + " peer id and addr; release() = offer it back. unsafe-copy is the copy alone: the floor."});
    }

    private static long cloneRelease(final Message source, final int ops) {
        long sum = 0;
        for (int i = 0; i < ops; i++) {
            final Message copy = source.clone();
            sum += copy.length();
            copy.release();
        }
        return sum;
    }

    private static long putBytes(final UnsafeBuffer src, final UnsafeBuffer dst, final int size, final int ops) {
        long sum = 0;
        for (int i = 0; i < ops; i++) {
            dst.putBytes(0, src, 0, size);
            sum += dst.getByte(0);
        }
        return sum;
    }

    private static long copyOf(final byte[] source, final int size, final int ops) {
        long sum = 0;
        for (int i = 0; i < ops; i++) {
            final byte[] copy = Arrays.copyOf(source, size);
            KEEP[i & 15] = copy;
            sum += copy.length;
        }
        return sum;
    }
}
