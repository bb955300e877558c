package io.sprocket.message;

import java.nio.ByteOrder;

/**
 * The start of a message's next use: its one job is preparing the per-use fields (descriptor and
 * address) for a pool acquire or a ring claim, writing only the fields whose value changes (so a
 * claim that finds them as wanted leaves the slot's line clean), then marking the new state in the
 * {@link StateWord}; giving a new message's descriptor its first values; and setting the address
 * together with the descriptor flag that lets a claim skip the heap.
 *
 * <p><b>Note:</b> static and stateless; called by the thread starting the use (the acquiring or
 * claiming thread), or by the constructor. Allocates nothing.
 */
final class Reuse {
    private static final boolean NATIVE_LITTLE_ENDIAN = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;

    private Reuse() {
    }

    /**
     * A new message's descriptor: zeroed, payload at the header room, no sequence yet, released.
     *
     * @param d          the descriptor's address.
     * @param headerRoom the message's header room.
     */
    static void init(final long d, final int headerRoom) {
        Descriptors.clear(d);
        Descriptors.putInt(d, MessageDescriptor.PAYLOAD_OFFSET, headerRoom);
        Descriptors.putLong(d, MessageDescriptor.TOKEN, -1);
        StateWord.init(d);
    }

    /**
     * A pool acquire: resets the per-use fields and marks the message acquired, next generation.
     *
     * @param m           a released message of a pool.
     * @param lengthBytes the payload length.
     */
    static void onAcquire(final Message m, final int lengthBytes) {
        reset(m.descriptorAddress, m.headerRoom, m, lengthBytes);
        StateWord.acquired(m.descriptorAddress);
    }

    /**
     * A ring claim: resets the per-use fields and marks the slot claimed by the calling thread.
     * With checks off it writes only the descriptor fields whose value changes (usually just the
     * length, often nothing), and touches the slot's message only when an address was set (see
     * {@link StateWord#claimed}): the ring passes the descriptor's address and its own header room,
     * so a claim reads the slot's memory and nothing of the heap.
     *
     * @param d           the slot's descriptor address.
     * @param headerRoom  the ring's header room.
     * @param slot        the slot's message, whose address is cleared if one was set.
     * @param sequence    the ring sequence.
     * @param lengthBytes the payload length.
     */
    static void onClaim(final long d, final int headerRoom, final Message slot, final long sequence,
        final int lengthBytes) {
        reset(d, headerRoom, slot, lengthBytes);
        StateWord.claimed(d, sequence);
    }

    /**
     * Sets or clears a message's address, in the message that owns its memory, and the descriptor's
     * flag saying whether one is set.
     *
     * @param m       the message, or a view bound to it.
     * @param address the address, or null.
     */
    static void addr(final Message m, final Addr address) {
        m.owner().addr = address;
        Descriptors.putInt(m.descriptorAddress, MessageDescriptor.FLAGS, address == null ? 0 : MessageDescriptor.FLAG_ADDR);
    }

    /**
     * Resets length, header length, payload offset, kind and peer id, writing only those that
     * differ: the length and header length are compared as the one long they share, the payload
     * offset and kind likewise. The address, the one per-use field on the heap, only when the
     * descriptor's flags say it is set.
     */
    private static void reset(final long d, final int headerRoom, final Message owner, final int lengthBytes) {
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
        if (Descriptors.getInt(d, MessageDescriptor.FLAGS) != 0) {
            owner.addr = null;
            Descriptors.putInt(d, MessageDescriptor.FLAGS, 0);
        }
    }

    /** Two adjacent descriptor ints, {@code first} at the lower offset, as the native-order long holding both. */
    private static long pair(final int first, final int second) {
        return NATIVE_LITTLE_ENDIAN
            ? (first & 0xFFFF_FFFFL) | ((long)second << 32)
            : ((long)first << 32) | (second & 0xFFFF_FFFFL);
    }
}
