package io.sprocket.perf;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.lmax.disruptor.BatchEventProcessor;
import com.lmax.disruptor.BatchEventProcessorBuilder;
import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.RingBuffer;
import org.HdrHistogram.Histogram;
import org.agrona.concurrent.UnsafeBuffer;

import io.sprocket.message.InfraConfig;
import io.sprocket.message.Message;
import io.sprocket.perf.report.Comparison;
import io.sprocket.perf.report.Fmt;
import io.sprocket.perf.report.LatencySeries;
import io.sprocket.perf.report.Report;
import io.sprocket.perf.report.Result;
import io.sprocket.perf.report.TextTable;
import io.sprocket.ring.MessageHandler;
import io.sprocket.ring.MessageRing;

/**
 * Latency, two ways, each for Sprocket, the raw Disruptor and ArrayBlockingQueue, interleaved:
 *
 * <ul>
 *   <li><b>Ping-pong round trip</b> (benchmark {@code latency}), the standard Disruptor shape: two rings,
 *       two consumer threads; the pinger's handler records the round trip of each reply and publishes
 *       the next ping into the other ring, whose handler echoes the payload back. Closed loop: one
 *       message in flight, so there is no schedule to fall behind and coordinated omission does not
 *       arise.</li>
 *   <li><b>One-way at a fixed rate</b> (benchmark {@code latency-oneway}): the main thread sends on a
 *       schedule and stamps each message with its <i>intended</i> send time; the consumer records
 *       arrival minus intended time. A sender that falls behind keeps its schedule, so the queueing
 *       delay it causes is counted: the histogram is corrected for coordinated omission. It runs at each
 *       of a sweep of rates, from the highest (so the JIT has compiled everything before the slow rates)
 *       to the lowest, every rate's round lasting as long: {@code oneWayCount} messages at the lowest
 *       rate, proportionally more at the others.</li>
 * </ul>
 *
 * Why a sweep: with the correction, a stall of T ms (a preemption of the sender or the consumer by
 * another thread) makes T x R late samples out of R per second, so the share of late samples is the
 * share of time stalled, whatever the rate, and above that percentile every system shows the same
 * stalls. The systems differ there only where the rate comes near what one of them can carry: the
 * backlog of a stall then drains at its spare capacity. One rate shows one point of that; the sweep
 * shows where each system's tail leaves the others.
 *
 * Every system copies the same {@code size}-byte payload per hop, into off-heap slots laid out the
 * same way, and waits with the same strategy (ArrayBlockingQueue can only block).
 */
final class LatencySuite {
    static final String PING_PONG = "latency";
    static final String ONE_WAY = "latency-oneway";
    private static final String[] SYSTEMS = {"sprocket", "disruptor", "abq"};

    /** The settings of one latency run. */
    static final class Settings {
        WaitMode wait = WaitMode.BUSY;
        int sizeBytes = 64;
        int count = 50_000;
        int warmup = 20_000;
        int rounds = 5;
        boolean pingPong = true;
        boolean oneWay = true;
        /** One-way rates, msgs/s, each measured; sorted from the highest to the lowest when run. */
        long[] rates = {10_000, 100_000, 1_000_000};
        /** One-way messages recorded per system and round at the lowest rate (more at the others). */
        int oneWayCount = 5_000;
        /** One-way messages before recording, per system and round, at the lowest rate. */
        int oneWayWarmup = 2_000;
        int ringSize = 1024;
        long timeoutNs = 120_000_000_000L;
    }

    private LatencySuite() {
    }

