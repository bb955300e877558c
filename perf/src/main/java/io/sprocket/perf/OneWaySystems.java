package io.sprocket.perf;

import static io.sprocket.perf.LatencySuite.processor;
import static io.sprocket.perf.LatencySuite.rawSingleProducerRing;
import static io.sprocket.perf.LatencySuite.ring;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.lmax.disruptor.BatchEventProcessor;
import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.RingBuffer;
import org.HdrHistogram.Histogram;
import org.agrona.concurrent.UnsafeBuffer;

import io.sprocket.message.Message;
import io.sprocket.perf.LatencySuite.AbqMessage;
import io.sprocket.perf.LatencySuite.Settings;
import io.sprocket.perf.LatencySuite.Slot;
import io.sprocket.ring.MessageHandler;
import io.sprocket.ring.MessageRing;

/**
 * The one-way latency at a fixed rate of {@link LatencySuite} (benchmark {@code latency-oneway}),
 * one system each: the harness's thread sends on a schedule, stamping each message with its
 * intended send time, and the consumer records arrival minus that time (corrected for coordinated
 * omission), for Sprocket, the raw Disruptor and ArrayBlockingQueue.
 *
 * <p><b>Note:</b> each system is built once and run rate by rate, round by round, from the
 * harness's thread; a run starts and stops its consumer and allocates its ring or queue, never per
 * message.
 */
final class OneWaySystems {
    private OneWaySystems() {
    }

    /** The three systems in {@link LatencySuite}'s order: sprocket, disruptor, abq. */
    static OneWay[] create(final Settings s) {
        return new OneWay[] {new SprocketOneWay(s), new DisruptorOneWay(s), new AbqOneWay(s)};
    }

    interface OneWay {
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

    /**
     * Records arrival minus intended send time, for Sprocket's ring (its engine's handler) and the raw
     * Disruptor's (its event handler) alike, so both do the same work per message; releases the run's latch
     * at the last message. Runs on the consumer thread of the one ring it serves; allocates nothing.
     */
    private static final class Recorder implements MessageHandler, EventHandler<Slot> {
        private final long warmup;
        private final long total;
        private final Histogram histogram;
        private final CountDownLatch done;
        private long received;

        Recorder(final long warmup, final long total, final Histogram histogram, final CountDownLatch done) {
            this.warmup = warmup;
            this.total = total;
            this.histogram = histogram;
            this.done = done;
        }

        @Override
        public void onMessage(final Message message, final long sequence, final boolean endOfBatch) {
            final long now = System.nanoTime();
            arrived(now, message.buffer().getLong(0));
        }

        @Override
        public void onEvent(final Slot slot, final long sequence, final boolean endOfBatch) {
            final long now = System.nanoTime();
            arrived(now, slot.buffer.getLong(0));
        }

        private void arrived(final long nowNs, final long intendedNs) {
            if (++received > warmup) {
                Support.record(histogram, nowNs - intendedNs);
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
            final MessageRing ring = ring("oneway", s, new Recorder(warmup, total, into, done)).start();
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
            final BatchEventProcessor<Slot> processor = processor(ring, new Recorder(warmup, total, into, done));
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
