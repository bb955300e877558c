package io.sprocket.message;

/**
 * Where a message keeps its per-message fields: a 64-byte descriptor in the message's own off-heap
 * memory, right after its payload capacity, at fixed offsets. A {@link Message} object holds only
 * what never changes from one use to the next (its memory, its source, its views); everything a
 * claim, a publish and a handler touch lives here, so a ring producer writes and a consumer reads
 * the slot's own memory and no heap object shared between slots.
 *
 * <pre>
 *   one message's memory (a ring slot, or a pool buffer); descriptor offset = align8(H + C)
 *
 *   0                 H                          H + C   align8     +64
 *   +-----------------+--------------------------+------+----------+
 *   |  header room H  |  payload capacity C      | pad  |descriptor|
 *   +-----------------+--------------------------+------+----------+
 *           [header][payload]  &lt;- the wire range: header right-aligned against the payload
 *
 *   the descriptor (all fields native byte order):
 *
 *    0                   1                   2                   3
 *    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *   +---------------------------------------------------------------+
 *   |                      payload length (int)                     |  0  LENGTH
 *   +---------------------------------------------------------------+
 *   |                      header length (int)                      |  4  HEADER_LENGTH
 *   +---------------------------------------------------------------+
 *   |        payload offset in the wire range (int, H unless        |  8  PAYLOAD_OFFSET
 *   |        moveToHeader moved it)                                 |
 *   +---------------------------------------------------------------+
 *   |      kind (int): DATA, CANCELLED or CONTROL (ring slots)      | 12  KIND
 *   +---------------------------------------------------------------+
 *   |                   peer id (long)                              | 16  PEER_ID
 *   |                                                               |
 *   +---------------------------------------------------------------+
 *   |  state word (long): generation &lt;&lt; 2 | state, where state is   | 24  STATE
 *   |  FREE, OWNED, CLAIMED or PUBLISHED and generation counts the  |
 *   |  acquires (and, with checks on, the claims). A release is one |
 *   |  compare-and-set on the whole word: of two racing releases    |
 *   |  exactly one succeeds, and a stale one cannot free a later    |
 *   |  owner's message                                              |
 *   +---------------------------------------------------------------+
 *   |  holders (int): consumers yet to pass a slot that holds a     | 32  HOLDERS
 *   |  one-lap buffer (0 when it holds none); the last one frees it |
 *   +---------------------------------------------------------------+
 *   |  flags (int): FLAG_ADDR while the message's address (kept on  | 36  FLAGS
 *   |  the heap) is set, so that a claim clears it only then        |
 *   +---------------------------------------------------------------+
 *   |  token (long): the sequence a ring slot is claimed under,     | 40  TOKEN
 *   |  written with checks on                                       |
 *   +---------------------------------------------------------------+
 *   |  owner (long): id of the claiming thread, with checks on      | 48  OWNER
 *   |                                                               |
 *   +---------------------------------------------------------------+
 *   |                        reserved (long)                        | 56
 *   |                                                               |
 *   +---------------------------------------------------------------+
 * </pre>
 *
 * <p>With checks off a ring claim reads the length and header length (compared as one long), the
 * payload offset and kind (likewise), the peer id, the state word and the flags, and writes only what
 * changes (usually the length), and a publish writes none: the descriptor's cache line stays shared
 * between producer and consumer when nothing changes. For a payload that fits between the header
 * room and the descriptor's line, payload and descriptor are one cache line.
 *
 * <p><b>Note:</b> constants and pure arithmetic; any thread, no allocation.
 */
public final class MessageDescriptor {
    /** Bytes of one descriptor: one cache line. */
    public static final int LENGTH_BYTES = 64;
    /** Alignment of the descriptor inside a message's memory. */
    public static final int ALIGNMENT = 8;

    /** Offset of the payload length. */
    public static final int LENGTH = 0;
    /** Offset of the header length. */
    public static final int HEADER_LENGTH = 4;
    /** Offset of the payload's start in the wire range. */
    public static final int PAYLOAD_OFFSET = 8;
    /** Offset of the slot kind. */
    public static final int KIND = 12;
    /** Offset of the peer id. */
    public static final int PEER_ID = 16;
    /** Offset of the state word: {@code generation << 2 | state}. */
    public static final int STATE = 24;
    /** Offset of the count of consumers yet to pass a slot that holds a one-lap buffer. */
    public static final int HOLDERS = 32;
    /** Offset of the flags: {@link #FLAG_ADDR}. */
    public static final int FLAGS = 36;
    /** Offset of the claim token (a ring sequence). */
    public static final int TOKEN = 40;
    /** Offset of the owner thread's id. */
    public static final int OWNER = 48;

    /**
     * Flag: the message's address (the one per-use field kept on the heap, in the message that owns
     * the memory) is set. A claim or acquire reads the flags with the rest of the descriptor and
     * touches the heap to clear the address only when this is set.
     */
    public static final int FLAG_ADDR = 1;

    /** Kind of a slot that holds a message. */
    public static final int KIND_DATA = 0;
    /** Kind of a slot whose claim was given back: every consumer skips it. */
    public static final int KIND_CANCELLED = 1;
    /** Kind of a slot that holds a control event for the engine. */
    public static final int KIND_CONTROL = 2;

    private MessageDescriptor() {
    }

    /**
     * Where the descriptor starts in a message's memory.
     *
     * @param headerRoomBytes      the header room.
     * @param payloadCapacityBytes the payload capacity.
     * @return {@code headerRoomBytes + payloadCapacityBytes} rounded up to {@link #ALIGNMENT}.
     */
    public static long descriptorOffset(final int headerRoomBytes, final int payloadCapacityBytes) {
        final long end = (long)headerRoomBytes + payloadCapacityBytes;
        return (end + ALIGNMENT - 1) & -ALIGNMENT;
    }

    /**
     * The memory one message needs: header room, payload capacity, padding and the descriptor.
     *
     * @param headerRoomBytes      the header room.
     * @param payloadCapacityBytes the payload capacity.
     * @return bytes.
     */
    public static long memoryBytes(final int headerRoomBytes, final int payloadCapacityBytes) {
        return descriptorOffset(headerRoomBytes, payloadCapacityBytes) + LENGTH_BYTES;
    }
}
