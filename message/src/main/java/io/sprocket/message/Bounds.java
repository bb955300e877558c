package io.sprocket.message;

import java.nio.ByteBuffer;

import org.agrona.BufferUtil;
import org.agrona.DirectBuffer;

/**
 * The range checks of a {@link Message}'s arguments: its one job is refusing a length, a copy, a
 * header operation or a message's memory that does not fit, with an
 * {@link IllegalArgumentException} whose message gives the numbers involved.
 *
 * <p><b>Note:</b> static and stateless; any thread. A check that passes allocates nothing; only a
 * refusal builds its exception. The message passed in is only named in an exception.
 */
final class Bounds {
    private Bounds() {
    }

    /**
     * Checks memory given to a new message: direct, large enough for header room, payload capacity
     * and descriptor from {@code offset}, and placing the descriptor on an 8-byte boundary.
     *
     * @param memory          the memory.
     * @param offset          where the message starts in it.
     * @param headerRoom      header bytes in front of the payload.
     * @param payloadCapacity payload bytes.
     * @throws IllegalArgumentException when the memory does not fit.
     */
    static void checkMemory(final ByteBuffer memory, final int offset, final int headerRoom, final int payloadCapacity) {
        if (!memory.isDirect()) {
            throw new IllegalArgumentException("message memory must be direct");
        }
        if (headerRoom < 0 || payloadCapacity < 0) {
            throw new IllegalArgumentException(
                "header room " + headerRoom + " and payload capacity " + payloadCapacity + " must be 0 or more");
        }
        final long descriptorOffset = MessageDescriptor.descriptorOffset(headerRoom, payloadCapacity);
        if (offset < 0 || memory.capacity() - offset < descriptorOffset + MessageDescriptor.LENGTH_BYTES) {
            throw new IllegalArgumentException("memory of " + memory.capacity() + " bytes is under the "
                + MessageDescriptor.memoryBytes(headerRoom, payloadCapacity) + " that header room " + headerRoom
                + " and payload capacity " + payloadCapacity + " need with their descriptor");
        }
        if (((BufferUtil.address(memory) + offset + descriptorOffset) & (MessageDescriptor.ALIGNMENT - 1)) != 0) {
            throw new IllegalArgumentException("message memory must start on an 8-byte boundary");
        }
    }

    /**
     * Checks a payload length.
     *
     * @param lengthBytes the length.
     * @param capacity    the payload capacity.
     * @param message     the message, named in the exception.
     * @throws IllegalArgumentException when the length is not from 0 to the capacity.
     */
    static void checkLength(final int lengthBytes, final int capacity, final Message message) {
        if (lengthBytes < 0 || lengthBytes > capacity) {
            throw new IllegalArgumentException(
                "length " + lengthBytes + " must be from 0 to the capacity " + capacity + " of " + message);
        }
    }

    /**
     * Checks a copy into the payload.
     *
     * @param offset      where the bytes start in the source.
     * @param count       how many.
     * @param srcCapacity the source's size, or -1 when the source is null.
     * @param capacity    the payload capacity.
     * @param message     the message, named in the exception.
     * @throws IllegalArgumentException when the source is null, the count does not fit the payload or
     *                                  the range is outside the source.
     */
    static void checkPayloadCopy(
        final int offset, final int count, final int srcCapacity, final int capacity, final Message message) {
        if (srcCapacity < 0) {
            throw new IllegalArgumentException("source is null");
        }
        if (count < 0 || count > capacity) {
            throw new IllegalArgumentException(
                "payload of " + count + " bytes must be from 0 to the capacity " + capacity + " of " + message);
        }
        checkSourceRange(offset, count, srcCapacity);
    }

    /**
     * Checks a copy into the header.
     *
     * @param src     the source.
     * @param offset  where the bytes start in it.
     * @param count   how many.
     * @param room    the header room in front of the payload.
     * @param message the message, named in the exception.
     * @throws IllegalArgumentException when the source is null, the count does not fit the room or the
     *                                  range is outside the source.
     */
    static void checkHeaderCopy(
        final DirectBuffer src, final int offset, final int count, final int room, final Message message) {
        if (src == null) {
            throw new IllegalArgumentException("header source is null");
        }
        if (count < 0 || count > room) {
            throw new IllegalArgumentException(
                "header of " + count + " bytes must be from 0 to the room " + room + " of " + message);
        }
        checkSourceRange(offset, count, src.capacity());
    }

    /**
     * Checks that a 32-bit word fits in front of the header.
     *
     * @param headerLength the header's length.
     * @param room         the header room in front of the payload.
     * @param message      the message, named in the exception.
     * @throws IllegalArgumentException when fewer than 4 bytes of room are left.
     */
    static void checkHeaderPush(final int headerLength, final int room, final Message message) {
        if (room - headerLength < Integer.BYTES) {
            throw new IllegalArgumentException("no room for 4 more header bytes: the header has " + headerLength
                + " of " + room + " bytes in " + message);
        }
    }

    /**
     * Checks that a 32-bit word lies inside the header.
     *
     * @param headerIndex  the word's byte offset from the header's first byte.
     * @param headerLength the header's length.
     * @throws IllegalArgumentException when it does not.
     */
    static void checkHeaderWord(final int headerIndex, final int headerLength) {
        if (headerIndex < 0 || headerIndex > headerLength - Integer.BYTES) {
            throw new IllegalArgumentException(
                "header word at " + headerIndex + " is outside the header's " + headerLength + " bytes");
        }
    }

    /**
     * Checks how many payload bytes may move to the header.
     *
     * @param count  the bytes to move.
     * @param length the payload length.
     * @throws IllegalArgumentException when the count is not from 0 to the length.
     */
    static void checkMoveToHeader(final int count, final int length) {
        if (count < 0 || count > length) {
            throw new IllegalArgumentException(
                "cannot move " + count + " bytes to the header: the payload has " + length);
        }
    }

    private static void checkSourceRange(final int offset, final int count, final int srcCapacity) {
        if (offset < 0 || offset > srcCapacity - count) {
            throw new IllegalArgumentException("source range " + offset + "+" + count
                + " is outside the source's " + srcCapacity + " bytes");
        }
    }
}
