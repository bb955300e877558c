package io.sprocket.ring;

import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.concurrent.locks.LockSupport;

import io.sprocket.message.InfraConfig;
import io.sprocket.message.Waits;

/** Test helpers, shared through the ring's test jar: small configurations and bounded waits. */
public final class Rings {
    private Rings() {
    }

    /**
     * Slots and pooled buffers of {@code slotSize} bytes, messages up to 1 MiB, 16 buffers retained; the
     * ring's size is set on its builder ({@code MessageRingBuilder.ringSize}).
     */
    public static InfraConfig small(final int slotSize) {
        return InfraConfig.builder().bufferSizeBytes(slotSize).maxPooledSizeBytes(slotSize)
            .maxMessageSizeBytes(1 << 20).maxRetained(16).build();
    }

    /** Waits until the condition holds, parking between checks; fails after the timeout. */
    public static void await(final String what, final long timeoutMillis, final BooleanSupplier condition) {
        Waits.await(what, timeoutMillis, condition);
    }

    /**
     * Waits, without allocating, until every claimed slot has been passed by every consumer.
     *
     * @param stats a snapshot object owned by the calling thread, reused for the polling.
     */
    public static void awaitDrained(final MessageRing ring, final RingStats stats) {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (ring.stats(stats).recycled() != stats.claims()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("ring did not drain within 60 s: " + stats);
            }
            LockSupport.parkNanos(50_000);
        }
        // One snapshot reads handled before recycled: the engine may have finished the last message
        // between the two reads. Drained now, a fresh snapshot's handled is final.
        ring.stats(stats);
    }

    /** Claims with a bounded wait, failing the test if the ring stays full. */
    public static long claim(final MessageRing ring, final int length) {
        final long seq = ring.claim(length, TimeUnit.SECONDS.toNanos(30));
        if (seq < 0) {
            throw new AssertionError("claim failed with " + seq + " on " + ring);
        }
        return seq;
    }

    /**
     * A producer thread (not started) that publishes {@code messages} 8-byte messages and, after every
     * eighth, waits (at most 30 s) until the engine has handled them all: it keeps the engine caught up,
     * so that claims and handled are equal most of the time.
     */
    public static Thread lockStepProducer(final MessageRing ring, final int messages, final String threadName) {
        return new Thread(() -> {
            final RingStats mine = new RingStats();
            for (int i = 1; i <= messages; i++) {
                ring.publish(claim(ring, 8));
                final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (i % 8 == 0 && ring.stats(mine).handled() < i) {
                    if (System.nanoTime() - deadline > 0) {
                        throw new AssertionError("the engine did not handle " + i + " messages within 30 s: " + mine);
                    }
                    Thread.yield();
                }
            }
        }, threadName);
    }
}