    static void run(final Settings s, final Report report, final Progress progress) throws Exception {
        if (s.pingPong) {
            final PingPong[] systems = {new SprocketPingPong(s), new DisruptorPingPong(s), new AbqPingPong(s)};
            final Series series = new Series(PING_PONG, s.rounds, 0);
            final Rounds rounds = Rounds.run("latency ping-pong", s.rounds, true, progress, SYSTEMS,
                round -> series.measure(0, round, h -> systems[0].run(s.warmup, warmCount(round, s.count), h)),
                round -> series.measure(1, round, h -> systems[1].run(s.warmup, warmCount(round, s.count), h)),
                round -> series.measure(2, round, h -> systems[2].run(s.warmup, warmCount(round, s.count), h)));
            series.report(report, rounds, "ping-pong round trip (" + s.wait.label() + ", " + s.sizeBytes + " B)",
                String.format(java.util.Locale.ROOT,
                    "LATENCY  ping-pong round trip (2 threads), wait %s, %d B payload, %d rounds x %s round trips"
                        + " after %s warm-up each", s.wait.label(), s.sizeBytes, s.rounds, Fmt.count(s.count),
                    Fmt.count(s.warmup)),
                "abq is ArrayBlockingQueue put/take: it always blocks, whatever --wait says.");
        }
        if (s.oneWay) {
            final OneWay[] systems = {new SprocketOneWay(s), new DisruptorOneWay(s), new AbqOneWay(s)};
            final long[] rates = sweep(s.rates);
            for (int r = 0; r < rates.length; r++) {
                final long rate = rates[r];
                final int count = atRate(s.oneWayCount, rate, rates[rates.length - 1]);
                final int warmup = atRate(s.oneWayWarmup, rate, rates[rates.length - 1]);
                final Series series = new Series(ONE_WAY, s.rounds, rate);
                final Rounds rounds = Rounds.run("latency one-way " + Fmt.count(rate) + "/s", s.rounds, true, progress,
                    SYSTEMS,
                    round -> series.measure(0, round, h -> systems[0].run(rate, warmup, warmCount(round, count), h)),
                    round -> series.measure(1, round, h -> systems[1].run(rate, warmup, warmCount(round, count), h)),
                    round -> series.measure(2, round, h -> systems[2].run(rate, warmup, warmCount(round, count), h)));
                series.report(report, rounds, "one-way at " + Fmt.count(rate) + "/s (" + s.wait.label() + ")",
                    String.format(java.util.Locale.ROOT,
                        "LATENCY  one-way at a fixed %s msgs/s (2 threads), wait %s, %d B payload, %d rounds x %s"
                            + " messages after %s warm-up each; corrected for coordinated omission (measured from the"
                            + " intended send time)", Fmt.count(rate), s.wait.label(), s.sizeBytes, s.rounds,
                        Fmt.count(count), Fmt.count(warmup)),
                    r < rates.length - 1 ? null
                        : "the sender spins to each intended send time, so it holds a core whatever --wait says. With"
                            + " the correction, one preemption of T ms at R msgs/s makes T x R late samples: the share"
                            + " of late samples is the share of time stalled at any rate, and the systems' tails"
                            + " differ only at rates near what one of them can carry (the plot shows the sweep).");
            }
        }
    }

    /** The rates of a sweep, each once, from the highest to the lowest. */
    static long[] sweep(final long[] rates) {
        final long[] sorted = java.util.Arrays.stream(rates).distinct().sorted().toArray();
        final long[] descending = new long[sorted.length];
        for (int i = 0; i < sorted.length; i++) {
            descending[i] = sorted[sorted.length - 1 - i];
        }
        return descending;
    }

    /**
     * A count given for the lowest rate, scaled to {@code rate} so that a round lasts as long at every rate.
     *
     * @throws IllegalArgumentException when the scaled count does not fit an int.
     */
    static int atRate(final int countAtLowest, final long rate, final long lowest) {
        final double scaled = (double)countAtLowest * rate / lowest;
        if (scaled > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("--oneway-count " + countAtLowest + " at " + lowest + "/s makes "
                + (long)scaled + " messages at " + rate + "/s, more than " + Integer.MAX_VALUE
                + ": give a lower count or closer rates");
        }
        return (int)Math.round(scaled);
    }

    /**
     * The warm-up pass of {@link Rounds} (round -1) runs half a round after the usual warm-up and keeps
     * nothing: enough for the JIT to finish compiling before the first measured round, so that no
     * compiler thread competes for the two cores while a round is measured.
     */
    static int warmCount(final int round, final int count) {
        return round < 0 ? Math.max(1, count / 2) : count;
    }

    // ------------------------------------------------------------------ one series, three systems

    @FunctionalInterface
    private interface Measurement {
        void run(Histogram into) throws Exception;
    }

    /**
     * The histograms and per-round percentiles of one benchmark's three systems: each system's rounds
     * merged, and each round on its own with its start and end time (its warm-up included).
     */
    private static final class Series {
        private final String benchmark;
        private final Histogram scratch = Support.newHistogram();
        private final Histogram[] merged = new Histogram[SYSTEMS.length];
        private final Histogram[][] intervals;
        private final long[][] p50;
        private final long[][] p99;
        /** The one-way's offered rate, msgs/s; 0 for the ping-pong. */
        private final long rate;

