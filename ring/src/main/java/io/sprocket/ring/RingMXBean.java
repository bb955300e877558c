package io.sprocket.ring;

/**
 * A ring's figures for JMX, registered by {@link MessageRing#start()} as
 * {@code io.sprocket:type=Ring,name=<ring name>} and unregistered by close. The figures are those
 * of {@link RingStats}.
 *
 * <p><b>Note:</b> called by JMX threads; each attribute read takes a fresh snapshot (which
 * allocates: JMX itself allocates, and this is not a hot path).
 */
public interface RingMXBean {
    /**
     * The ring's name.
     *
     * @return the name.
     */
    String getName();

    /**
     * See {@link RingStats#ringSize()}.
     *
     * @return the ring size.
     */
    int getRingSize();

    /**
     * See {@link RingStats#slotSizeBytes()}.
     *
     * @return bytes.
     */
    int getSlotSizeBytes();

    /**
     * See {@link RingStats#claims()}.
     *
     * @return a count.
     */
    long getClaims();

    /**
     * See {@link RingStats#recycled()}.
     *
     * @return a count.
     */
    long getRecycled();

    /**
     * See {@link RingStats#inFlight()}.
     *
     * @return a count.
     */
    long getInFlight();

    /**
     * See {@link RingStats#handled()}.
     *
     * @return a count.
     */
    long getHandled();

    /**
     * See {@link RingStats#fullRejections()}.
     *
     * @return a count.
     */
    long getFullRejections();

    /**
     * See {@link RingStats#closedRejections()}.
     *
     * @return a count.
     */
    long getClosedRejections();

    /**
     * See {@link RingStats#cancelled()}.
     *
     * @return a count.
     */
    long getCancelled();

    /**
     * See {@link RingStats#oversized()}.
     *
     * @return a count.
     */
    long getOversized();

    /**
     * See {@link RingStats#buffersAllocated()}.
     *
     * @return a count.
     */
    long getBuffersAllocated();

    /**
     * See {@link RingStats#hitRate()}.
     *
     * @return 0 to 1.
     */
    double getHitRate();

    /**
     * See {@link RingStats#handlerExceptions()}.
     *
     * @return a count.
     */
    long getHandlerExceptions();

    /**
     * See {@link RingStats#remainingCapacity()}.
     *
     * @return a count.
     */
    long getRemainingCapacity();
}
