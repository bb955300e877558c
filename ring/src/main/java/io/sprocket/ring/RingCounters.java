package io.sprocket.ring;

import java.util.concurrent.atomic.AtomicLong;

import com.lmax.disruptor.RingBuffer;
import org.agrona.concurrent.status.AtomicCounter;

import io.sprocket.counters.CounterSet;
import io.sprocket.counters.CounterTypes;
import io.sprocket.counters.CountersFile;
import io.sprocket.message.Message;

/**
 * The ring's counters and the reading of its figures: allocates the ring's records in the counters
 * file (its own three, written by the producers, then each consumer's handled and exceptions),
 * hands each counter to the one side that writes it, and fills a {@link RingStats} from them and
 * from the Disruptor's sequences.
 *
 * <p><b>Note:</b> built on the building thread; {@link #stats} is called from any thread, reads
 * only counters and sequences (each written with release ordering by its one writer) and allocates
 * nothing; {@link #free} is called once, by the close, when no writer is left.
 */
final class RingCounters {
    private static final int FULL_REJECTIONS = 0;
    private static final int CANCELLED = 1;
    private static final int OVERSIZED = 2;
    private static final int RING_COUNTERS = 3;

    private final int ringSize;
    private final int slotSizeBytes;
    private final int consumers;
    private final RingBuffer<RingEntry> ringBuffer;
    private final OneLapBuffers oneLap;
    /** The counters in the counters file; the ring's own three are written by the producers. */
    private final CounterSet counters;
    /**
     * Claims refused because the ring was closing or closed: counted here, not in the counters file,
     * because they go on after the close has freed the ring's records there.
     */
    private final AtomicLong closedRejections = new AtomicLong();

    /**
     * Allocates the counters' records in {@code file}, or, when it is null, in the process's shared
     * counters file (of which it takes a reference, given back by {@link #free}).
     */
    RingCounters(final String ring, final String[] consumerNames, final CountersFile file,
        final RingBuffer<RingEntry> ringBuffer, final OneLapBuffers oneLap, final int slotSizeBytes) {
        this.ringSize = ringBuffer.getBufferSize();
        this.slotSizeBytes = slotSizeBytes;
        this.consumers = consumerNames.length;
        this.ringBuffer = ringBuffer;
        this.oneLap = oneLap;
        final String[] labels = labels(ring, consumerNames);
        this.counters = file != null ? CounterSet.allocate(file, false, CounterTypes.RING, labels)
            : CounterSet.allocate(CountersFile.processShared(), true, CounterTypes.RING, labels);
    }

    /** The counters' labels: the ring's own three, then each consumer's handled and exceptions. */
    private static String[] labels(final String ring, final String[] consumers) {
        final String[] labels = new String[RING_COUNTERS + 2 * consumers.length];
        labels[FULL_REJECTIONS] = "ring " + ring + ": claims refused, ring full";
        labels[CANCELLED] = "ring " + ring + ": claims cancelled";
        labels[OVERSIZED] = "ring " + ring + ": oversized claims";
        for (int c = 0; c < consumers.length; c++) {
            labels[handledIndex(c)] = "ring " + ring + ": messages handled by " + consumers[c];
            labels[exceptionsIndex(c)] = "ring " + ring + ": exceptions thrown by " + consumers[c] + "'s handler";
        }
        return labels;
    }

    private static int handledIndex(final int consumer) {
        return RING_COUNTERS + 2 * consumer;
    }

    private static int exceptionsIndex(final int consumer) {
        return RING_COUNTERS + 2 * consumer + 1;
    }

    /** Claims refused because the ring was full: written by the producers. */
    AtomicCounter fullRejections() {
        return counters.counter(FULL_REJECTIONS);
    }

    /** Claims given back unpublished: written by the producers. */
    AtomicCounter cancelledClaims() {
        return counters.counter(CANCELLED);
    }

    /** Claims longer than a slot: written by the producers. */
    AtomicCounter oversizedClaims() {
        return counters.counter(OVERSIZED);
    }

    /** Claims refused because the ring was closing or closed: written by the producers. */
    AtomicLong closedRejections() {
        return closedRejections;
    }

    /** Messages consumer {@code consumer} (0 is the engine) handed to its handler: written by that consumer. */
    AtomicCounter handled(final int consumer) {
        return counters.counter(handledIndex(consumer));
    }

    /** Exceptions consumer {@code consumer}'s handler threw: written by that consumer. */
    AtomicCounter exceptions(final int consumer) {
        return counters.counter(exceptionsIndex(consumer));
    }

    /**
     * Fills a snapshot of the ring's figures: handled first, recycled next, claims last, so that
     * within one snapshot {@code handled <= claims} and {@code recycled <= claims} hold.
     */
    RingStats stats(final RingStats into) {
        into.ringSize = ringSize;
        into.slotSizeBytes = slotSizeBytes;
        into.handled = counters.get(handledIndex(0));
        into.recycled = ringBuffer.getMinimumGatingSequence() + 1;
        into.claims = Math.max(RingProducer.claimHighWater(ringBuffer) + 1, into.recycled);
        into.fullRejections = counters.get(FULL_REJECTIONS);
        into.closedRejections = closedRejections.get();
        into.cancelled = counters.get(CANCELLED);
        into.oversized = counters.get(OVERSIZED);
        into.oversizedBytesHeld = oneLap.bytesHeld();
        long exceptions = 0;
        for (int c = 0; c < consumers; c++) {
            exceptions += counters.get(exceptionsIndex(c));
        }
        into.handlerExceptions = exceptions;
        into.remainingCapacity = ringBuffer.remainingCapacity();
        return into;
    }

    /** Frees the counters' records in the file, keeping their values for {@link #stats}: no writer is left. */
    void free() {
        counters.free();
    }
}
