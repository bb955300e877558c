package io.sprocket.perf;

import java.util.concurrent.CountDownLatch;

import org.HdrHistogram.Histogram;
import org.agrona.concurrent.UnsafeBuffer;

import io.sprocket.message.Message;
import io.sprocket.ring.MessageHandler;
import io.sprocket.ring.MessageRing;
import io.sprocket.ring.MessageRingBuilder;

/**
 * One ping-pong run between two single-producer Sprocket rings, for every benchmark that times a
 * round trip through rings ({@code latency}'s sprocket system, the journal's latency systems): the
 * pinger ring's engine records each reply's round trip and pings again, the ponger ring's engine
 * echoes the ping. The caller builds the ponger's ring around {@link #ponger()} (plain, journalled,
 * shared), and this class builds the pinger's ring, whose engine thread sends the first ping before
 * its loop starts: it is the only thread that ever claims on the ponger's ring.
 *
 * <p><b>Note:</b> one instance per run, made and driven by the harness's thread; the handlers run on
 * the two engine threads. Nothing allocates per round trip.
 */
final class RingPingPong {
    private static final long CLAIM_TIMEOUT_NS = 10_000_000_000L;

    private final Pinger pinger;
    private final Ponger ponger;
    private final CountDownLatch done = new CountDownLatch(1);

    /**
     * @param sizeBytes payload bytes of each ping.
     * @param warmup    round trips before recording (at least one: the first ping's is discarded).
     * @param count     round trips recorded.
     * @param into      where the recorded round trips go.
     * @param template  the payload's bytes (the first 8 carry the send time).
     */
    RingPingPong(final int sizeBytes, final int warmup, final int count, final Histogram into,
        final UnsafeBuffer template) {
        this.pinger = new Pinger(sizeBytes, new RoundTrips(warmup, count, into), done, template);
        this.ponger = new Ponger(sizeBytes);
    }

    /** The ponger ring's engine handler, for the caller to build that ring around. */
    MessageHandler ponger() {
        return ponger;
    }

    /**
     * Gives the pinger's ring builder its handler and an engine thread that pings first, and builds it.
     *
     * @param pingRing   the pinger ring's settings (single-producer), without a handler or thread factory.
     * @param threadName the pinger engine thread's name.
     * @return the pinger's ring, not started.
     */
    MessageRing pingRing(final MessageRingBuilder pingRing, final String threadName) {
        return pingRing.handler(pinger)
            .threadFactory(engine -> Support.daemon(() -> {
                pinger.firstPing();
                engine.run();
            }, threadName))
            .build();
    }

    /**
     * Starts both rings, waits for the last round trip, and closes both rings whatever happens.
     *
     * @param toPonger  the ponger's ring, built around {@link #ponger()}.
     * @param toPinger  the pinger's ring, from {@link #pingRing}.
     * @param timeoutNs the longest wait for the run, and for each close.
     * @param label     names the run in a failure.
     * @throws RunFailure when the run does not end in time, or a claim inside a handler was refused.
     */
    void run(final MessageRing toPonger, final MessageRing toPinger, final long timeoutNs, final String label) {
        pinger.out = toPonger;
        ponger.out = toPinger;
        try {
            toPonger.start();
            toPinger.start();
            Support.await(done, timeoutNs, label);
            if (pinger.failed || ponger.failed) {
                throw new RunFailure(label + ": a claim inside a handler was refused");
            }
        } finally {
            toPinger.close(timeoutNs);
            toPonger.close(timeoutNs);
        }
    }

    /** Records each reply's round trip, then pings again: the pinger ring's engine handler. */
    private static final class Pinger implements MessageHandler {
        MessageRing out;
        volatile boolean failed;
        private final int size;
        private final RoundTrips trips;
        private final CountDownLatch done;
        private final UnsafeBuffer template;

        Pinger(final int size, final RoundTrips trips, final CountDownLatch done, final UnsafeBuffer template) {
            this.size = size;
            this.trips = trips;
            this.done = done;
            this.template = template;
        }

        /** On the pinger's engine thread, before its loop: the first ping (its round trip is discarded). */
        void firstPing() {
            ping(template);
        }

        @Override
        public void onMessage(final Message message, final long sequence, final boolean endOfBatch) {
            final long now = System.nanoTime();
            final UnsafeBuffer in = message.buffer();
            if (!trips.onReply(now, in.getLong(0))) {
                done.countDown();
                return;
            }
            ping(in);
        }

        private void ping(final UnsafeBuffer payload) {
            final long seq = out.claim(size, CLAIM_TIMEOUT_NS);
            if (seq < 0) {
                failed = true;
                done.countDown();
                return;
            }
            RoundTrips.stamp(out.message(seq).buffer(), payload, size);
            out.publish(seq);
        }
    }

    /** Echoes each ping's payload back: the ponger ring's engine handler. */
    private static final class Ponger implements MessageHandler {
        MessageRing out;
        volatile boolean failed;
        private final int size;

        Ponger(final int size) {
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
}