        Series(final String benchmark, final int rounds, final long rate) {
            this.benchmark = benchmark;
            this.rate = rate;
            this.intervals = new Histogram[SYSTEMS.length][rounds];
            this.p50 = new long[SYSTEMS.length][rounds];
            this.p99 = new long[SYSTEMS.length][rounds];
            for (int i = 0; i < SYSTEMS.length; i++) {
                merged[i] = Support.newHistogram();
            }
        }

        void measure(final int system, final int round, final Measurement m) throws Exception {
            scratch.reset();
            final long startMs = System.currentTimeMillis();
            m.run(scratch);
            if (round < 0) {
                return;
            }
            p50[system][round] = scratch.getValueAtPercentile(50);
            p99[system][round] = scratch.getValueAtPercentile(99);
            merged[system].add(scratch);
            intervals[system][round] = Support.interval(scratch, startMs);
        }

        void report(final Report report, final Rounds rounds, final String plotTitle, final String heading,
            final String note) {
            final TextTable table = new TextTable("system", "p50", "p90", "p99", "p99.9", "p99.99", "max", "samples");
            for (int i = 0; i < SYSTEMS.length; i++) {
                final Result r = report.add(new Result(benchmark, SYSTEMS[i]).latency(merged[i]));
                final LatencySeries series = new LatencySeries(benchmark, SYSTEMS[i], plotTitle, merged[i]);
                if (rate > 0) {
                    r.offeredMsgsPerSec(rate);
                    series.offeredRate(rate);
                }
                for (final Histogram interval : intervals[i]) {
                    series.addInterval(interval);
                }
                report.add(series);
                table.row(SYSTEMS[i], Fmt.ns(r.p50Ns()), Fmt.ns(r.p90Ns()), Fmt.ns(r.p99Ns()), Fmt.ns(r.p999Ns()),
                    Fmt.ns(r.p9999Ns()), Fmt.ns(r.maxNs()), Fmt.count(merged[i].getTotalCount()));
            }
            final Comparison p50Disruptor = report.add(new Comparison(benchmark, "p50", "sprocket", "disruptor", false));
            final Comparison p99Disruptor = report.add(new Comparison(benchmark, "p99", "sprocket", "disruptor", false));
            final Comparison p99Abq = report.add(new Comparison(benchmark, "p99", "abq", "sprocket", false));
            for (int round = 0; round < p50[0].length; round++) {
                p50Disruptor.addRound(p50[0][round], p50[1][round], rounds.mode(round));
                p99Disruptor.addRound(p99[0][round], p99[1][round], rounds.mode(round));
                p99Abq.addRound(p99[2][round], p99[0][round], rounds.mode(round));
            }
            final java.io.PrintStream out = report.out();
            out.println();
            out.println(heading);
            out.println("  nanoseconds, every round merged:");
            table.print(out, "  ");
            out.println("  ratio per round (lower is better for sprocket/x; abq/sprocket is how many times lower"
                + " Sprocket is):");
            out.println("    " + p50Disruptor.describe());
            out.println("    " + p99Disruptor.describe());
            out.println("    " + p99Abq.describe());
            rounds.printCanary(out, "  ");
            if (note != null) {
                out.println("  " + note + " p99.99 and max are dominated by the JVM's own threads preempting a"
                    + " spinning one: judge by p50 to p99.9.");
            }
        }
    }

    // ------------------------------------------------------------------ ping-pong

    private interface PingPong {
        /** One run: {@code warmup} round trips unrecorded, then {@code count} recorded into {@code into}. */
        void run(int warmup, int count, Histogram into) throws Exception;
    }

    private static InfraConfig ringConfig(final Settings s) {
        return InfraConfig.builder()
            .bufferSizeBytes(s.sizeBytes)
            .maxMessageSizeBytes(Math.max(s.sizeBytes, InfraConfig.DEFAULT_MAX_MESSAGE_SIZE_BYTES))
            .build();
    }

    private static MessageRing ring(final String name, final Settings s, final MessageHandler handler) {
        return MessageRing.builder()
            .name(name)
            .config(ringConfig(s))
            .ringSize(s.ringSize)
            .singleProducer(true)
            .engineWait(s.wait.engineWait())
            .handler(handler)
            .jmx(false)
            .build();
    }

    private static final class SprocketPingPong implements PingPong {
        private final Settings s;
        private final UnsafeBuffer template;

        SprocketPingPong(final Settings s) {
            this.s = s;
            this.template = Support.template(s.sizeBytes);
        }

