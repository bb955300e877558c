package io.sprocket.registry;

import org.agrona.collections.Hashing;

/** What both registries share: presizing, growing arrays, and the checks of their arguments. */
final class RegistrySupport {
    /** Agrona's default: a map resizes when its size passes capacity x this. */
    static final float LOAD_FACTOR = Hashing.DEFAULT_LOAD_FACTOR;
    /** Largest presized capacity of either registry. */
    static final int MAX_INITIAL_CAPACITY = 1 << 24;

    private RegistrySupport() {
    }

    /** A map capacity that holds {@code entries} without a resize. */
    static int mapCapacityFor(final int entries) {
        return (int)Math.min(1L << 30, (long)Math.ceil(entries / (double)LOAD_FACTOR) + 1);
    }

    /** The next length of an array that doubles as it grows, short of the VM's limit. */
    static int growth(final int length) {
        return length >= (Integer.MAX_VALUE - 8) / 2 ? Integer.MAX_VALUE - 8 : Math.max(2, length * 2);
    }

    static String checkName(final String kind, final String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException(kind + " name must not be null or empty, got '" + name + "'");
        }
        return name;
    }

    static int checkCapacity(final String kind, final String name, final int initialCapacity) {
        if (initialCapacity < 1 || initialCapacity > MAX_INITIAL_CAPACITY) {
            throw new IllegalArgumentException(kind + " '" + name + "': initialCapacity must be from 1 to "
                + MAX_INITIAL_CAPACITY + ", got " + initialCapacity);
        }
        return initialCapacity;
    }

    /** The argument checks of {@link ConnRegistry#register}, each naming the bound it breaks. */
    static void checkRegistration(final String name, final long connId, final SpSocket socket, final long peerId,
        final Connection connection, final int outboundCapacity) {
        if (connId <= 0) {
            throw new IllegalArgumentException(ConnRegistry.KIND + " '" + name + "': connection id must be greater than 0, got "
                + connId);
        }
        if (socket == null) {
            throw new IllegalArgumentException(ConnRegistry.KIND + " '" + name + "': connection " + connId + " has a null socket");
        }
        if (connection == null) {
            throw new IllegalArgumentException(ConnRegistry.KIND + " '" + name + "': connection " + connId
                + " has a null Connection");
        }
        if (peerId < 0) {
            throw new IllegalArgumentException(ConnRegistry.KIND + " '" + name + "': connection " + connId
                + ": peer id must be 0 (unknown) or greater, got " + peerId);
        }
        if (outboundCapacity < 1 || outboundCapacity > ConnEntry.MAX_OUTBOUND_CAPACITY
            || Integer.bitCount(outboundCapacity) != 1) {
            throw new IllegalArgumentException(ConnRegistry.KIND + " '" + name + "': connection " + connId
                + ": outboundCapacity must be a power of two from 1 to " + ConnEntry.MAX_OUTBOUND_CAPACITY
                + ", got " + outboundCapacity);
        }
    }
}
