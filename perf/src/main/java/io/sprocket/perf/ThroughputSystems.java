package io.sprocket.perf;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.lmax.disruptor.BatchEventProcessor;
import com.lmax.disruptor.InsufficientCapacityException;
import com.lmax.disruptor.RingBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import io.sprocket.message.InfraConfig;
import io.sprocket.message.Message;
import io.sprocket.perf.LatencySuite.AbqMessage;
import io.sprocket.perf.LatencySuite.Slot;
import io.sprocket.perf.ThroughputSuite.Gate;
import io.sprocket.perf.ThroughputSuite.Producer;
import io.sprocket.perf.ThroughputSuite.Run;
import io.sprocket.perf.ThroughputSuite.Settings;
import io.sprocket.ring.MessageRing;

/**
 * The systems of {@link ThroughputSuite}: producer threads sending fixed-size messages to one
 * consumer that counts them, through Sprocket's ring ({@code tryClaim}, {@code message(seq, view)} with
 * one view per claim a producer holds, {@code publish}), the raw
 * Disruptor ({@code tryNext(n)}/{@code publish(lo, hi)}) and ArrayBlockingQueue, each with the same
 * payload copy per message.
 *
 * <p><b>Note:</b> each system is built once and run round by round from the harness's thread; a
 * run starts and stops its producer and consumer threads and allocates its ring or queue, never per
 * message.
 */
final class ThroughputSystems {
    private ThroughputSystems() {
    }

    /** The three systems in {@link ThroughputSuite}'s order: sprocket, disruptor, abq. */
    static Run[] create(final Settings s, final int producers) {
        return new Run[] {new SprocketRun(s, producers), new DisruptorRun(s, producers), new AbqRun(s, producers)};
    }

    // ------------------------------------------------------------------ Sprocket

    private static final class SprocketRun extends Run {
        SprocketRun(final Settings s, final int producers) {
            super(s, producers);
        }

        @Override
        double run(final long messages) {
            final CountDownLatch done = new CountDownLatch(1);
            final CountingHandler counter = new CountingHandler(messages, done);
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
                start = startAndAwait(gate, tasks, done, "sprocket", messages);
            } finally {
                ring.close(s.timeoutNs);
            }
            if (counter.handled != messages) {
                throw new RunFailure("sprocket: handled " + counter.handled + " of " + messages);
            }
            return messages * 1e9 / (counter.endNs - start);
        }
    }

    private static final class SprocketProducer extends Producer {
        private final MessageRing ring;
        private final WaitMode wait;
        private final int size;
        private final int batch;
        private final UnsafeBuffer template;
        private final long[] claimed;
        /**
         * One view per claim a batch holds at once, made by the producer's thread as it starts sending (so
         * they lie in its own allocation buffer, away from the engine's objects).
         */
        private final Message[] views;

        SprocketProducer(final Gate gate, final long count, final Settings s, final MessageRing ring,
            final UnsafeBuffer template) {
            super(gate, count, s.timeoutNs);
            this.ring = ring;
            this.wait = s.wait;
            this.size = s.sizeBytes;
            this.batch = s.batch;
            this.template = template;
            this.claimed = new long[s.batch];
            this.views = new Message[s.batch];
        }

        @Override
        String send(final long deadline) {
            for (int i = 0; i < views.length; i++) {
                views[i] = ring.newView();
            }
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
                    fill(ring.message(seq, views[0]).buffer(), i, size, template);
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
                    fill(ring.message(claimed[j], views[j]).buffer(), i + j, size, template);
                }
                for (int j = 0; j < k; j++) {
                    ring.publish(claimed[j]);
                }
                i += k;
            }
            return null;
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
            final CountingHandler counter = new CountingHandler(messages, done);
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
                start = startAndAwait(gate, tasks, done, "disruptor", messages);
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
                    fill(ring.get(seq).buffer, i, size, template);
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
                    fill(ring.get(seq).buffer, i + seq - lo, size, template);
                }
                ring.publish(lo, hi);
                i += n;
            }
            return null;
        }
    }

    // ------------------------------------------------------------------ ArrayBlockingQueue

    private static final class AbqRun extends Run {
        private AbqMessage[][] pools;
        private AbqConsumer consumer;

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
            this.consumer = counter;
            final Thread consumer = Support.daemon(counter, "abq-consumer");
            consumer.start();
            final Gate gate = new Gate();
            final Producer[] tasks = new Producer[producers];
            for (int p = 0; p < producers; p++) {
                tasks[p] = new AbqProducer(gate, share(p, messages), s, queue, pools[p], template);
            }
            final long start;
            try {
                start = startAndAwait(gate, tasks, done, "abq", messages);
            } finally {
                Support.join(consumer, s.timeoutNs);
            }
            if (counter.handled != messages) {
                throw new RunFailure("abq: handled " + counter.handled + " of " + messages
                    + (counter.failure != null ? " (" + counter.failure + ")" : ""));
            }
            return messages * 1e9 / (counter.endNs - start);
        }

        @Override
        void endedConsumer(final ThreadCpu cpuTime) {
            cpuTime.ended("abq-consumer", consumer.ownTime);
        }
    }

    private static final class AbqConsumer implements Runnable {
        volatile String failure;
        /** This consumer's CPU time, taken as it counts the last message. */
        final ThreadCpu.OwnTime ownTime = new ThreadCpu.OwnTime();
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
                ownTime.take();
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
                    fill(m.buffer, i, size, template);
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