        @Override
        public void run(final int warmup, final int count, final Histogram into) {
            final CountDownLatch done = new CountDownLatch(1);
            final int discard = Math.max(1, warmup);
            final SprocketPinger pinger =
                new SprocketPinger(s.sizeBytes, discard, (long)discard + count, into, done, template);
            final SprocketPonger ponger = new SprocketPonger(s.sizeBytes);
            final MessageRing toPonger = ring("pingpong-pong", s, ponger);
            // Both rings are single-producer: the pinger's engine thread must be the only thread that ever
            // claims on toPonger, so it sends the first ping itself, before its engine loop starts.
            final MessageRing toPinger = MessageRing.builder()
                .name("pingpong-ping")
                .config(ringConfig(s))
                .ringSize(s.ringSize)
                .singleProducer(true)
                .engineWait(s.wait.engineWait())
                .handler(pinger)
                .threadFactory(engine -> Support.daemon(() -> {
                    pinger.firstPing();
                    engine.run();
                }, "pingpong-ping"))
                .jmx(false)
                .build();
            pinger.out = toPonger;
            ponger.out = toPinger;
            toPonger.start();
            toPinger.start();
            try {
                Support.await(done, s.timeoutNs, "sprocket ping-pong");
                if (pinger.failed || ponger.failed) {
                    throw new RunFailure("sprocket ping-pong: a claim inside a handler was refused");
                }
            } finally {
                toPinger.close(s.timeoutNs);
                toPonger.close(s.timeoutNs);
            }
        }
    }

    /** Records each reply's round trip, then pings again: the pinger ring's engine handler. */
    private static final class SprocketPinger implements MessageHandler {
        MessageRing out;
        volatile boolean failed;
        private final int size;
        private final long warmup;
        private final long total;
        private final Histogram histogram;
        private final CountDownLatch done;
        private final UnsafeBuffer template;
        private long received;

        SprocketPinger(final int size, final long warmup, final long total, final Histogram histogram,
            final CountDownLatch done, final UnsafeBuffer template) {
            this.size = size;
            this.warmup = warmup;
            this.total = total;
            this.histogram = histogram;
            this.done = done;
            this.template = template;
        }

        /** On the pinger's engine thread, before its loop: the first ping (its round trip is discarded). */
        void firstPing() {
            final long seq = out.claim(size, CLAIM_TIMEOUT_NS);
            if (seq < 0) {
                failed = true;
                done.countDown();
                return;
            }
            final UnsafeBuffer b = out.message(seq).buffer();
            b.putBytes(0, template, 0, size);
            b.putLong(0, System.nanoTime());
            out.publish(seq);
        }

        @Override
        public void onMessage(final Message message, final long sequence, final boolean endOfBatch) {
            final long now = System.nanoTime();
            final UnsafeBuffer in = message.buffer();
            if (++received > warmup) {
                Support.record(histogram, now - in.getLong(0));
            }
            if (received >= total) {
                done.countDown();
                return;
            }
            final long seq = out.claim(size, CLAIM_TIMEOUT_NS);
            if (seq < 0) {
                failed = true;
                done.countDown();
                return;
            }
            final UnsafeBuffer b = out.message(seq).buffer();
            b.putBytes(0, in, 0, size);
            b.putLong(0, System.nanoTime());
            out.publish(seq);
        }
    }

    /** Echoes each ping's payload back: the ponger ring's engine handler. */
    private static final class SprocketPonger implements MessageHandler {
        MessageRing out;
        volatile boolean failed;
        private final int size;

        SprocketPonger(final int size) {
            this.size = size;
        }

        @Override
        public void onMessage(final Message message, final long sequence, final boolean endOfBatch) {
            final long seq = out.claim(size, CLAIM_TIMEOUT_NS);
            if (seq < 0) {
                failed = true;
                return;
            }
            out.message(seq).buffer().putBytes(0, message.buffer(), 0, size);
            out.publish(seq);
        }
    }

    private static final long CLAIM_TIMEOUT_NS = 10_000_000_000L;

    /** A raw Disruptor slot: a view of {@code size} off-heap bytes, as a Sprocket slot's payload. */
    static final class Slot {
        final UnsafeBuffer buffer;

        Slot(final UnsafeBuffer buffer) {
            this.buffer = buffer;
        }
    }

    static RingBuffer<Slot> rawSingleProducerRing(final int ringSize, final int sizeBytes, final WaitMode wait) {
        final UnsafeBuffer[] views = Support.slices(ringSize, sizeBytes);
        final int[] next = new int[1];
        return RingBuffer.createSingleProducer(() -> new Slot(views[next[0]++]), ringSize, wait.newStrategy());
    }

