package io.sprocket.ring;

import java.util.concurrent.locks.LockSupport;

import com.lmax.disruptor.InsufficientCapacityException;

import io.sprocket.message.AllocationMeter;
import io.sprocket.message.Message;

/**
 * Warm-up that drives producer and engine through every path they take in steady state before an
 * allocation is measured: the ring full (the producer spins, yields and parks) and the ring empty
 * (the engine waits). A path first taken after warm-up makes the JIT deoptimize, and deoptimization
 * re-materialises objects that compiled code had optimised away: real allocation, but a one-off of
 * the JIT, not of the code under test.
 */
public final class WarmUp {
    /** Publishes one message; the warm-up calls it for every message it sends. */
    public interface Sender {
        /**
         * Publishes message {@code i}.
         *
         * @param ring the ring.
         * @param i    the message number.
         */
        void send(MessageRing ring, int i);
    }

    /** Wraps a handler so the warm-up can stall the engine now and then. */
    public static final class Stallable implements MessageHandler {
        private final MessageHandler delegate;
        volatile int stallEvery;

        /**
         * Wraps a handler.
         *
         * @param delegate the handler that does the work.
         */
        public Stallable(final MessageHandler delegate) {
            this.delegate = delegate;
        }

        @Override
        public void onMessage(final Message message, final long sequence, final boolean endOfBatch) throws Exception {
            final int every = stallEvery;
            if (every != 0 && sequence % every == 0) {
                LockSupport.parkNanos(200_000);
            }
            delegate.onMessage(message, sequence, endOfBatch);
        }
    }

    private WarmUp() {
    }

    /**
     * Runs each stage of the default producer wait once on the calling thread. The first call
     * through a method's constant-pool entry resolves it, which allocates (40 B seen here for
     * {@code LockSupport.parkNanos} from {@code ProducerWait}); a producer that first waits long
     * enough to park in the middle of a measurement would otherwise count it. Parks the thread too
     * (the JVM's first park allocates as well: {@link AllocationMeter#parkOnce()}). And it initializes the
     * Disruptor's preallocated {@link InsufficientCapacityException}, which a claim that loses the race
     * for the last free slot to another producer receives: its class creates it (40 B) when first used,
     * on whichever thread first loses that race, which under load can be late in a measured run.
     */
    public static void producerWaits() {
        if (InsufficientCapacityException.INSTANCE == null) {
            throw new AssertionError("the Disruptor's preallocated exception is missing");
        }
        AllocationMeter.parkOnce();
        ProducerWait.PHASED.idle(0);
        ProducerWait.PHASED.idle(150);
        ProducerWait.PHASED.idle(Integer.MAX_VALUE);
    }

    public static void run(final MessageRing ring, final Stallable handler, final Sender sender) {
        producerWaits();
        for (int round = 0; round < 3; round++) {
            handler.stallEvery = 0;
            for (int i = 0; i < 100_000; i++) {
                sender.send(ring, i);
            }
            handler.stallEvery = 512;
            for (int i = 0; i < 20_000; i++) {
                sender.send(ring, i);
            }
            handler.stallEvery = 0;
            for (int i = 0; i < 20_000; i++) {
                sender.send(ring, i);
                if (i % 2_000 == 0) {
                    LockSupport.parkNanos(500_000);
                }
            }
        }
    }
}
