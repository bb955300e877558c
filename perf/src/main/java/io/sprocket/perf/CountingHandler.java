package io.sprocket.perf;

import java.util.concurrent.CountDownLatch;

import io.sprocket.message.Message;
import io.sprocket.ring.MessageHandler;

/**
 * A throughput run's engine: reads each message's first 8 bytes (so the payload is really
 * fetched), counts it, and notes when the expected last one came, releasing the run's latch.
 *
 * <p><b>Note:</b> runs on the ring's engine thread; the benchmark thread reads {@link #handled}
 * and {@link #endNs} after the latch (or the ring's close) has ordered them. Allocates nothing.
 */
final class CountingHandler implements MessageHandler {
    long handled;
    long sum;
    long endNs;
    private final long expected;
    private final CountDownLatch done;

    CountingHandler(final long expected, final CountDownLatch done) {
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