    static BatchEventProcessor<Slot> processor(final RingBuffer<Slot> ring, final EventHandler<Slot> handler) {
        final BatchEventProcessor<Slot> p = new BatchEventProcessorBuilder().build(ring, ring.newBarrier(), handler);
        ring.addGatingSequences(p.getSequence());
        return p;
    }

    private static final class DisruptorPingPong implements PingPong {
        private final Settings s;
        private final UnsafeBuffer template;

        DisruptorPingPong(final Settings s) {
            this.s = s;
            this.template = Support.template(s.sizeBytes);
        }

        @Override
        public void run(final int warmup, final int count, final Histogram into) {
            final CountDownLatch done = new CountDownLatch(1);
            final RingBuffer<Slot> toPonger = rawSingleProducerRing(s.ringSize, s.sizeBytes, s.wait);
            final RingBuffer<Slot> toPinger = rawSingleProducerRing(s.ringSize, s.sizeBytes, s.wait);
            final int discard = Math.max(1, warmup);
            final DisruptorPinger pinger =
                new DisruptorPinger(toPonger, s.sizeBytes, discard, (long)discard + count, into, done, template);
            final DisruptorPonger ponger = new DisruptorPonger(toPinger, s.sizeBytes);
            final BatchEventProcessor<Slot> pongProcessor = processor(toPonger, ponger);
            final BatchEventProcessor<Slot> pingProcessor = processor(toPinger, pinger);
            final Thread pongThread = Support.daemon(pongProcessor, "disruptor-pong");
            final Thread pingThread = Support.daemon(pingProcessor, "disruptor-ping");
            pongThread.start();
            pingThread.start();
            try {
                Support.await(done, s.timeoutNs, "disruptor ping-pong");
            } finally {
                pingProcessor.halt();
                pongProcessor.halt();
                Support.join(pingThread, s.timeoutNs);
                Support.join(pongThread, s.timeoutNs);
            }
        }
    }

    private static final class DisruptorPinger implements EventHandler<Slot> {
        private final RingBuffer<Slot> out;
        private final int size;
        private final long warmup;
        private final long total;
        private final Histogram histogram;
        private final CountDownLatch done;
        private final UnsafeBuffer template;
        private long received;

        DisruptorPinger(final RingBuffer<Slot> out, final int size, final long warmup, final long total,
            final Histogram histogram, final CountDownLatch done, final UnsafeBuffer template) {
            this.out = out;
            this.size = size;
            this.warmup = warmup;
            this.total = total;
            this.histogram = histogram;
            this.done = done;
            this.template = template;
        }

        /** On the pinger's thread, before its loop (the single producer of toPonger): the first ping. */
        @Override
        public void onStart() {
            final long seq = out.next();
            final UnsafeBuffer b = out.get(seq).buffer;
            b.putBytes(0, template, 0, size);
            b.putLong(0, System.nanoTime());
            out.publish(seq);
        }

        @Override
        public void onEvent(final Slot in, final long sequence, final boolean endOfBatch) {
            final long now = System.nanoTime();
            if (++received > warmup) {
                Support.record(histogram, now - in.buffer.getLong(0));
            }
            if (received >= total) {
                done.countDown();
                return;
            }
            final long seq = out.next();
            final UnsafeBuffer b = out.get(seq).buffer;
            b.putBytes(0, in.buffer, 0, size);
            b.putLong(0, System.nanoTime());
            out.publish(seq);
        }
    }

    private static final class DisruptorPonger implements EventHandler<Slot> {
        private final RingBuffer<Slot> out;
        private final int size;

        DisruptorPonger(final RingBuffer<Slot> out, final int size) {
            this.out = out;
            this.size = size;
        }

        @Override
        public void onEvent(final Slot in, final long sequence, final boolean endOfBatch) {
            final long seq = out.next();
            out.get(seq).buffer.putBytes(0, in.buffer, 0, size);
            out.publish(seq);
        }
    }

    /** An ArrayBlockingQueue message: a payload view, as a slot's, and a stop mark. */
    static final class AbqMessage {
        final UnsafeBuffer buffer;
        boolean stop;

        AbqMessage(final UnsafeBuffer buffer) {
            this.buffer = buffer;
        }
    }

    private static final class AbqPingPong implements PingPong {
        private final Settings s;
        private final UnsafeBuffer template;

