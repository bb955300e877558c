package io.sprocket.ring;

import java.nio.ByteBuffer;
import java.util.ArrayList;

import org.agrona.BufferUtil;

import io.sprocket.message.BufferPool;
import io.sprocket.message.InfraConfig;
import io.sprocket.message.Message;
import io.sprocket.message.MessageDescriptor;

/**
 * The ring's off-heap region of slots: one direct buffer, allocated when the ring is built, whose
 * 64-byte-aligned part holds {@code ringSize} slots of {@code headerRoom + slotSize} bytes plus the
 * descriptor, each rounded to a cache line; the slots' messages over it; where each slot's memory
 * is; and the views that producers and consumers point at one slot after another. Freed explicitly
 * at close.
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
    /** Where each slot's memory is, for the producers and the consumers. */
    private final SlotAddresses addresses;
    private final SlotLifecycle source;
    private final BufferPool clonePool;
    private final int headerRoom;
    /** Every view handed out, unmapped with the slots at close; guarded by its own lock. */
    private final ArrayList<Message> views = new ArrayList<>();
    private final String ringName;

    SlotRegion(final String ringName, final BufferPool clonePool, final int ringSize, final int headerRoom,
        final int slotSizeBytes) {
        this.ringName = ringName;
        this.source = new SlotLifecycle(ringName);
        this.clonePool = clonePool;
        this.headerRoom = headerRoom;
        final int stride = (int)InfraConfig.slotStrideBytes(slotSizeBytes, headerRoom);
        this.owner = ByteBuffer.allocateDirect(stride * ringSize + ALIGNMENT);
        final int skip = (int)(-BufferUtil.address(owner) & (ALIGNMENT - 1));
        final ByteBuffer region = owner.slice(skip, stride * ringSize);
        this.addresses = new SlotAddresses(BufferUtil.address(region),
            MessageDescriptor.descriptorOffset(headerRoom, slotSizeBytes), stride, ringSize, headerRoom, slotSizeBytes);
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

    /** The slots' source: every slot message's and every view's. */
    SlotLifecycle source() {
        return source;
    }

    /** Where each slot's memory is. */
    SlotAddresses addresses() {
        return addresses;
    }

    /**
     * A new view of the slots, for one consumer or one producer thread; unmapped with the slots at
     * close. Allocates the view; any thread.
     */
    Message newView() {
        synchronized (views) {
            if (views.size() >= MessageRing.MAX_VIEWS) {
                throw new IllegalStateException("ring '" + ringName + "' has handed out " + views.size()
                    + " views, its bound (MessageRing.MAX_VIEWS): make one view per producer thread and keep it,"
                    + " not one per message");
            }
            final Message view = SlotLifecycle.newSlotView(source, clonePool, headerRoom, messages);
            views.add(view);
            return view;
        }
    }

    /**
     * Detaches every slot's one-lap buffer, retires and unmaps every slot's message and every view
     * (so that a stale reference fails a check instead of touching freed memory), then frees the
     * region.
     */
    void free(final OneLapBuffers oneLap) {
        for (int i = 0; i < messages.length; i++) {
            oneLap.release(messages[i], i);
            SlotLifecycle.retireSlot(messages[i]);
            SlotLifecycle.unmapSlot(messages[i]);
        }
        synchronized (views) {
            for (int i = 0; i < views.size(); i++) {
                SlotLifecycle.unmapSlot(views.get(i));
            }
        }
        BufferUtil.free(owner);
    }
}
