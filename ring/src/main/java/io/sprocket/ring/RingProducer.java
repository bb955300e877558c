package io.sprocket.ring;

import java.util.concurrent.atomic.AtomicLong;

import com.lmax.disruptor.InsufficientCapacityException;
import com.lmax.disruptor.RingBuffer;
import org.agrona.concurrent.status.AtomicCounter;

import io.sprocket.message.Checks;
import io.sprocket.message.Message;
import io.sprocket.message.MessageDescriptor;

/**
 * The producer side of the ring: claiming a slot (at once, or waiting as the {@link ProducerWait}
 * says; an oversized one with its one-lap buffer), handing out its message, and publishing it,
 * cancelling it or publishing it as a control event, directly or through a filler or translator.
 * It also holds the ring's lifecycle state, because every claim reads it: {@link RingLifecycle}
 * writes it.
 *
 * <p><b>Note:</b> the claim and publish methods run on any number of producer threads (one only for
 * a single-producer ring), as {@link MessageRing} documents; a claimed sequence belongs to the thread
 * that claimed it until it publishes or cancels it. They allocate nothing and throw only for misuse
 * (or, for an oversized claim, an {@link OutOfMemoryError}); a full or closed ring is a negative
 * result. The state is volatile: written under the lifecycle lock (or by a close asked for from a
 * handler, which only raises it to closing), read by every claim.
 */
final class RingProducer {
    /** State: built, not started. */
    static final int NEW = 0;
    /** State: started. */
    static final int STARTED = 1;
    /** State: a close has begun; claims are refused. */
    static final int CLOSING = 2;
    /** State: closed. */
    static final int CLOSED_STATE = 3;

    private final String name;
    private final int mask;
    private final int slotSizeBytes;
    private final int maxMessageSizeBytes;
    private final boolean singleProducer;
    private final ProducerWait producerWait;
    private final Message[] messages;
    /** Where each slot's memory is: claims, publishes and views go through it, not the slot's message. */
    private final SlotAddresses slots;
    /** The slots' source, which a view passed to {@link #message(long, Message)} must come from. */
    private final SlotLifecycle source;
    /** The slots, which make the views. */
    private final SlotRegion region;
    /** Buffers of messages longer than a slot, each freed once every consumer has passed its slot. */
    private final OneLapBuffers oneLap;
    private final RingBuffer<RingEntry> ringBuffer;
    /** How many consumers must pass a slot before its one-lap buffer is freed. */
    private final int consumers;
    private final AtomicCounter fullRejections;
    private final AtomicLong closedRejections;
    private final AtomicCounter cancelledClaims;
    private final AtomicCounter oversizedClaims;

    private volatile int state = NEW;

    RingProducer(final String name, final int maxMessageSizeBytes, final int slotSizeBytes,
        final boolean singleProducer, final ProducerWait producerWait, final SlotRegion region,
        final OneLapBuffers oneLap, final RingBuffer<RingEntry> ringBuffer, final int consumers,
        final RingCounters counters) {
        this.name = name;
        this.region = region;
        this.messages = region.messages();
        this.slots = region.addresses();
        this.source = region.source();
        this.mask = messages.length - 1;
        this.slotSizeBytes = slotSizeBytes;
        this.maxMessageSizeBytes = maxMessageSizeBytes;
        this.singleProducer = singleProducer;
        this.producerWait = producerWait;
        this.oneLap = oneLap;
        this.ringBuffer = ringBuffer;
        this.consumers = consumers;
        this.fullRejections = counters.fullRejections();
        this.closedRejections = counters.closedRejections();
        this.cancelledClaims = counters.cancelledClaims();
        this.oversizedClaims = counters.oversizedClaims();
        // The Disruptor's preallocated exception for a claim that loses the last slot to another producer
        // is created when its class is first used: make that happen here, not on a producer's hot path.
        if (InsufficientCapacityException.INSTANCE == null) {
            throw new IllegalStateException("the Disruptor's preallocated InsufficientCapacityException is missing");
        }
    }

    /**
     * The highest claimed sequence. A multi-producer ring moves its cursor when a slot is claimed
     * (by CAS); a single-producer ring moves it only on publish, so there this is the highest
     * published sequence: the single-producer contract (close on the producer thread, or after it
     * stopped) is what makes that enough.
     */
    static long claimHighWater(final RingBuffer<RingEntry> ringBuffer) {
        return ringBuffer.getCursor();
    }

    /** The ring's state: {@link #NEW}, {@link #STARTED}, {@link #CLOSING} or {@link #CLOSED_STATE}. */
    int state() {
        return state;
    }

    /** Sets the ring's state (the lifecycle's transitions only). */
    void state(final int newState) {
        state = newState;
    }

