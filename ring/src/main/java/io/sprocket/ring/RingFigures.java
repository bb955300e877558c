package io.sprocket.ring;

/**
 * A ring's figures as JMX shows them: the attributes of {@link RingMXBean}, each read at its own
 * moment, and the items of its {@link RingMXBean#getSnapshot() Snapshot}, all read at one moment.
 * The figures are those of {@link RingStats}.
 *
 * <p><b>Note:</b> a view for JMX; its getters are called by JMX threads and allocate nothing
 * beyond what the bean they belong to says.
 */
public interface RingFigures {
    /**
     * The ring's name.
     *
     * @return the name.
     */
    @Described(value = "The ring's name, which also names its threads and its clone pool.", units = "text")
    String getName();

    /**
     * See {@link RingStats#ringSize()}.
     *
     * @return slots.
     */
    @Described(value = "Slots in the ring: the most messages that can be claimed and not yet recycled.", units = "slots")
    int getRingSize();

    /**
     * See {@link RingStats#slotSizeBytes()}.
     *
     * @return bytes.
     */
    @Described(value = "Payload bytes one slot holds; a longer message gets a buffer of its own for one lap.",
        units = "bytes")
    int getSlotSizeBytes();

    /**
     * See {@link RingStats#claims()}.
     *
     * @return slots.
     */
    @Described(value = "Slots producers have claimed since the ring was built, cancelled claims and control events"
        + " included." + Described.ALONE, units = "slots")
    long getClaims();

    /**
     * See {@link RingStats#recycled()}.
     *
     * @return slots.
     */
    @Described(value = "Slots every consumer has passed since the ring was built, so they could be claimed again."
        + Described.ALONE, units = "slots")
    long getRecycled();

    /**
     * See {@link RingStats#inFlight()}.
     *
     * @return slots.
     */
    @Described(value = "Slots claimed and not yet recycled now (Claims minus Recycled).", units = "slots")
    long getInFlight();

    /**
     * See {@link RingStats#handled()}.
     *
     * @return messages.
     */
    @Described(value = "Messages the engine's handler has been given since the ring was built (cancelled claims"
        + " and control events not counted)." + Described.ALONE, units = "messages")
    long getHandled();

    /**
     * See {@link RingStats#fullRejections()}.
     *
     * @return claims.
     */
    @Described(value = "Claims answered FULL since the ring was built: a tryClaim that found every slot in use, or"
        + " a claim that waited its whole timeout." + Described.ALONE, units = "claims")
    long getFullRejections();

    /**
     * See {@link RingStats#closedRejections()}.
     *
     * @return claims.
     */
    @Described(value = "Claims answered CLOSED since the ring was built, because it was closing or closed." + Described.ALONE,
        units = "claims")
    long getClosedRejections();

    /**
     * See {@link RingStats#cancelled()}.
     *
     * @return claims.
     */
    @Described(value = "Claimed slots published empty since the ring was built: cancelled by their producer, or"
        + " claimed as the ring closed." + Described.ALONE, units = "claims")
    long getCancelled();

    /**
     * See {@link RingStats#oversized()}.
     *
     * @return messages.
     */
    @Described(value = "Messages longer than a slot since the ring was built, each given a buffer of its own for"
        + " one lap." + Described.ALONE, units = "messages")
    long getOversized();

    /**
     * See {@link RingStats#oversizedBytesHeld()}.
     *
     * @return bytes.
     */
    @Described(value = "Off-heap bytes held now by the one-lap buffers of messages longer than a slot; 0 once"
        + " every consumer has passed them.", units = "bytes")
    long getOversizedBytesHeld();

    /**
     * See {@link RingStats#buffersAllocated()}.
     *
     * @return buffers.
     */
    @Described(value = "Buffers the ring allocated for claims since it was built: one per message longer than a"
        + " slot; a claim that fits a slot allocates nothing." + Described.ALONE, units = "buffers")
    long getBuffersAllocated();

    /**
     * See {@link RingStats#hitRate()}.
     *
     * @return 0 to 1.
     */
    @Described(value = "Share of claims served without allocating: (Claims - BuffersAllocated) / Claims; 1 before"
        + " the first claim.", units = "ratio")
    double getHitRate();

    /**
     * See {@link RingStats#handlerExceptions()}.
     *
     * @return exceptions.
     */
    @Described(value = "Exceptions the engine's and readers' handlers threw since the ring was built, each caught"
        + " and reported to the ring's error listener." + Described.ALONE, units = "exceptions")
    long getHandlerExceptions();

    /**
     * See {@link RingStats#remainingCapacity()}.
     *
     * @return slots.
     */
    @Described(value = "Slots free for claiming now.", units = "slots")
    long getRemainingCapacity();
}
