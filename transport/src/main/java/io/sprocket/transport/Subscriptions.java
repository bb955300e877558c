package io.sprocket.transport;

import java.util.Arrays;

import org.agrona.DirectBuffer;

/**
 * A SUB socket's topics: byte prefixes a received message must start with to be delivered. The
 * empty prefix matches every message; a socket with no subscription delivers nothing (as NNG's
 * SUB). A message that matches no prefix is given back where it was read, before it takes a ring
 * slot, and counted ({@link TransportStats#unsubscribed()}).
 *
 * <p><b>Note:</b> {@link #subscribe} and {@link #unsubscribe} may be called from any thread at any
 * time (they take a lock and allocate the new table: copy on write); the I/O threads match with
 * one volatile read, without locks or allocation. A change applies to the messages read after it.
 */
public final class Subscriptions {
    /** The most prefixes one socket holds. */
    public static final int MAX_SUBSCRIPTIONS = 1024;
    /** The longest prefix, in bytes. */
    public static final int MAX_PREFIX_BYTES = 4096;

    private static final byte[][] NONE = new byte[0][];

    private final String socketName;
    private volatile byte[][] prefixes = NONE;

    Subscriptions(final String socketName) {
        this.socketName = socketName;
    }

    /**
     * Adds a topic.
     *
     * @param prefix the bytes a message must start with; empty for every message. Copied.
     * @return false when the socket already had it (nothing changes).
     * @throws IllegalArgumentException when {@code prefix} is null, longer than {@link #MAX_PREFIX_BYTES},
     *                                  or the socket already holds {@link #MAX_SUBSCRIPTIONS}.
     */
    public synchronized boolean subscribe(final byte[] prefix) {
        check(prefix);
        final byte[][] old = prefixes;
        if (indexOf(old, prefix) >= 0) {
            return false;
        }
        if (old.length == MAX_SUBSCRIPTIONS) {
            throw new IllegalArgumentException("SUB socket '" + socketName + "' already holds MAX_SUBSCRIPTIONS = "
                + MAX_SUBSCRIPTIONS + " prefixes");
        }
        final byte[][] next = Arrays.copyOf(old, old.length + 1);
        next[old.length] = prefix.clone();
        prefixes = next;
        return true;
    }

    /**
     * Removes a topic.
     *
     * @param prefix a prefix given to {@link #subscribe} before.
     * @return false when the socket did not have it.
     * @throws IllegalArgumentException when {@code prefix} is null or longer than {@link #MAX_PREFIX_BYTES}.
     */
    public synchronized boolean unsubscribe(final byte[] prefix) {
        check(prefix);
        final byte[][] old = prefixes;
        final int at = indexOf(old, prefix);
        if (at < 0) {
            return false;
        }
        final byte[][] next = new byte[old.length - 1][];
        System.arraycopy(old, 0, next, 0, at);
        System.arraycopy(old, at + 1, next, at, old.length - at - 1);
        prefixes = next;
        return true;
    }

    /**
     * How many prefixes the socket holds.
     *
     * @return a count.
     */
    public int count() {
        return prefixes.length;
    }

    /**
     * Whether a message starting at {@code offset} of {@code buffer} with {@code length} bytes starts
     * with one of the prefixes. I/O threads; allocation-free.
     */
    boolean matches(final DirectBuffer buffer, final int offset, final int length) {
        final byte[][] all = prefixes;
        for (final byte[] p : all) {
            if (p.length <= length && startsWith(buffer, offset, p)) {
                return true;
            }
        }
        return false;
    }

    private static boolean startsWith(final DirectBuffer buffer, final int offset, final byte[] prefix) {
        for (int i = 0; i < prefix.length; i++) {
            if (buffer.getByte(offset + i) != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static int indexOf(final byte[][] all, final byte[] prefix) {
        for (int i = 0; i < all.length; i++) {
            if (Arrays.equals(all[i], prefix)) {
                return i;
            }
        }
        return -1;
    }

    private void check(final byte[] prefix) {
        if (prefix == null) {
            throw new IllegalArgumentException("SUB socket '" + socketName + "': prefix is null (the empty prefix"
                + " subscribes to everything)");
        }
        if (prefix.length > MAX_PREFIX_BYTES) {
            throw new IllegalArgumentException("SUB socket '" + socketName + "': prefix of " + prefix.length
                + " bytes is over MAX_PREFIX_BYTES = " + MAX_PREFIX_BYTES);
        }
    }

    @Override
    public String toString() {
        return "Subscriptions{socket='" + socketName + "', prefixes=" + prefixes.length + '}';
    }
}
