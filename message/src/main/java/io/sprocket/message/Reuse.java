package io.sprocket.message;

import java.nio.ByteOrder;

/**
 * The reset of a descriptor's per-use fields: its one job is preparing them for a message's next
 * use (a pool acquire or a ring claim) while writing only the fields whose value changes, so a
 * claim that finds them as wanted leaves the slot's line clean.
 *
 * <p><b>Note:</b> static and stateless; called by the thread starting the use (the acquiring or
 * claiming thread), before the state word says the message is in use. Allocates nothing.
 */
final class Reuse {
    private static final boolean NATIVE_LITTLE_ENDIAN = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;

    private Reuse() {
    }

    /**
     * Resets length, header length, payload offset, kind and peer id, writing only those that
     * differ: the length and header length are compared as the one long they share, the payload
     * offset and kind likewise.
     *
     * @param d           the descriptor's address.
     * @param lengthBytes the new payload length.
     * @param headerRoom  the message's header room: the payload offset of a fresh use.
     */
    static void reset(final long d, final int lengthBytes, final int headerRoom) {
        final long lengths = pair(lengthBytes, 0);
        if (Descriptors.getLong(d, MessageDescriptor.LENGTH) != lengths) {
            Descriptors.putLong(d, MessageDescriptor.LENGTH, lengths);
        }
        final long offsetAndKind = pair(headerRoom, MessageDescriptor.KIND_DATA);
        if (Descriptors.getLong(d, MessageDescriptor.PAYLOAD_OFFSET) != offsetAndKind) {
            Descriptors.putLong(d, MessageDescriptor.PAYLOAD_OFFSET, offsetAndKind);
        }
        if (Descriptors.getLong(d, MessageDescriptor.PEER_ID) != 0) {
            Descriptors.putLong(d, MessageDescriptor.PEER_ID, 0);
        }
    }

    /** Two adjacent descriptor ints, {@code first} at the lower offset, as the native-order long holding both. */
    private static long pair(final int first, final int second) {
        return NATIVE_LITTLE_ENDIAN
            ? (first & 0xFFFF_FFFFL) | ((long)second << 32)
            : ((long)first << 32) | (second & 0xFFFF_FFFFL);
    }
}
