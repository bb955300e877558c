package io.sprocket.perf;

import static io.sprocket.perf.LatencySuite.ring;
import static io.sprocket.perf.LatencySuite.processor;
import static io.sprocket.perf.LatencySuite.rawSingleProducerRing;
import static io.sprocket.perf.LatencySuite.ringConfig;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.lmax.disruptor.BatchEventProcessor;
import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.RingBuffer;
import org.HdrHistogram.Histogram;
import org.agrona.concurrent.UnsafeBuffer;

import io.sprocket.perf.LatencySuite.AbqMessage;
import io.sprocket.perf.LatencySuite.Settings;
import io.sprocket.perf.LatencySuite.Slot;
import io.sprocket.ring.MessageRing;

/**
 * The ping-pong round trip of {@link LatencySuite} (benchmark {@code latency}), one system each:
 * Sprocket (two rings, the pinger's and the ponger's engine threads), the raw Disruptor (two rings,
 * two batch event processors) and ArrayBlockingQueue (two queues, two threads), each copying the
 * same payload into off-heap slots per hop and waiting as the settings say.
 *
 * <p><b>Note:</b> each system is built once and run round by round from the harness's thread; a
 * run starts and stops its own threads and allocates its rings or queues, never per message.
 */
final class PingPongSystems {
    private PingPongSystems() {
    }

    /** The three systems in {@link LatencySuite}'s order: sprocket, disruptor, abq. */
    static PingPong[] create(final Settings s) {
        return new PingPong[] {new SprocketPingPong(s), new DisruptorPingPong(s), new AbqPingPong(s)};
    }

    interface PingPong {
        /** One run: {@code warmup} round trips unrecorded, then {@code count} recorded into {@code into}. */
        void run(int warmup, int count, Histogram into) throws Exception;
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
            final RingPingPong pingPong = new RingPingPong(s.sizeBytes, warmup, count, into, template);
            final MessageRing toPonger = ring("pingpong-pong", s, pingPong.ponger());
            final MessageRing toPinger = pingPong.pingRing(MessageRing.builder()
                .name("pingpong-ping")
                .config(ringConfig(s))
                .ringSize(s.ringSize)
                .singleProducer(true)
                .engineWait(s.wait.engineWait())
                .jmx(false), "pingpong-ping");
            pingPong.run(toPonger, toPinger, s.timeoutNs, "sprocket ping-pong");
        }
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
            final DisruptorPinger pinger =
                new DisruptorPinger(toPonger, s.sizeBytes, new RoundTrips(warmup, count, into), done, template);
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
        private final RoundTrips trips;
        private final CountDownLatch done;
        private final UnsafeBuffer template;

        DisruptorPinger(final RingBuffer<Slot> out, final int size, final RoundTrips trips, final CountDownLatch done,
            final UnsafeBuffer template) {
            this.out = out;
            this.size = size;
            this.trips = trips;
            this.done = done;
            this.template = template;
        }

        /** On the pinger's thread, before its loop (the single producer of toPonger): the first ping. */
        @Override
        public void onStart() {
            ping(template);
        }

        @Override
        public void onEvent(final Slot in, final long sequence, final boolean endOfBatch) {
            final long now = System.nanoTime();
            if (!trips.onReply(now, in.buffer.getLong(0))) {
                done.countDown();
                return;
            }
            ping(in.buffer);
        }

        private void ping(final UnsafeBuffer payload) {
            final long seq = out.next();
            RoundTrips.stamp(out.get(seq).buffer, payload, size);
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
            final AbqPinger pinger = new AbqPinger(toPonger, toPinger, a, s.sizeBytes,
                new RoundTrips(warmup, count, into), s.timeoutNs);
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
        private final RoundTrips trips;
        private final long timeoutNs;

        AbqPinger(final ArrayBlockingQueue<AbqMessage> out, final ArrayBlockingQueue<AbqMessage> in,
            final AbqMessage mine, final int size, final RoundTrips trips, final long timeoutNs) {
            this.out = out;
            this.in = in;
            this.mine = mine;
            this.size = size;
            this.trips = trips;
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
                while (true) {
                    final AbqMessage reply = in.poll(timeoutNs, TimeUnit.NANOSECONDS);
                    final long now = System.nanoTime();
                    if (reply == null) {
                        failure = "no reply within the timeout";
                        break;
                    }
                    if (!trips.onReply(now, reply.buffer.getLong(0))) {
                        break;
                    }
                    RoundTrips.stamp(mine.buffer, reply.buffer, size);
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
}
