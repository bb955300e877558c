package io.sprocket.ring;

/**
 * Where each slot's descriptor lives in the ring's region: {@code base + (sequence & mask) x stride}.
 * A consumer reads a slot's kind and holders from there, touching only the slot's own cache line
 * (the descriptor shares it with a small payload) and not the slot's heap message object.
 *
 * <p><b>Note:</b> immutable; any thread; allocates nothing. Valid while the region is (the ring
 * frees it only after its consumers have stopped).
 */
final class SlotAddresses {
    private final long base;
    private final long stride;
    private final int mask;

    SlotAddresses(final long regionAddress, final long descriptorOffset, final long stride, final int ringSize) {
        this.base = regionAddress + descriptorOffset;
        this.stride = stride;
        this.mask = ringSize - 1;
    }

    /** The address of the descriptor of the slot that holds {@code sequence}. */
    long descriptor(final long sequence) {
        return base + ((int)sequence & mask) * stride;
    }
}
