package io.sprocket.ring;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

import org.agrona.BufferUtil;

import io.sprocket.message.Message;

/**
 * The ring's buffers for messages longer than a slot: a direct buffer of the message's size is
 * attached to the slot for one lap, and freed as soon as every consumer has passed the slot (the
 * last one frees it, counted down in the slot's descriptor), not when the slot is next claimed. The
 * bytes they hold at once are capped: a claim that would go over the cap is refused as full, and a
 * waiting claim waits, as it does for a slot.
 *
 * <p><b>Note:</b> {@link #reserve}, {@link #attach} and {@link #release} run on producer threads,
 * {@link #onPassed} on consumer threads; the byte count is atomic, a slot's buffer is touched only by
 * the thread that holds the slot (its producer, then the last consumer to pass it). Attaching
 * allocates the buffer; nothing else allocates.
 */
final class OneLapBuffers {
    private static final int ALIGNMENT = 64;

    private final ByteBuffer[] owners;
    private final long maxBytes;
    private final int headerRoom;
    private final AtomicLong bytesHeld = new AtomicLong();
    /** {@code ByteBuffer::allocateDirect}, or a test's stand-in that fails on demand. */
    private final IntFunction<ByteBuffer> allocator;

    OneLapBuffers(final int ringSize, final long maxBytes, final int headerRoom, final IntFunction<ByteBuffer> allocator) {
        this.owners = new ByteBuffer[ringSize];
        this.maxBytes = maxBytes;
        this.headerRoom = headerRoom;
        this.allocator = allocator;
    }

    /** Bytes the buffer for a message of {@code lengthBytes} takes, counted against the cap. */
    long bytesFor(final int lengthBytes) {
        return headerRoom + (long)lengthBytes + ALIGNMENT;
    }

    /** Takes {@code bytes} out of the cap; false, taking nothing, when they do not fit. */
    boolean reserve(final long bytes) {
        long held;
        do {
            held = bytesHeld.get();
            if (held + bytes > maxBytes) {
                return false;
            }
        } while (!bytesHeld.compareAndSet(held, held + bytes));
        return true;
    }

    /** Gives back a reservation that was not used (the claim failed, or the allocation did). */
    void unreserve(final long bytes) {
        bytesHeld.addAndGet(-bytes);
    }

    /**
     * Allocates the buffer for a claimed slot (its bytes already reserved) and attaches it for this
     * lap, to be freed once {@code consumers} consumers have passed the slot.
     *
     * @throws OutOfMemoryError when direct memory is exhausted; nothing is attached then.
     */
    void attach(final Message message, final int index, final int lengthBytes, final int consumers) {
        final int bytes = headerRoom + lengthBytes;
        final ByteBuffer owner = allocator.apply(bytes + ALIGNMENT);
        final int skip = (int)(-BufferUtil.address(owner) & (ALIGNMENT - 1));
        SlotLifecycle.attachSlot(message, owner.slice(skip, bytes));
        owners[index] = owner;
        SlotLifecycle.setHolders(message, consumers);
    }

    /** A consumer has finished with the slot: the last one to pass a slot with a buffer frees it. */
    void onPassed(final Message message, final int index) {
        if (SlotLifecycle.holdersOf(message) != 0 && SlotLifecycle.passHolder(message) == 0) {
            release(message, index);
        }
    }

    /** Detaches and frees the slot's buffer now, if it has one (a cancelled claim, or close). */
    void release(final Message message, final int index) {
        final ByteBuffer owner = owners[index];
        SlotLifecycle.setHolders(message, 0);
        if (SlotLifecycle.detachSlot(message) && owner != null) {
            owners[index] = null;
            final long bytes = owner.capacity();
            BufferUtil.free(owner);
            bytesHeld.addAndGet(-bytes);
        }
    }

    /** Bytes the attached buffers hold now (and reservations in progress). */
    long bytesHeld() {
        return bytesHeld.get();
    }

    /** The cap on {@link #bytesHeld()}. */
    long maxBytes() {
        return maxBytes;
    }
}
