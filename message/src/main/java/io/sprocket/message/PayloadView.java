package io.sprocket.message;

import org.agrona.concurrent.UnsafeBuffer;

/**
 * A view's payload buffer: an {@link UnsafeBuffer} over raw off-heap memory (no byte array, no
 * {@code ByteBuffer}) that a ring's view moves from slot to slot by its address alone, one store
 * where a full {@code wrap} writes five fields, two of them references.
 *
 * <p><b>Note:</b> used by the thread that owns its view; allocates nothing after construction.
 */
final class PayloadView extends UnsafeBuffer {
    PayloadView() {
        super(0L, 0);
    }

    /**
     * Points the buffer at {@code length} bytes from {@code address}.
     *
     * @param address the first byte.
     * @param length  the bytes it covers.
     */
    void moveTo(final long address, final int length) {
        addressOffset = address;
        if (capacity != length) {
            capacity = length;
        }
    }
}