        AbqPingPong(final Settings s) {
            this.s = s;
            this.template = Support.template(s.sizeBytes);
        }

        @Override
        public void run(final int warmup, final int count, final Histogram into) {
            final ArrayBlockingQueue<AbqMessage> toPonger = new ArrayBlockingQueue<>(s.ringSize);
            final ArrayBlockingQueue<AbqMessage> toPinger = new ArrayBlockingQueue<>(s.ringSize);
            final UnsafeBuffer[] views = Support.slices(2, s.sizeBytes);
            // The pinger always sends a, the ponger always answers with b: each is written only by
            // the side that is about to send it, after it has finished reading the other.
            final AbqMessage a = new AbqMessage(views[0]);
            final AbqMessage b = new AbqMessage(views[1]);
            final int discard = Math.max(1, warmup);
            final AbqPinger pinger = new AbqPinger(toPonger, toPinger, a, s.sizeBytes, discard, (long)discard + count,
                into, s.timeoutNs);
            final AbqPonger ponger = new AbqPonger(toPonger, toPinger, b, s.sizeBytes, s.timeoutNs);
            a.buffer.putBytes(0, template, 0, s.sizeBytes);
            final Thread pongThread = Support.daemon(ponger, "abq-pong");
            final Thread pingThread = Support.daemon(pinger, "abq-ping");
            pongThread.start();
            pingThread.start();
            Support.join(pingThread, s.timeoutNs);
            Support.join(pongThread, s.timeoutNs);
            if (pinger.failure != null || ponger.failure != null) {
                throw new RunFailure("abq ping-pong: " + (pinger.failure != null ? pinger.failure : ponger.failure));
            }
        }
    }

    private static final class AbqPinger implements Runnable {
        volatile String failure;
        private final ArrayBlockingQueue<AbqMessage> out;
        private final ArrayBlockingQueue<AbqMessage> in;
        private final AbqMessage mine;
        private final int size;
        private final long warmup;
        private final long total;
        private final Histogram histogram;
        private final long timeoutNs;

        AbqPinger(final ArrayBlockingQueue<AbqMessage> out, final ArrayBlockingQueue<AbqMessage> in,
            final AbqMessage mine, final int size, final long warmup, final long total, final Histogram histogram,
            final long timeoutNs) {
            this.out = out;
            this.in = in;
            this.mine = mine;
            this.size = size;
            this.warmup = warmup;
            this.total = total;
            this.histogram = histogram;
            this.timeoutNs = timeoutNs;
        }

        @Override
        public void run() {
            try {
                mine.buffer.putLong(0, System.nanoTime());
                if (!out.offer(mine, timeoutNs, TimeUnit.NANOSECONDS)) {
                    failure = "the first ping timed out";
                    return;
                }
                for (long received = 1; ; received++) {
                    final AbqMessage reply = in.poll(timeoutNs, TimeUnit.NANOSECONDS);
                    final long now = System.nanoTime();
                    if (reply == null) {
                        failure = "no reply within the timeout";
                        break;
                    }
                    if (received > warmup) {
                        Support.record(histogram, now - reply.buffer.getLong(0));
                    }
                    if (received >= total) {
                        break;
                    }
                    mine.buffer.putBytes(0, reply.buffer, 0, size);
                    mine.buffer.putLong(0, System.nanoTime());
                    if (!out.offer(mine, timeoutNs, TimeUnit.NANOSECONDS)) {
                        failure = "a ping timed out";
                        break;
                    }
                }
                mine.stop = true;
                out.offer(mine, timeoutNs, TimeUnit.NANOSECONDS);
            } catch (final InterruptedException e) {
                failure = "interrupted";
            }
        }
    }

    private static final class AbqPonger implements Runnable {
        volatile String failure;
        private final ArrayBlockingQueue<AbqMessage> in;
        private final ArrayBlockingQueue<AbqMessage> out;
        private final AbqMessage mine;
        private final int size;
        private final long timeoutNs;

        AbqPonger(final ArrayBlockingQueue<AbqMessage> in, final ArrayBlockingQueue<AbqMessage> out,
            final AbqMessage mine, final int size, final long timeoutNs) {
            this.in = in;
            this.out = out;
            this.mine = mine;
            this.size = size;
            this.timeoutNs = timeoutNs;
        }

