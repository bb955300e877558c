package io.sprocket.ring;

/**
 * A snapshot of a {@link MessageRing}'s figures, filled into an object the caller owns and reuses.
 *
 * <p>Claims and recycled slots are read from the Disruptor's own sequences, so counting them costs
 * the producers nothing. Each figure is read atomically; the set is read one figure after another,
 * in an order that keeps {@code handled <= claims} and {@code recycled <= claims} within one
 * snapshot (see {@link MessageRing#stats(RingStats)}). Two snapshots taken one after the other may
 * differ in every count, the later one larger.
 *
 * <p><b>Note:</b> not thread-safe; one thread fills and reads one instance. Filling
 * ({@link MessageRing#stats(RingStats)}) and reading allocate nothing.
 */
public final class RingStats {
    int ringSize;
    int slotSizeBytes;
    long claims;
    long recycled;
    long handled;
    long fullRejections;
    long closedRejections;
    long cancelled;
    long oversized;
    long oversizedBytesHeld;
    long handlerExceptions;
    long remainingCapacity;

    /** Creates an empty snapshot to be filled by {@link MessageRing#stats(RingStats)}. */
    public RingStats() {
    }

    /**
     * Number of slots.
     *
     * @return the ring size.
     */
    public int ringSize() {
        return ringSize;
    }

    /**
     * Payload capacity of one slot.
     *
     * @return bytes.
     */
    public int slotSizeBytes() {
        return slotSizeBytes;
    }

    /**
     * Slots claimed (the ring as a pool: its acquires), including claims later cancelled.
     *
     * @return a count since the ring was built.
     */
    public long claims() {
        return claims;
    }

    /**
     * Slots every consumer has passed, so they are free again (the ring as a pool: its releases).
     *
     * @return a count since the ring was built.
     */
    public long recycled() {
        return recycled;
    }

    /**
     * Slots claimed and not yet recycled.
     *
     * @return claims minus recycled.
     */
    public long inFlight() {
        return claims - recycled;
    }

    /**
     * Messages the engine's handler has been given (cancelled slots are not counted).
     *
     * @return a count since the ring was built.
     */
    public long handled() {
        return handled;
    }

    /**
     * Claims refused because every slot was in use.
     *
     * @return a count since the ring was built.
     */
    public long fullRejections() {
        return fullRejections;
    }

    /**
     * Claims refused because the ring was closing or closed.
     *
     * @return a count since the ring was built.
     */
    public long closedRejections() {
        return closedRejections;
    }

    /**
     * Claimed slots published empty by {@link MessageRing#cancel(long)}, or by a claim that raced
     * with close.
     *
     * @return a count since the ring was built.
     */
    public long cancelled() {
        return cancelled;
    }

    /**
     * Messages longer than a slot, each given a one-lap buffer.
     *
     * @return a count since the ring was built.
     */
    public long oversized() {
        return oversized;
    }

    /**
     * Off-heap bytes held now by the one-lap buffers of messages longer than a slot (freed as soon
     * as every consumer has passed each one's slot); at most the ring's cap.
     *
     * @return bytes; 0 once no such message is in the ring.
     */
    public long oversizedBytesHeld() {
        return oversizedBytesHeld;
    }

    /**
     * Buffers the ring allocated for claims: one one-lap buffer per {@link #oversized()} message;
     * a claim that fits a slot never allocates.
     *
     * @return a count since the ring was built.
     */
    public long buffersAllocated() {
        return oversized;
    }

    /**
     * Share of claims served without allocating: (claims - buffersAllocated) / claims.
     *
     * @return 0 to 1; 1 when nothing was claimed.
     */
    public double hitRate() {
        return claims == 0 ? 1.0 : (double)(claims - oversized) / claims;
    }

    /**
     * Exceptions thrown by the engine's and readers' handlers, caught by the ring.
     *
     * @return a count since the ring was built.
     */
    public long handlerExceptions() {
        return handlerExceptions;
    }

    /**
     * Slots free for claiming now.
     *
     * @return a count from 0 to the ring size.
     */
    public long remainingCapacity() {
        return remainingCapacity;
    }

    @Override
    public String toString() {
        return "RingStats{ringSize=" + ringSize + ", slotSizeBytes=" + slotSizeBytes + ", claims=" + claims
            + ", recycled=" + recycled + ", inFlight=" + inFlight() + ", handled=" + handled
            + ", fullRejections=" + fullRejections + ", closedRejections=" + closedRejections
            + ", cancelled=" + cancelled + ", oversized=" + oversized + ", oversizedBytesHeld=" + oversizedBytesHeld
            + ", hitRate=" + hitRate()
            + ", handlerExceptions=" + handlerExceptions + ", remainingCapacity=" + remainingCapacity + '}';
    }
}
