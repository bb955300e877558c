package io.sprocket.message;

import java.nio.ByteBuffer;

import org.agrona.BufferUtil;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The views of a message's wire range: its one job is pointing a {@link Message}'s wire buffer, byte
 * buffer and payload view at the memory the message uses now (its own, a one-lap buffer a ring
 * attached for one lap, or nothing once unmapped) and keeping its wire capacity in step. It works on
 * the message's view fields, which are package-private for it.
 *
 * <p><b>Note:</b> static and stateless; called by the thread that may touch the message (its source
 * as it builds, claims, recycles or closes it; its owner when the payload view follows the
 * descriptor). Allocates nothing, except {@link #complete}, which creates a message's wire views
 * once.
 */
final class WireViews {
    /** The memory of an unmapped message, and of a view not yet bound: none. */
    static final ByteBuffer NO_MEMORY = ByteBuffer.allocateDirect(0);
    /** Where an unmapped message's descriptor points once its memory is freed: always released. */
    private static final ByteBuffer RELEASED_DESCRIPTOR =
        BufferUtil.allocateDirectAligned(MessageDescriptor.LENGTH_BYTES, MessageDescriptor.ALIGNMENT);

    private WireViews() {
    }

    /**
     * Creates the views a two-pass construction left for later: the wire range as a buffer and a view.
     *
     * @param m      the message.
     * @param memory the message's own memory, starting where it starts.
     */
    static void complete(final Message m, final ByteBuffer memory) {
        m.home = memory.slice(0, m.wireCapacity);
        m.storage = new UnsafeBuffer(m.home, 0, m.wireCapacity);
    }

    /**
     * Points the payload view at {@code offset} of the wire range in use, up to its end.
     *
     * @param m      the message.
     * @param offset the payload offset.
     */
    static void pointPayloadAt(final Message m, final int offset) {
        final Message owner = m.owner();
        m.payloadViewOffset = offset;
        if (m.payload instanceof PayloadView) {
            // A view's payload stays a raw-address buffer, so that binding it moves only its address.
            ((PayloadView)m.payload).moveTo(BufferUtil.address(owner.home) + offset, owner.wireCapacity - offset);
        } else {
            m.payload.wrap(owner.attached != null ? owner.attached : owner.home, offset, owner.wireCapacity - offset);
        }
    }

    /**
     * Points a view at a ring slot whose wire range is the slot's own memory (it holds no one-lap
     * buffer): the slot's index (through which the view finds the slot's message for the wire
     * views and the address), its descriptor, and its payload at the header room. Writes the view's
     * fields only, none of them a reference to another object.
     *
     * @param view            a view of the slot's source.
     * @param index           the slot's index.
     * @param descriptor      the slot's descriptor address.
     * @param payloadAddress  the address of the slot's payload (its memory plus the header room).
     * @param payloadCapacity the slot's payload capacity.
     * @return the view.
     */
    static Message bind(final Message view, final int index, final long descriptor, final long payloadAddress,
        final int payloadCapacity) {
        view.index = index;
        view.descriptorAddress = descriptor;
        view.payloadViewOffset = view.headerRoom;
        ((PayloadView)view.payload).moveTo(payloadAddress, payloadCapacity);
        return view;
    }

    /**
     * Points the views at a one-lap buffer.
     *
     * @param m      the message.
     * @param memory direct memory of header room plus the payload capacity needed.
     */
    static void attach(final Message m, final ByteBuffer memory) {
        m.attached = memory;
        m.wireCapacity = memory.capacity();
        m.storage.wrap(memory, 0, m.wireCapacity);
        pointPayloadAt(m, Descriptors.getInt(m.descriptorAddress, MessageDescriptor.PAYLOAD_OFFSET));
    }

    /**
     * Points the views back at the message's own memory and forgets the one-lap buffer.
     *
     * @param m the message.
     * @return true when a buffer was attached.
     */
    static boolean detach(final Message m) {
        if (m.attached == null) {
            return false;
        }
        m.attached = null;
        m.wireCapacity = m.home.capacity();
        m.storage.wrap(m.home, 0, m.wireCapacity);
        pointPayloadAt(m, Descriptors.getInt(m.descriptorAddress, MessageDescriptor.PAYLOAD_OFFSET));
        return true;
    }

    /**
     * Points the views at nothing and the descriptor at a shared released one, so that a stale
     * reference fails a check instead of touching memory that is about to be freed.
     *
     * @param m the message.
     */
    static void unmap(final Message m) {
        m.attached = null;
        m.wireCapacity = 0;
        m.descriptorAddress = BufferUtil.address(RELEASED_DESCRIPTOR);
        m.storage.wrap(NO_MEMORY, 0, 0);
        if (m.payload instanceof PayloadView) {
            ((PayloadView)m.payload).moveTo(0L, 0);
        } else {
            m.payload.wrap(NO_MEMORY, 0, 0);
        }
        m.payloadViewOffset = 0;
    }
}
