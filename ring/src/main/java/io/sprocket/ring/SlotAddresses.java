package io.sprocket.ring;

import io.sprocket.message.Message;

/**
 * Where each slot's memory lives in the ring's region, {@code base + (sequence & mask) x stride}: its
 * descriptor, where a producer claims and a consumer reads the slot's kind and holders, and its
 * payload, where {@link #bind} points a view. Both touch only the slot's own memory (the descriptor
 * shares its cache line with a small payload) and no per-slot heap object.
 *
 * <p><b>Note:</b> immutable; any thread (a view it binds belongs to the caller); allocates nothing.
 * Valid while the region is (the ring frees it only after its producers and consumers have stopped).
 */
final class SlotAddresses {
    private final long base;
    private final long descriptorOffset;
    private final long stride;
    private final int mask;
    private final int headerRoom;
    private final int payloadCapacity;

    SlotAddresses(final long regionAddress, final long descriptorOffset, final long stride, final int ringSize,
        final int headerRoom, final int payloadCapacity) {
        this.base = regionAddress;
        this.descriptorOffset = descriptorOffset;
        this.stride = stride;
        this.mask = ringSize - 1;
        this.headerRoom = headerRoom;
        this.payloadCapacity = payloadCapacity;
    }

    /** The address of the descriptor of the slot that holds {@code sequence}. */
    long descriptor(final long sequence) {
        return base + ((int)sequence & mask) * stride + descriptorOffset;
    }

    /** The header room of every slot. */
    int headerRoom() {
        return headerRoom;
    }

    /**
     * Points {@code view} at the slot that holds {@code sequence}: the slot must hold no one-lap
     * buffer (its holders are 0), since a view shows the slot's own memory.
     */
    Message bind(final Message view, final long sequence) {
        final int index = (int)sequence & mask;
        final long start = base + index * stride;
        return SlotLifecycle.bindSlotView(view, index, start + descriptorOffset, start + headerRoom, payloadCapacity);
    }
}
