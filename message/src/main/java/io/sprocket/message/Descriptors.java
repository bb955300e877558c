package io.sprocket.message;

import org.agrona.UnsafeApi;

/**
 * Reads and writes of a {@link MessageDescriptor} at its address, without a bounds check per
 * access: callers pass a descriptor's checked, 8-byte-aligned address and one of the descriptor's
 * constant offsets. A message keeps the address as a plain field (and the memory alive), so a
 * claim or a handler's read touches the slot's own line and the message object, nothing more;
 * a ring's consumer computes it from the slot index and touches only the slot's line.
 *
 * <p><b>Note:</b> static and stateless; any thread, on memory it may touch; allocates nothing.
 * Package-private: other modules reach the fields they need through {@link MessageSource}.
 */
final class Descriptors {
    private Descriptors() {
    }

    /**
     * Zeroes a descriptor.
     *
     * @param address the descriptor's address.
     */
    static void clear(final long address) {
        UnsafeApi.setMemory(address, MessageDescriptor.LENGTH_BYTES, (byte)0);
    }

    /**
     * An int field.
     *
     * @param address the descriptor's address.
     * @param offset  a {@link MessageDescriptor} offset.
     * @return the value.
     */
    static int getInt(final long address, final int offset) {
        return UnsafeApi.getInt(null, address + offset);
    }

    /**
     * Writes an int field.
     *
     * @param address the descriptor's address.
     * @param offset  a {@link MessageDescriptor} offset.
     * @param value   the value.
     */
    static void putInt(final long address, final int offset, final int value) {
        UnsafeApi.putInt(null, address + offset, value);
    }

    /**
     * A long field.
     *
     * @param address the descriptor's address.
     * @param offset  a {@link MessageDescriptor} offset.
     * @return the value.
     */
    static long getLong(final long address, final int offset) {
        return UnsafeApi.getLong(null, address + offset);
    }

    /**
     * Writes a long field.
     *
     * @param address the descriptor's address.
     * @param offset  a {@link MessageDescriptor} offset.
     * @param value   the value.
     */
    static void putLong(final long address, final int offset, final long value) {
        UnsafeApi.putLong(null, address + offset, value);
    }

    /**
     * A long field, with volatile semantics.
     *
     * @param address the descriptor's address.
     * @param offset  a {@link MessageDescriptor} offset.
     * @return the value.
     */
    static long getLongVolatile(final long address, final int offset) {
        return UnsafeApi.getLongVolatile(null, address + offset);
    }

    /**
     * Writes a long field with release semantics.
     *
     * @param address the descriptor's address.
     * @param offset  a {@link MessageDescriptor} offset.
     * @param value   the value.
     */
    static void putLongOrdered(final long address, final int offset, final long value) {
        UnsafeApi.putLongRelease(null, address + offset, value);
    }

    /**
     * Compare-and-set of a long field.
     *
     * @param address  the descriptor's address.
     * @param offset   a {@link MessageDescriptor} offset.
     * @param expected the value expected.
     * @param update   the value to set.
     * @return true when set.
     */
    static boolean compareAndSetLong(final long address, final int offset, final long expected, final long update) {
        return UnsafeApi.compareAndSetLong(null, address + offset, expected, update);
    }

    /**
     * Atomic add to an int field.
     *
     * @param address the descriptor's address.
     * @param offset  a {@link MessageDescriptor} offset.
     * @param delta   what to add.
     * @return the value before.
     */
    static int getAndAddInt(final long address, final int offset, final int delta) {
        return UnsafeApi.getAndAddInt(null, address + offset, delta);
    }
}
