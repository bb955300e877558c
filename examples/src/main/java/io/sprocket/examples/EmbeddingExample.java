package io.sprocket.examples;

import java.util.concurrent.TimeUnit;

import io.sprocket.message.InfraConfig;
import io.sprocket.message.Message;
import io.sprocket.ring.EngineWait;
import io.sprocket.ring.MessageRing;
import io.sprocket.ring.RingStats;

/**
 * Embeds a ring: build it, start it, publish orders into it, handle them on the engine thread, close
 * it and read its statistics.
 *
 * <p><b>Note:</b> a program: {@link #main} runs on the caller's thread; the set-up allocates, the
 * publishing loop does not.
 */
public final class EmbeddingExample {
    private EmbeddingExample() {
    }

    /**
     * Publishes 10 000 orders through a ring and prints what the engine saw.
     *
     * @param args ignored.
     */
    public static void main(final String[] args) {
        System.out.println(run(10_000));
    }

    /**
     * Publishes {@code orders} orders (an id and a quantity each) and closes the ring.
     *
     * @param orders how many orders to publish.
     * @return what the engine handled and what the ring counted, on one line.
     */
    public static String run(final int orders) {
        InfraConfig config = InfraConfig.builder()
            .bufferSizeBytes(4096)             // payload bytes per slot, off-heap
            .build();

        long[] engineTotals = new long[2];     // written by the engine thread only
        MessageRing ring = MessageRing.builder()
            .name("orders")
            .config(config)
            .ringSize(1024)                    // slots, a power of two
            .engineWait(EngineWait.YIELDING)
            .handler((message, sequence, endOfBatch) -> {
                // The engine thread; the message is ours until we return (clone() to keep it).
                long quantity = message.buffer().getLong(8);
                engineTotals[0]++;
                engineTotals[1] += quantity;
            })
            .build()
            .start();

        for (long orderId = 1; orderId <= orders; orderId++) {
            long seq = ring.claim(16, TimeUnit.SECONDS.toNanos(1));   // waits, bounded, if full
            if (seq < 0) {
                throw new IllegalStateException("ring refused the claim: " + seq);
            }
            Message m = ring.message(seq);
            m.buffer().putLong(0, orderId);
            m.buffer().putLong(8, orderId % 100);
            ring.publish(seq);
        }

        long unhandled = ring.close(TimeUnit.SECONDS.toNanos(5));    // drains, stops, frees
        RingStats stats = ring.stats(new RingStats());              // fills a reusable snapshot
        // close() joined the engine thread, so its totals are visible here.
        return "handled " + engineTotals[0] + " orders, quantity " + engineTotals[1]
            + ", unhandled " + unhandled + ", claims " + stats.claims() + ", full " + stats.fullRejections();
    }
}
