package io.sprocket.perf;

import java.util.concurrent.CountDownLatch;

import com.lmax.disruptor.EventHandler;

import io.sprocket.message.Message;
import io.sprocket.perf.LatencySuite.Slot;
import io.sprocket.ring.MessageHandler;

/**
 * A throughput run's consumer, for Sprocket's ring (its engine's handler) and the raw Disruptor's
 * (its event handler) alike, so both do the same work per message: reads each message's first 8
 * bytes (so the payload is really fetched), counts it, and notes when the expected last one came,
 * releasing the run's latch.
 *
 * <p><b>Note:</b> runs on the consumer thread of the one ring it serves; the benchmark thread reads {@link #handled}
 * and {@link #endNs} after the latch (or the ring's close) has ordered them. Allocates nothing.
 */
final class CountingHandler implements MessageHandler, EventHandler<Slot> {
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
        count(message.buffer().getLong(0));
    }

    @Override
    public void onEvent(final Slot slot, final long sequence, final boolean endOfBatch) {
        count(slot.buffer.getLong(0));
    }

    private void count(final long firstLong) {
        sum += firstLong;
        if (++handled == expected) {
            endNs = System.nanoTime();
            done.countDown();
        }
    }
}