        @Override
        public void run() {
            try {
                while (true) {
                    final AbqMessage ping = in.poll(timeoutNs, TimeUnit.NANOSECONDS);
                    if (ping == null) {
                        failure = "no ping within the timeout";
                        return;
                    }
                    if (ping.stop) {
                        return;
                    }
                    mine.buffer.putBytes(0, ping.buffer, 0, size);
                    if (!out.offer(mine, timeoutNs, TimeUnit.NANOSECONDS)) {
                        failure = "a pong timed out";
                        return;
                    }
                }
            } catch (final InterruptedException e) {
                failure = "interrupted";
            }
        }
    }

    // ------------------------------------------------------------------ one-way at a fixed rate

    private interface OneWay {
        /** One run at {@code rate} msgs/s: {@code warmup} messages unrecorded, then {@code count} recorded. */
        void run(long rate, int warmup, int count, Histogram into) throws Exception;
    }

    /** The send schedule: message i is due at start + i / rate. */
    private static final class Schedule {
        private final long startNs;
        private final double intervalNs;

        Schedule(final long rate) {
            this.intervalNs = 1e9 / rate;
            this.startNs = System.nanoTime() + 1_000_000;
        }

        /** The intended send time of message {@code i}; spins until it has come. Allocates nothing. */
        long awaitSlot(final long i) {
            final long intended = startNs + (long)(i * intervalNs);
            while (System.nanoTime() - intended < 0) {
                Thread.onSpinWait();
            }
            return intended;
        }
    }

    /** Records arrival minus intended send time: the consumer's handler for Sprocket. */
    private static final class SprocketRecorder implements MessageHandler {
        private final long warmup;
        private final long total;
        private final Histogram histogram;
        private final CountDownLatch done;
        private long received;

        SprocketRecorder(final long warmup, final long total, final Histogram histogram, final CountDownLatch done) {
            this.warmup = warmup;
            this.total = total;
            this.histogram = histogram;
            this.done = done;
        }

        @Override
        public void onMessage(final Message message, final long sequence, final boolean endOfBatch) {
            final long now = System.nanoTime();
            if (++received > warmup) {
                Support.record(histogram, now - message.buffer().getLong(0));
            }
            if (received == total) {
                done.countDown();
            }
        }
    }

    private static final class SprocketOneWay implements OneWay {
        private final Settings s;
        private final UnsafeBuffer template;

        SprocketOneWay(final Settings s) {
            this.s = s;
            this.template = Support.template(s.sizeBytes);
        }

        @Override
        public void run(final long rate, final int warmup, final int count, final Histogram into) {
            final long total = (long)warmup + count;
            final CountDownLatch done = new CountDownLatch(1);
            final MessageRing ring = ring("oneway", s, new SprocketRecorder(warmup, total, into, done)).start();
            try {
                final Schedule schedule = new Schedule(rate);
                final int size = s.sizeBytes;
                for (long i = 0; i < total; i++) {
                    final long intended = schedule.awaitSlot(i);
                    final long seq = ring.claim(size, s.timeoutNs);
                    if (seq < 0) {
                        throw new RunFailure("sprocket one-way: claim refused: " + seq);
                    }
                    final UnsafeBuffer b = ring.message(seq).buffer();
                    b.putBytes(0, template, 0, size);
                    b.putLong(0, intended);
                    ring.publish(seq);
                }
                Support.await(done, s.timeoutNs, "sprocket one-way");
            } finally {
                ring.close(s.timeoutNs);
            }
        }
    }

    private static final class DisruptorRecorder implements EventHandler<Slot> {
        private final long warmup;
        private final long total;
        private final Histogram histogram;
        private final CountDownLatch done;
        private long received;

        DisruptorRecorder(final long warmup, final long total, final Histogram histogram, final CountDownLatch done) {
            this.warmup = warmup;
            this.total = total;
            this.histogram = histogram;
            this.done = done;
        }

        @Override
        public void onEvent(final Slot slot, final long sequence, final boolean endOfBatch) {
            final long now = System.nanoTime();
            if (++received > warmup) {
                Support.record(histogram, now - slot.buffer.getLong(0));
            }
            if (received == total) {
                done.countDown();
            }
        }
    }

    private static final class DisruptorOneWay implements OneWay {
        private final Settings s;
        private final UnsafeBuffer template;

        DisruptorOneWay(final Settings s) {
            this.s = s;
            this.template = Support.template(s.sizeBytes);
        }

