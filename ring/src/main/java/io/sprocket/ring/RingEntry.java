package io.sprocket.ring;

/**
 * The Disruptor's event object for a Sprocket ring: one shared instance stands in every entry of
 * the {@code RingBuffer}, because a slot's memory, descriptor and message are found by its sequence
 * ({@link SlotAddresses}, the region's messages), not through the Disruptor's entries. The poller
 * reads an entry (and checks its type) for each slot it hands out; with one shared entry that read
 * stays in the consumer's cache instead of touching one heap object per slot.
 *
 * <p><b>Note:</b> stateless and immutable; any thread; allocated once.
 */
final class RingEntry {
    /** The one entry of every ring. */
    static final RingEntry SHARED = new RingEntry();

    private RingEntry() {
    }

    @Override
    public String toString() {
        return "RingEntry";
    }
}