    /** See {@link MessageRing#tryClaim(int)}. */
    long tryClaim(final int lengthBytes) {
        checkLength(lengthBytes);
        final long result = claimOnce(lengthBytes);
        if (result == MessageRing.FULL) {
            fullRejections.increment();
        }
        return result;
    }

    /** See {@link MessageRing#claim(int, long)}. */
    long claim(final int lengthBytes, final long timeoutNs) {
        checkLength(lengthBytes);
        if (timeoutNs < 0) {
            throw new IllegalArgumentException("timeoutNs must be 0 or more, got " + timeoutNs);
        }
        long deadline = 0;
        for (int attempt = 0; ; attempt++) {
            final long result = claimOnce(lengthBytes);
            if (result != MessageRing.FULL) {
                return result;
            }
            final long now = System.nanoTime();
            if (attempt == 0) {
                deadline = now + timeoutNs;
            } else if (now - deadline >= 0) {
                fullRejections.increment();
                return MessageRing.FULL;
            }
            producerWait.idle(attempt);
        }
    }

    /**
     * One claim attempt: the sequence, {@link MessageRing#CLOSED} (counted), or
     * {@link MessageRing#FULL} (not counted: a waiting claim counts only the attempt it gives up on).
     */
    private long claimOnce(final int lengthBytes) {
        if (state >= CLOSING) {
            closedRejections.incrementAndGet();
            return MessageRing.CLOSED;
        }
        if (lengthBytes > slotSizeBytes) {
            return claimOversized(lengthBytes);
        }
        final long sequence = claimOrFull();
        return sequence < 0 ? MessageRing.FULL : onClaimed(sequence, lengthBytes);
    }

    /**
     * Asks the Disruptor for room twice on purpose. {@code hasAvailableCapacity(1)} refreshes the
     * sequencer's cached view of the consumers without a store; {@code tryNext()} then finds that view
     * fresh. Left alone, a single-producer sequencer's {@code tryNext()} refreshes it itself and moves
     * the cursor to its last claim as it does, which tells the consumers that every slot claimed so far
     * is published: with several claims outstanding (a batch claimed before it is published) they would
     * read slots not yet written.
     */
    private long claimOrFull() {
        if (!ringBuffer.hasAvailableCapacity(1)) {
            return MessageRing.FULL;
        }
        try {
            return ringBuffer.tryNext();
        } catch (final InsufficientCapacityException raceLostToAnotherProducer) {
            return MessageRing.FULL;
        }
    }

    private long onClaimed(final long sequence, final int lengthBytes) {
        if (state >= CLOSING) {
            // close() may already have read the claim high-water mark without this sequence: publish
            // the slot empty so consumers can pass it, and refuse the claim.
            cancelClaimed(sequence);
            closedRejections.incrementAndGet();
            return MessageRing.CLOSED;
        }
        SlotLifecycle.claimSlot(slots.descriptor(sequence), slots.headerRoom(), messages[(int)sequence & mask], sequence,
            lengthBytes);
        return sequence;
    }

    /**
     * A claim longer than a slot: its one-lap buffer's bytes are reserved against the cap before a
     * slot is claimed (over the cap, the claim is full), then the buffer is allocated and attached.
     * If the allocation fails the slot is given back and the reservation returned before the
     * {@link OutOfMemoryError} leaves.
     */
    private long claimOversized(final int lengthBytes) {
        final long bytes = oneLap.bytesFor(lengthBytes);
        if (!oneLap.reserve(bytes)) {
            return MessageRing.FULL;
        }
        final long sequence = claimOrFull();
        final long result = sequence < 0 ? MessageRing.FULL : onClaimed(sequence, lengthBytes);
        if (result < 0) {
            oneLap.unreserve(bytes);
            return result;
        }
        final int index = (int)sequence & mask;
        boolean attached = false;
        try {
            oneLap.attach(messages[index], index, lengthBytes, consumers);
            attached = true;
        } finally {
            if (!attached) {
                oneLap.unreserve(bytes);
                cancelClaimed(sequence);
            }
        }
        oversizedClaims.increment();
        return sequence;
    }

    private void checkLength(final int lengthBytes) {
        if (lengthBytes < 0 || lengthBytes > maxMessageSizeBytes) {
            throw new IllegalArgumentException("message length " + lengthBytes + " must be from 0 to maxMessageSizeBytes "
                + maxMessageSizeBytes + " (slot size " + slotSizeBytes + ") of ring '" + name + "'");
        }
    }

    /** See {@link MessageRing#message(long)}. */
    Message message(final long sequence) {
        checkClaimed("message", sequence);
        return messages[(int)sequence & mask];
    }

