package io.sprocket.message;

/**
 * The copy behind {@link Message#clone()}: its one job is copying a message's header, payload, peer
 * id and address into a message acquired from a clone pool, so that the copy can outlive the
 * original (a ring slot that its handler must let go).
 *
 * <p><b>Note:</b> static and stateless; called by the thread that may touch the original (the
 * caller has checked that). Allocates only what the pool's acquire allocates on a miss, and the
 * exception when there is no pool or the header does not fit its header room.
 */
final class Clones {
    private Clones() {
    }

    /**
     * Copies a message into one of {@code pool}.
     *
     * @param m    the original.
     * @param pool its source's clone pool, or null.
     * @return the copy, owned by the caller.
     * @throws IllegalStateException when {@code pool} is null or the header does not fit its header room.
     */
    static Message copy(final Message m, final BufferPool pool) {
        if (pool == null) {
            throw new IllegalStateException(m + " has no clone pool");
        }
        final long d = m.descriptorAddress;
        final int length = Descriptors.getInt(d, MessageDescriptor.LENGTH);
        final int headerLength = Descriptors.getInt(d, MessageDescriptor.HEADER_LENGTH);
        final Message copy = pool.acquire(length);
        final int copyOffset = copy.headerRoom;
        if (headerLength > copyOffset) {
            copy.release();
            throw new IllegalStateException("header of " + headerLength + " bytes of " + m
                + " does not fit the " + copyOffset + " header bytes of pool " + pool.name());
        }
        copy.storage.putBytes(copyOffset - headerLength, m.owner().storage,
            Descriptors.getInt(d, MessageDescriptor.PAYLOAD_OFFSET) - headerLength, headerLength + length);
        final long c = copy.descriptorAddress;
        Descriptors.putInt(c, MessageDescriptor.HEADER_LENGTH, headerLength);
        Descriptors.putLong(c, MessageDescriptor.PEER_ID, Descriptors.getLong(d, MessageDescriptor.PEER_ID));
        Reuse.addr(copy, m.owner().addr);
        return copy;
    }
}
