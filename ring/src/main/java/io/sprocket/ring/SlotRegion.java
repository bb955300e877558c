package io.sprocket.ring;

import java.nio.ByteBuffer;

import org.agrona.BufferUtil;

import io.sprocket.message.BufferPool;
import io.sprocket.message.InfraConfig;
import io.sprocket.message.Message;
import io.sprocket.message.MessageDescriptor;

/**
 * The ring's off-heap region of slots: one direct buffer, allocated when the ring is built, whose
 * 64-byte-aligned part holds {@code ringSize} slots of {@code headerRoom + slotSize} bytes plus the
 * descriptor, each rounded to a cache line; the slots' messages over it; and where each slot's
 * descriptor is. Freed explicitly at close.
 *
 * <p><b>Note:</b> built on the building thread, which allocates everything here; the messages are
 * then used as {@link MessageRing} documents. {@link #free} is called once, by the close, and only
 * when no producer or consumer can touch a slot any more.
 */
final class SlotRegion {
    private static final int ALIGNMENT = 64;

    /** The direct buffer allocated for the slots (freed at close); the slots are slices of its aligned part. */
    private final ByteBuffer owner;
    private final Message[] messages;
    /** Where each slot's descriptor is, for the consumers. */
    private final SlotAddresses addresses;

    SlotRegion(final String ringName, final BufferPool clonePool, final int ringSize, final int headerRoom,
        final int slotSizeBytes) {
        final SlotLifecycle source = new SlotLifecycle(ringName);
        final int stride = (int)InfraConfig.slotStrideBytes(slotSizeBytes, headerRoom);
        this.owner = ByteBuffer.allocateDirect(stride * ringSize + ALIGNMENT);
        final int skip = (int)(-BufferUtil.address(owner) & (ALIGNMENT - 1));
        final ByteBuffer region = owner.slice(skip, stride * ringSize);
        this.addresses = new SlotAddresses(BufferUtil.address(region),
            MessageDescriptor.descriptorOffset(headerRoom, slotSizeBytes), stride, ringSize);
        this.messages = new Message[ringSize];
        // Two passes: every slot's message and payload view first, side by side in the heap (what a
        // claim, a publish and a handler touch), then the views only transports and headers use.
        for (int i = 0; i < ringSize; i++) {
            messages[i] = SlotLifecycle.newSlot(source, clonePool, i, region, i * stride, headerRoom, slotSizeBytes);
        }
        for (int i = 0; i < ringSize; i++) {
            SlotLifecycle.completeSlot(messages[i], region.slice(i * stride, stride));
        }
    }

    /** The slots' messages, by index (the array itself: the producers and the close index it directly). */
    Message[] messages() {
        return messages;
    }

    /** Where each slot's descriptor is. */
    SlotAddresses addresses() {
        return addresses;
    }

    /**
     * Detaches every slot's one-lap buffer, retires and unmaps every slot's message (so that a stale
     * reference fails a check instead of touching freed memory), then frees the region.
     */
    void free(final OneLapBuffers oneLap) {
        for (int i = 0; i < messages.length; i++) {
            oneLap.release(messages[i], i);
            SlotLifecycle.retireSlot(messages[i]);
            SlotLifecycle.unmapSlot(messages[i]);
        }
        BufferUtil.free(owner);
    }
}
