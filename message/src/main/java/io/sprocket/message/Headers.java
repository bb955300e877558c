package io.sprocket.message;

import java.nio.ByteOrder;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The protocol header's operations: its one job is keeping a message's header right-aligned
 * against its payload in the wire range (replacing it, pushing and reading 32-bit big-endian words,
 * taking leading payload bytes into it) and keeping the descriptor's header length and payload
 * offset in step.
 *
 * <p><b>Note:</b> static and stateless; each method takes the message's descriptor address and,
 * where it touches bytes, its wire-range view. Called by the thread that may touch the message
 * (its caller has checked that). Allocates nothing, and throws only what {@link Bounds} throws on
 * an argument out of range.
 */
final class Headers {
    private Headers() {
    }

    /**
     * The header's length.
     *
     * @param d the descriptor's address.
     * @return bytes.
     */
    static int length(final long d) {
        return Descriptors.getInt(d, MessageDescriptor.HEADER_LENGTH);
    }

    /**
     * Where the header starts in the wire range, which is also how many header bytes are still free
     * in front of it.
     *
     * @param d the descriptor's address.
     * @return the offset.
     */
    static int start(final long d) {
        return Descriptors.getInt(d, MessageDescriptor.PAYLOAD_OFFSET) - Descriptors.getInt(d, MessageDescriptor.HEADER_LENGTH);
    }

    /**
     * Replaces the header with bytes of {@code src}.
     *
     * @param d       the descriptor's address.
     * @param wire    the wire-range view.
     * @param src     the header bytes.
     * @param offset  where they start in {@code src}.
     * @param count   how many.
     * @param message the message, named in an exception.
     * @throws IllegalArgumentException as {@link Bounds#checkHeaderCopy} does.
     */
    static void put(
        final long d, final UnsafeBuffer wire, final DirectBuffer src, final int offset, final int count,
        final Message message) {
        final int payloadOffset = Descriptors.getInt(d, MessageDescriptor.PAYLOAD_OFFSET);
        Bounds.checkHeaderCopy(src, offset, count, payloadOffset, message);
        wire.putBytes(payloadOffset - count, src, offset, count);
        Descriptors.putInt(d, MessageDescriptor.HEADER_LENGTH, count);
    }

    /**
     * Puts a 32-bit big-endian word in front of the header.
     *
     * @param d       the descriptor's address.
     * @param wire    the wire-range view.
     * @param word    the word.
     * @param message the message, named in an exception.
     * @throws IllegalArgumentException as {@link Bounds#checkHeaderPush} does.
     */
    static void pushInt(final long d, final UnsafeBuffer wire, final int word, final Message message) {
        final int payloadOffset = Descriptors.getInt(d, MessageDescriptor.PAYLOAD_OFFSET);
        final int headerLength = Descriptors.getInt(d, MessageDescriptor.HEADER_LENGTH);
        Bounds.checkHeaderPush(headerLength, payloadOffset, message);
        final int newLength = headerLength + Integer.BYTES;
        wire.putInt(payloadOffset - newLength, word, ByteOrder.BIG_ENDIAN);
        Descriptors.putInt(d, MessageDescriptor.HEADER_LENGTH, newLength);
    }

    /**
     * Reads a 32-bit big-endian word of the header.
     *
     * @param d           the descriptor's address.
     * @param wire        the wire-range view.
     * @param headerIndex the word's byte offset from the header's first byte.
     * @return the word.
     * @throws IllegalArgumentException as {@link Bounds#checkHeaderWord} does.
     */
    static int getInt(final long d, final UnsafeBuffer wire, final int headerIndex) {
        final int headerLength = Descriptors.getInt(d, MessageDescriptor.HEADER_LENGTH);
        Bounds.checkHeaderWord(headerIndex, headerLength);
        return wire.getInt(Descriptors.getInt(d, MessageDescriptor.PAYLOAD_OFFSET) - headerLength + headerIndex,
            ByteOrder.BIG_ENDIAN);
    }

    /**
     * Moves the first {@code count} payload bytes to the end of the header, without copying: the
     * payload offset and the header length grow by {@code count}, the payload length shrinks by it.
     *
     * @param d     the descriptor's address.
     * @param count the bytes to move.
     * @return the new payload offset, for the caller to re-point its payload view at.
     * @throws IllegalArgumentException as {@link Bounds#checkMoveToHeader} does.
     */
    static int takeFromPayload(final long d, final int count) {
        final int length = Descriptors.getInt(d, MessageDescriptor.LENGTH);
        Bounds.checkMoveToHeader(count, length);
        final int offset = Descriptors.getInt(d, MessageDescriptor.PAYLOAD_OFFSET) + count;
        Descriptors.putInt(d, MessageDescriptor.PAYLOAD_OFFSET, offset);
        Descriptors.putInt(d, MessageDescriptor.HEADER_LENGTH, Descriptors.getInt(d, MessageDescriptor.HEADER_LENGTH) + count);
        Descriptors.putInt(d, MessageDescriptor.LENGTH, length - count);
        return offset;
    }

    /**
     * Drops the header.
     *
     * @param d the descriptor's address.
     */
    static void clear(final long d) {
        Descriptors.putInt(d, MessageDescriptor.HEADER_LENGTH, 0);
    }
}
