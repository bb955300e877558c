package io.sprocket.ring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.sprocket.message.InfraConfig;
import io.sprocket.message.Message;

/**
 * Four producers send a million messages each, of random sizes (some longer than a slot), while
 * the ring is closed mid-stream: every message is either handled intact or refused to its producer.
 */
@Tag("slow")
@Timeout(300)
class NoLossUnderLoadTest {
    private static final int PRODUCERS = 4;
    private static final int PER_PRODUCER = 1_000_000;
    private static final int SLOT = 1024;
    private static final int MAX = 8 * SLOT;
    private static final int HEADER = 16;   // producer id, message number, length

    /** Checks each payload's checksum and counts per producer what it handled. */
    private static final class CheckingHandler implements MessageHandler {
        final AtomicLongArray handled = new AtomicLongArray(PRODUCERS);
        final AtomicLong corrupt = new AtomicLong();
        final AtomicLong oversized = new AtomicLong();
        final long[] lastNumber = {-1, -1, -1, -1};
        final AtomicLong outOfOrder = new AtomicLong();

        @Override
        public void onMessage(final Message message, final long sequence, final boolean endOfBatch) {
            final UnsafeBuffer b = message.buffer();
            final int producer = b.getInt(0);
            final long number = b.getLong(4);
            final int length = b.getInt(12);
            if (producer < 0 || producer >= PRODUCERS || length != message.length()
                || b.getLong(length - 8) != checksum(b, length)) {
                corrupt.incrementAndGet();
                return;
            }
            if (number <= lastNumber[producer]) {
                outOfOrder.incrementAndGet();
            }
            lastNumber[producer] = number;
            if (length > SLOT) {
                oversized.incrementAndGet();
            }
            handled.incrementAndGet(producer);
        }
    }

    /** Sum of the payload's longs between the header and the checksum, mixed so order matters. */
    static long checksum(final UnsafeBuffer b, final int length) {
        long sum = 0x9E37_79B9_7F4A_7C15L;
        for (int i = HEADER; i + 8 <= length - 8; i += 8) {
            sum = (sum ^ b.getLong(i)) * 0x100_0000_01B3L;
        }
        return sum;
    }

    @Test
    void shouldHandleOrRefuseEveryMessageWhenClosedMidStream() throws Exception {
        final CheckingHandler handler = new CheckingHandler();
        final MessageRing ring = MessageRing.builder().name("no-loss").ringSize(1024)
            .config(InfraConfig.builder().bufferSizeBytes(SLOT).maxPooledSizeBytes(SLOT)
                .maxMessageSizeBytes(MAX).build())
            .engineWait(EngineWait.YIELDING).handler(handler).build().start();
        final long[] accepted = new long[PRODUCERS];
        final long[] refusedClosed = new long[PRODUCERS];
        final long[] refusedFull = new long[PRODUCERS];
        final AtomicLong acceptedTotal = new AtomicLong();
        final List<Thread> producers = new ArrayList<>();
        for (int p = 0; p < PRODUCERS; p++) {
            final int id = p;
            producers.add(new Thread(() -> {
                final SplittableRandom random = new SplittableRandom(42 + id);
                for (long n = 0; n < PER_PRODUCER; n++) {
                    final int length = random.nextInt(100) < 2
                        ? SLOT + 8 + random.nextInt(MAX - SLOT - 8) & ~7
                        : 24 + (random.nextInt(SLOT - 24) & ~7);
                    final long seq = ring.claim(length, TimeUnit.MILLISECONDS.toNanos(100));
                    if (seq == MessageRing.CLOSED) {
                        refusedClosed[id]++;
                        continue;
                    }
                    if (seq == MessageRing.FULL) {
                        refusedFull[id]++;
                        continue;
                    }
                    final Message m = ring.message(seq);
                    final UnsafeBuffer b = m.buffer();
                    b.putInt(0, id);
                    b.putLong(4, n);
                    b.putInt(12, length);
                    for (int i = HEADER; i + 8 <= length - 8; i += 8) {
                        b.putLong(i, n * 31 + i);
                    }
                    b.putLong(length - 8, checksum(b, length));
                    ring.publish(seq);
                    accepted[id]++;
                    acceptedTotal.incrementAndGet();
                }
            }, "producer-" + p));
        }
        producers.forEach(Thread::start);
        Rings.await("a million messages accepted", 120_000, () -> acceptedTotal.get() >= PER_PRODUCER);
        final long leftovers = ring.close(TimeUnit.SECONDS.toNanos(30));
        for (final Thread t : producers) {
            t.join(120_000);
            assertThat(t.isAlive()).isFalse();
        }

        assertThat(leftovers).as("unhandled after close").isZero();
        assertThat(handler.corrupt.get()).as("payloads that failed their checksum").isZero();
        assertThat(handler.outOfOrder.get()).isZero();
        long handledTotal = 0;
        long refusedTotal = 0;
        for (int p = 0; p < PRODUCERS; p++) {
            assertThat(accepted[p] + refusedClosed[p] + refusedFull[p]).as("producer %d sent", p).isEqualTo(PER_PRODUCER);
            assertThat(handler.handled.get(p)).as("producer %d: handled = accepted", p).isEqualTo(accepted[p]);
            handledTotal += handler.handled.get(p);
            refusedTotal += refusedClosed[p] + refusedFull[p];
        }
        assertThat(handledTotal + refusedTotal).isEqualTo((long)PRODUCERS * PER_PRODUCER);
        assertThat(handledTotal).isGreaterThanOrEqualTo(PER_PRODUCER);
        assertThat(handler.oversized.get()).as("oversized messages handled").isPositive();
        final RingStats stats = ring.stats(new RingStats());
        assertThat(stats.handled()).isEqualTo(handledTotal);
        assertThat(stats.oversized()).isEqualTo(handler.oversized.get());
        System.out.printf("no-loss: sent %d, handled %d (oversized %d), refused %d (closed %d, full %d), lost 0%n",
            (long)PRODUCERS * PER_PRODUCER, handledTotal, handler.oversized.get(), refusedTotal,
            refusedClosed[0] + refusedClosed[1] + refusedClosed[2] + refusedClosed[3],
            refusedFull[0] + refusedFull[1] + refusedFull[2] + refusedFull[3]);
    }
}