    /** See {@link MessageRing#newView()}. */
    Message newView() {
        return region.newView();
    }

    /** See {@link MessageRing#message(long, Message)}. */
    Message message(final long sequence, final Message view) {
        if (view == null || view.source() != source || !SlotLifecycle.isSlotView(view)) {
            throw new IllegalArgumentException("message(sequence, view) on ring '" + name
                + "' takes a view from this ring's newView(), got " + view);
        }
        checkClaimed("message", sequence);
        return SlotLifecycle.slotHolders(slots.descriptor(sequence)) != 0 ? messages[(int)sequence & mask]
            : slots.bind(view, sequence);
    }

    /** See {@link MessageRing#publish(long)}. */
    void publish(final long sequence) {
        if (Checks.ENABLED) {
            checkClaimed("publish", sequence);
            SlotLifecycle.publishAt(slots.descriptor(sequence));
        }
        ringBuffer.publish(sequence);
        if (singleProducer && state == CLOSED_STATE) {
            throw publishedAfterClose(sequence);
        }
    }

    private IllegalStateException publishedAfterClose(final long sequence) {
        return new IllegalStateException("sequence " + sequence + " was published after ring '" + name
            + "' closed, so no handler will see it" + (singleProducer
            ? ": a single-producer ring must be closed on its producer thread, or after the producer has stopped"
            : ""));
    }

    /** See {@link MessageRing#cancel(long)}. */
    void cancel(final long sequence) {
        checkClaimed("cancel", sequence);
        cancelClaimed(sequence);
    }

    private void cancelClaimed(final long sequence) {
        final int index = (int)sequence & mask;
        final Message message = messages[index];
        oneLap.release(message, index);
        SlotLifecycle.markSlot(message, MessageDescriptor.KIND_CANCELLED);
        SlotLifecycle.retireSlot(message);
        cancelledClaims.increment();
        ringBuffer.publish(sequence);
    }

    /** See {@link MessageRing#publishControl(long)}. */
    void publishControl(final long sequence) {
        checkClaimed("publishControl", sequence);
        SlotLifecycle.markSlot(messages[(int)sequence & mask], MessageDescriptor.KIND_CONTROL);
        publish(sequence);
    }

    /** See {@link MessageRing#tryFill}. */
    <A> long tryFill(final int lengthBytes, final MessageFiller<A> filler, final A arg) {
        final long sequence = tryClaim(lengthBytes);
        if (sequence < 0) {
            return sequence;
        }
        boolean publish = false;
        try {
            publish = filler.fill(messages[(int)sequence & mask], sequence, arg);
        } finally {
            publishOrCancel(sequence, publish);
        }
        return publish ? sequence : MessageRing.DISCARDED;
    }

    /** The one exit of every claim the ring holds on the caller's behalf: publish, or give it back. */
    private void publishOrCancel(final long sequence, final boolean publish) {
        if (publish) {
            publish(sequence);
        } else {
            cancelClaimed(sequence);
        }
    }

    /** See {@link MessageRing#tryPublish(int, MessageTranslator, Object)}. */
    <A> long tryPublish(final int lengthBytes, final MessageTranslator<A> translator, final A arg) {
        final long sequence = tryClaim(lengthBytes);
        if (sequence >= 0) {
            boolean written = false;
            try {
                translator.translateTo(messages[(int)sequence & mask], sequence, arg);
                written = true;
            } finally {
                publishOrCancel(sequence, written);
            }
        }
        return sequence;
    }

    /** See {@link MessageRing#tryPublish(int, MessageTranslator2, Object, Object)}. */
    <A, B> long tryPublish(
        final int lengthBytes, final MessageTranslator2<A, B> translator, final A arg0, final B arg1) {
        final long sequence = tryClaim(lengthBytes);
        if (sequence >= 0) {
            boolean written = false;
            try {
                translator.translateTo(messages[(int)sequence & mask], sequence, arg0, arg1);
                written = true;
            } finally {
                publishOrCancel(sequence, written);
            }
        }
        return sequence;
    }

    /** With checks on, refuses an operation on a sequence the calling thread has not claimed. */
    private void checkClaimed(final String operation, final long sequence) {
        if (Checks.ENABLED && !SlotLifecycle.claimedAt(slots.descriptor(sequence), sequence)) {
            throw notClaimed(operation, sequence);
        }
    }

    private IllegalStateException notClaimed(final String operation, final long sequence) {
        if (state == CLOSED_STATE) {
            return publishedAfterClose(sequence);
        }
        return new IllegalStateException(operation + "(" + sequence + ") on ring '" + name + "' by thread '"
            + Thread.currentThread().getName() + "': that sequence is not claimed by this thread ("
            + messages[(int)sequence & mask] + ")");
    }
}