        @Override
        public void run(final long rate, final int warmup, final int count, final Histogram into) {
            final long total = (long)warmup + count;
            final CountDownLatch done = new CountDownLatch(1);
            final RingBuffer<Slot> ring = rawSingleProducerRing(s.ringSize, s.sizeBytes, s.wait);
            final BatchEventProcessor<Slot> processor = processor(ring, new DisruptorRecorder(warmup, total, into, done));
            final Thread consumer = Support.daemon(processor, "disruptor-oneway");
            consumer.start();
            try {
                final Schedule schedule = new Schedule(rate);
                final int size = s.sizeBytes;
                for (long i = 0; i < total; i++) {
                    final long intended = schedule.awaitSlot(i);
                    awaitCapacity(ring, s);
                    final long seq = ring.next();
                    final UnsafeBuffer b = ring.get(seq).buffer;
                    b.putBytes(0, template, 0, size);
                    b.putLong(0, intended);
                    ring.publish(seq);
                }
                Support.await(done, s.timeoutNs, "disruptor one-way");
            } finally {
                processor.halt();
                Support.join(consumer, s.timeoutNs);
            }
        }
    }

    /**
     * Spins until a single-producer ring has a free slot, so that {@code next()} never reaches its
     * {@code parkNanos(1)} loop (75 us here, PERF-NOTES), and never longer than the timeout.
     */
    static void awaitCapacity(final RingBuffer<Slot> ring, final Settings s) {
        if (ring.hasAvailableCapacity(1)) {
            return;
        }
        final long deadline = System.nanoTime() + s.timeoutNs;
        while (!ring.hasAvailableCapacity(1)) {
            s.wait.idle();
            if (System.nanoTime() - deadline > 0) {
                throw new RunFailure("disruptor: the ring stayed full for the whole timeout");
            }
        }
    }

    private static final class AbqOneWay implements OneWay {
        private final Settings s;
        private final UnsafeBuffer template;

        AbqOneWay(final Settings s) {
            this.s = s;
            this.template = Support.template(s.sizeBytes);
        }

        @Override
        public void run(final long rate, final int warmup, final int count, final Histogram into)
            throws InterruptedException {
            final long total = (long)warmup + count;
            final ArrayBlockingQueue<AbqMessage> queue = new ArrayBlockingQueue<>(s.ringSize);
            // Twice the queue's capacity: a message is reused only after the consumer has taken a later one.
            final UnsafeBuffer[] views = Support.slices(2 * s.ringSize, s.sizeBytes);
            final AbqMessage[] pool = new AbqMessage[views.length];
            for (int i = 0; i < pool.length; i++) {
                pool[i] = new AbqMessage(views[i]);
            }
            final AbqRecorder recorder = new AbqRecorder(queue, warmup, total, into, s.timeoutNs);
            final Thread consumer = Support.daemon(recorder, "abq-oneway");
            consumer.start();
            try {
                final Schedule schedule = new Schedule(rate);
                final int size = s.sizeBytes;
                for (long i = 0; i < total; i++) {
                    final long intended = schedule.awaitSlot(i);
                    final AbqMessage m = pool[(int)(i % pool.length)];
                    m.buffer.putBytes(0, template, 0, size);
                    m.buffer.putLong(0, intended);
                    if (!queue.offer(m, s.timeoutNs, TimeUnit.NANOSECONDS)) {
                        throw new RunFailure("abq one-way: the queue stayed full for the whole timeout");
                    }
                }
            } finally {
                Support.join(consumer, s.timeoutNs);
            }
            if (recorder.failure != null) {
                throw new RunFailure("abq one-way: " + recorder.failure);
            }
        }
    }

    private static final class AbqRecorder implements Runnable {
        volatile String failure;
        private final ArrayBlockingQueue<AbqMessage> queue;
        private final long warmup;
        private final long total;
        private final Histogram histogram;
        private final long timeoutNs;

        AbqRecorder(final ArrayBlockingQueue<AbqMessage> queue, final long warmup, final long total,
            final Histogram histogram, final long timeoutNs) {
            this.queue = queue;
            this.warmup = warmup;
            this.total = total;
            this.histogram = histogram;
            this.timeoutNs = timeoutNs;
        }

        @Override
        public void run() {
            try {
                for (long received = 1; received <= total; received++) {
                    final AbqMessage m = queue.poll(timeoutNs, TimeUnit.NANOSECONDS);
                    final long now = System.nanoTime();
                    if (m == null) {
                        failure = "no message within the timeout";
                        return;
                    }
                    if (received > warmup) {
                        Support.record(histogram, now - m.buffer.getLong(0));
                    }
                }
            } catch (final InterruptedException e) {
                failure = "interrupted";
            }
        }
    }
}
