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
    private static final ByteBuffer NO_MEMORY = ByteBuffer.allocateDirect(0);
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
        m.payloadViewOffset = offset;
        m.payload.wrap(m.attached != null ? m.attached : m.home, offset, m.wireCapacity - offset);
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
        m.payload.wrap(NO_MEMORY, 0, 0);
        m.payloadViewOffset = 0;
    }
}
