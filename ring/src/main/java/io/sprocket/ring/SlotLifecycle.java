package io.sprocket.ring;

import java.nio.ByteBuffer;

import io.sprocket.message.BufferPool;
import io.sprocket.message.Message;
import io.sprocket.message.MessageSource;

/**
 * The lifecycle of the ring's slot messages: the ring's {@link MessageSource}, which names its slots
 * in error messages, and the package's access to the lifecycle operations that {@code MessageSource}
 * keeps protected (create a slot's message, or a view, and point a view at a slot; claim, mark,
 * publish and retire a slot; its kind and holders; attach and detach a one-lap buffer; unmap at
 * close).
 *
 * <p><b>Note:</b> the static operations touch only the message (or descriptor) passed, allocate
 * nothing (except {@link #newSlot} and {@link #newSlotView}) and run on whichever thread holds the
 * slot, as {@link MessageRing} documents.
 */
final class SlotLifecycle extends MessageSource {
    SlotLifecycle(final String ringName) {
        super(ringName);
    }

    /** A slot released early by its handler: the ring recycles it with its sequence anyway. */
    @Override
    protected void onRelease(final Message message) {
    }

    @Override
    protected String describe(final int index) {
        return "ring '" + name() + "' slot " + index;
    }

    static Message newSlot(final SlotLifecycle slots, final BufferPool clonePool, final int index, final ByteBuffer region,
        final int offset, final int headerRoom, final int slotSizeBytes) {
        return newPartialMessage(slots, clonePool, index, region, offset, headerRoom, slotSizeBytes, true);
    }

    static void completeSlot(final Message message, final ByteBuffer memory) {
        completeMessage(message, memory);
    }

    static int kindOf(final Message message) {
        return kind(message);
    }

    static void markSlot(final Message message, final int kind) {
        kind(message, kind);
    }

    static int holdersOf(final Message message) {
        return holders(message);
    }

    static void setHolders(final Message message, final int count) {
        holders(message, count);
    }

    static int passHolder(final Message message) {
        return dropHolder(message);
    }

    static void claimSlot(final long descriptor, final int headerRoom, final Message slot, final long sequence,
        final int lengthBytes) {
        claim(descriptor, headerRoom, slot, sequence, lengthBytes);
    }

    static Message newSlotView(final SlotLifecycle slots, final BufferPool clonePool, final int headerRoom,
        final Message[] messages) {
        return newView(slots, clonePool, headerRoom, messages);
    }

    static boolean isSlotView(final Message message) {
        return isView(message);
    }

    static Message bindSlotView(final Message view, final int index, final long descriptor, final long payloadAddress,
        final int payloadCapacity) {
        return MessageSource.bindView(view, index, descriptor, payloadAddress, payloadCapacity);
    }

    static int slotKind(final long descriptor) {
        return MessageSource.kindAt(descriptor);
    }

    static int slotHolders(final long descriptor) {
        return MessageSource.holdersAt(descriptor);
    }

    static boolean claimedAt(final long descriptor, final long sequence) {
        return isClaimedAt(descriptor, sequence);
    }

    static void publishAt(final long descriptor) {
        publish(descriptor);
    }

    static void retireSlot(final Message message) {
        retire(message);
    }

    static void attachSlot(final Message message, final ByteBuffer memory) {
        attach(message, memory);
    }

    static boolean detachSlot(final Message message) {
        return detach(message);
    }

    static void unmapSlot(final Message message) {
        unmap(message);
    }
}
