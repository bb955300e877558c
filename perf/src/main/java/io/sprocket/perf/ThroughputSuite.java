package io.sprocket.perf;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.lmax.disruptor.BatchEventProcessor;
import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.InsufficientCapacityException;
import com.lmax.disruptor.RingBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import io.sprocket.message.InfraConfig;
import io.sprocket.message.Message;
import io.sprocket.perf.LatencySuite.AbqMessage;
import io.sprocket.perf.LatencySuite.Slot;
import io.sprocket.perf.report.Comparison;
import io.sprocket.perf.report.Fmt;
import io.sprocket.perf.report.Report;
import io.sprocket.perf.report.Result;
import io.sprocket.perf.report.TextTable;
import io.sprocket.ring.MessageHandler;
import io.sprocket.ring.MessageRing;

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
        final Run[] systems = {new SprocketRun(s, producers), new DisruptorRun(s, producers), new AbqRun(s, producers)};
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
        if (producers > 1 && s.wait.spins() && producers + 1 > Runtime.getRuntime().availableProcessors()) {
            out.println("  " + (producers + 1) + " spinning threads on " + Runtime.getRuntime().availableProcessors()
                + " cores: the run is oversubscribed and a producer preempted between claim and publish stalls the"
                + " consumer; compare the systems within a round, not with another machine.");
        }
        if (s.batch > 1) {
            out.println("  abq has no batch put: it sends one message at a time whatever --batch says.");
        }
        out.println("  abq is ArrayBlockingQueue offer/poll with a timeout (blocking), whatever --wait says.");
    }

    static double median(final double[] values) {
        final double[] sorted = values.clone();
        Arrays.sort(sorted);
        final int n = sorted.length;
        return (n & 1) == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    // ------------------------------------------------------------------ common shape

    /** One system: runs {@code messages} through and answers messages per second. */
    private abstract static class Run {
        final Settings s;
        final int producers;
        final UnsafeBuffer template;

        Run(final Settings s, final int producers) {
            this.s = s;
            this.producers = producers;
            this.template = Support.template(s.sizeBytes);
        }

        abstract double run(long messages) throws Exception;

        /** Messages producer {@code p} sends: an equal share, the remainder to producer 0. */
        long share(final int p, final long messages) {
            return messages / producers + (p == 0 ? messages % producers : 0);
        }

        /**
         * Starts the producers, releases them together once all are ready, and waits for the
         * consumer's last message.
         *
         * @return the start time.
         */
        long startAndAwait(final Gate gate, final Producer[] tasks, final CountDownLatch done, final String what) {
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

    private abstract static class Producer implements Runnable {
        volatile String failure;
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
            if (!gate.await()) {
                return;
            }
            final long deadline = System.nanoTime() + deadlineAfterNs;
            failure = send(deadline);
        }

        /** Sends {@link #count} messages; answers null, or why it stopped. */
        abstract String send(long deadline);

        /** Whether to give up: checks the clock only every 1,024 idle steps. */
        final boolean expired(final int idleSteps, final long deadline) {
            return (idleSteps & 0x3FF) == 0 && (gate.stop || System.nanoTime() - deadline > 0);
        }
    }

    // ------------------------------------------------------------------ Sprocket

    private static final class SprocketRun extends Run {
        SprocketRun(final Settings s, final int producers) {
            super(s, producers);
        }

        @Override
        double run(final long messages) {
            final CountDownLatch done = new CountDownLatch(1);
            final SprocketCounter counter = new SprocketCounter(messages, done);
            final MessageRing ring = MessageRing.builder()
                .name("throughput")
                .config(InfraConfig.builder().bufferSizeBytes(s.sizeBytes).build()).ringSize(s.ringSize)
                .singleProducer(producers == 1)
                .engineWait(s.wait.engineWait())
                .handler(counter)
                .jmx(false)
                .build()
                .start();
            final Gate gate = new Gate();
            final Producer[] tasks = new Producer[producers];
            for (int p = 0; p < producers; p++) {
                tasks[p] = new SprocketProducer(gate, share(p, messages), s, ring, template);
            }
            final long start;
            try {
                start = startAndAwait(gate, tasks, done, "sprocket");
            } finally {
                ring.close(s.timeoutNs);
            }
            if (counter.handled != messages) {
                throw new RunFailure("sprocket: handled " + counter.handled + " of " + messages);
            }
            return messages * 1e9 / (counter.endNs - start);
        }
    }

    private static final class SprocketCounter implements MessageHandler {
        long handled;
        long sum;
        long endNs;
        private final long expected;
        private final CountDownLatch done;

        SprocketCounter(final long expected, final CountDownLatch done) {
            this.expected = expected;
            this.done = done;
        }

        @Override
        public void onMessage(final Message message, final long sequence, final boolean endOfBatch) {
            sum += message.buffer().getLong(0);
            if (++handled == expected) {
                endNs = System.nanoTime();
                done.countDown();
            }
        }
    }

    private static final class SprocketProducer extends Producer {
        private final MessageRing ring;
        private final WaitMode wait;
        private final int size;
        private final int batch;
        private final UnsafeBuffer template;
        private final long[] claimed;

        SprocketProducer(final Gate gate, final long count, final Settings s, final MessageRing ring,
            final UnsafeBuffer template) {
            super(gate, count, s.timeoutNs);
            this.ring = ring;
            this.wait = s.wait;
            this.size = s.sizeBytes;
            this.batch = s.batch;
            this.template = template;
            this.claimed = new long[s.batch];
        }

        @Override
        String send(final long deadline) {
            int idle = 0;
            if (batch == 1) {
                for (long i = 0; i < count; i++) {
                    long seq;
                    while ((seq = ring.tryClaim(size)) < 0) {
                        if (seq == MessageRing.CLOSED) {
                            return "the ring closed";
                        }
                        wait.idle();
                        if (expired(++idle, deadline)) {
                            return "the ring stayed full";
                        }
                    }
                    write(ring.message(seq).buffer(), i);
                    ring.publish(seq);
                }
                return null;
            }
            for (long i = 0; i < count; ) {
                final int n = (int)Math.min(batch, count - i);
                int k = 0;
                while (k < n) {
                    final long seq = ring.tryClaim(size);
                    if (seq >= 0) {
                        claimed[k++] = seq;
                        continue;
                    }
                    if (seq == MessageRing.CLOSED) {
                        return "the ring closed";
                    }
                    if (k > 0) {
                        // Full mid-batch: publish what is claimed. Holding claimed slots while waiting for more
                        // would deadlock with several producers, each holding the slots the consumer needs next.
                        break;
                    }
                    wait.idle();
                    if (expired(++idle, deadline)) {
                        return "the ring stayed full";
                    }
                }
                for (int j = 0; j < k; j++) {
                    write(ring.message(claimed[j]).buffer(), i + j);
                }
                for (int j = 0; j < k; j++) {
                    ring.publish(claimed[j]);
                }
                i += k;
            }
            return null;
        }

        private void write(final UnsafeBuffer b, final long value) {
            b.putLong(0, value);
            if (size > Long.BYTES) {
                b.putBytes(Long.BYTES, template, Long.BYTES, size - Long.BYTES);
            }
        }
    }

    // ------------------------------------------------------------------ raw Disruptor

    private static final class DisruptorRun extends Run {
        DisruptorRun(final Settings s, final int producers) {
            super(s, producers);
        }

        @Override
        double run(final long messages) {
            final CountDownLatch done = new CountDownLatch(1);
            final UnsafeBuffer[] views = Support.slices(s.ringSize, s.sizeBytes);
            final int[] next = new int[1];
            final RingBuffer<Slot> ring = producers == 1
                ? RingBuffer.createSingleProducer(() -> new Slot(views[next[0]++]), s.ringSize, s.wait.newStrategy())
                : RingBuffer.createMultiProducer(() -> new Slot(views[next[0]++]), s.ringSize, s.wait.newStrategy());
            final DisruptorCounter counter = new DisruptorCounter(messages, done);
            final BatchEventProcessor<Slot> processor = LatencySuite.processor(ring, counter);
            final Thread consumer = Support.daemon(processor, "disruptor-consumer");
            consumer.start();
            final Gate gate = new Gate();
            final Producer[] tasks = new Producer[producers];
            for (int p = 0; p < producers; p++) {
                tasks[p] = new DisruptorProducer(gate, share(p, messages), s, ring, template);
            }
            final long start;
            try {
                start = startAndAwait(gate, tasks, done, "disruptor");
            } finally {
                processor.halt();
                Support.join(consumer, s.timeoutNs);
            }
            if (counter.handled != messages) {
                throw new RunFailure("disruptor: handled " + counter.handled + " of " + messages);
            }
            return messages * 1e9 / (counter.endNs - start);
        }
    }

    private static final class DisruptorCounter implements EventHandler<Slot> {
        long handled;
        long sum;
        long endNs;
        private final long expected;
        private final CountDownLatch done;

        DisruptorCounter(final long expected, final CountDownLatch done) {
            this.expected = expected;
            this.done = done;
        }

        @Override
        public void onEvent(final Slot slot, final long sequence, final boolean endOfBatch) {
            sum += slot.buffer.getLong(0);
            if (++handled == expected) {
                endNs = System.nanoTime();
                done.countDown();
            }
        }
    }

    private static final class DisruptorProducer extends Producer {
        private final RingBuffer<Slot> ring;
        private final WaitMode wait;
        private final int size;
        private final int batch;
        private final UnsafeBuffer template;

        DisruptorProducer(final Gate gate, final long count, final Settings s, final RingBuffer<Slot> ring,
            final UnsafeBuffer template) {
            super(gate, count, s.timeoutNs);
            this.ring = ring;
            this.wait = s.wait;
            this.size = s.sizeBytes;
            this.batch = s.batch;
            this.template = template;
        }

        @Override
        String send(final long deadline) {
            int idle = 0;
            if (batch == 1) {
                for (long i = 0; i < count; i++) {
                    long seq;
                    while (true) {
                        try {
                            seq = ring.tryNext();
                            break;
                        } catch (final InsufficientCapacityException full) {
                            // The Disruptor's preallocated instance: no stack trace, no allocation.
                            wait.idle();
                            if (expired(++idle, deadline)) {
                                return "the ring stayed full";
                            }
                        }
                    }
                    write(ring.get(seq).buffer, i);
                    ring.publish(seq);
                }
                return null;
            }
            for (long i = 0; i < count; ) {
                final int n = (int)Math.min(batch, count - i);
                long hi;
                while (true) {
                    try {
                        hi = ring.tryNext(n);
                        break;
                    } catch (final InsufficientCapacityException full) {
                        wait.idle();
                        if (expired(++idle, deadline)) {
                            return "the ring stayed full";
                        }
                    }
                }
                final long lo = hi - n + 1;
                for (long seq = lo; seq <= hi; seq++) {
                    write(ring.get(seq).buffer, i + seq - lo);
                }
                ring.publish(lo, hi);
                i += n;
            }
            return null;
        }

        private void write(final UnsafeBuffer b, final long value) {
            b.putLong(0, value);
            if (size > Long.BYTES) {
                b.putBytes(Long.BYTES, template, Long.BYTES, size - Long.BYTES);
            }
        }
    }

    // ------------------------------------------------------------------ ArrayBlockingQueue

    private static final class AbqRun extends Run {
        private AbqMessage[][] pools;

        AbqRun(final Settings s, final int producers) {
            super(s, producers);
        }

        @Override
        double run(final long messages) throws InterruptedException {
            if (pools == null) {
                // Per producer, twice the queue's capacity: a message is reused only after the
                // consumer has taken a later one from the same producer.
                pools = new AbqMessage[producers][];
                for (int p = 0; p < producers; p++) {
                    final UnsafeBuffer[] views = Support.slices(2 * s.ringSize, s.sizeBytes);
                    pools[p] = new AbqMessage[views.length];
                    for (int i = 0; i < views.length; i++) {
                        pools[p][i] = new AbqMessage(views[i]);
                    }
                }
            }
            final ArrayBlockingQueue<AbqMessage> queue = new ArrayBlockingQueue<>(s.ringSize);
            final CountDownLatch done = new CountDownLatch(1);
            final AbqConsumer counter = new AbqConsumer(queue, messages, done, s.timeoutNs);
            final Thread consumer = Support.daemon(counter, "abq-consumer");
            consumer.start();
            final Gate gate = new Gate();
            final Producer[] tasks = new Producer[producers];
            for (int p = 0; p < producers; p++) {
                tasks[p] = new AbqProducer(gate, share(p, messages), s, queue, pools[p], template);
            }
            final long start;
            try {
                start = startAndAwait(gate, tasks, done, "abq");
            } finally {
                Support.join(consumer, s.timeoutNs);
            }
            if (counter.handled != messages) {
                throw new RunFailure("abq: handled " + counter.handled + " of " + messages
                    + (counter.failure != null ? " (" + counter.failure + ")" : ""));
            }
            return messages * 1e9 / (counter.endNs - start);
        }
    }

    private static final class AbqConsumer implements Runnable {
        volatile String failure;
        long handled;
        long sum;
        long endNs;
        private final ArrayBlockingQueue<AbqMessage> queue;
        private final long expected;
        private final CountDownLatch done;
        private final long timeoutNs;

        AbqConsumer(final ArrayBlockingQueue<AbqMessage> queue, final long expected, final CountDownLatch done,
            final long timeoutNs) {
            this.queue = queue;
            this.expected = expected;
            this.done = done;
            this.timeoutNs = timeoutNs;
        }

        @Override
        public void run() {
            try {
                while (handled < expected) {
                    final AbqMessage m = queue.poll(timeoutNs, TimeUnit.NANOSECONDS);
                    if (m == null) {
                        failure = "no message within the timeout";
                        return;
                    }
                    sum += m.buffer.getLong(0);
                    handled++;
                }
                endNs = System.nanoTime();
                done.countDown();
            } catch (final InterruptedException e) {
                failure = "interrupted";
            }
        }
    }

    private static final class AbqProducer extends Producer {
        private final ArrayBlockingQueue<AbqMessage> queue;
        private final AbqMessage[] pool;
        private final int size;
        private final long timeoutNs;
        private final UnsafeBuffer template;

        AbqProducer(final Gate gate, final long count, final Settings s, final ArrayBlockingQueue<AbqMessage> queue,
            final AbqMessage[] pool, final UnsafeBuffer template) {
            super(gate, count, s.timeoutNs);
            this.queue = queue;
            this.pool = pool;
            this.size = s.sizeBytes;
            this.timeoutNs = s.timeoutNs;
            this.template = template;
        }

        @Override
        String send(final long deadline) {
            try {
                for (long i = 0; i < count; i++) {
                    final AbqMessage m = pool[(int)(i % pool.length)];
                    m.buffer.putLong(0, i);
                    if (size > Long.BYTES) {
                        m.buffer.putBytes(Long.BYTES, template, Long.BYTES, size - Long.BYTES);
                    }
                    if (!queue.offer(m, timeoutNs, TimeUnit.NANOSECONDS)) {
                        return "the queue stayed full";
                    }
                }
                return null;
            } catch (final InterruptedException e) {
                return "interrupted";
            }
        }
    }
}
