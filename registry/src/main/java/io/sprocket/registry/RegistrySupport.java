package io.sprocket.registry;

import org.agrona.collections.Hashing;

import io.sprocket.message.InfraConfig;

/** What both registries share: presizing and the messages of the single-writer checks. */
final class RegistrySupport {
    /** Agrona's default: a map resizes when its size passes capacity x this. */
    static final float LOAD_FACTOR = Hashing.DEFAULT_LOAD_FACTOR;

    private RegistrySupport() {
    }

    /** A map capacity that holds {@code entries} without a resize. */
    static int mapCapacityFor(final int entries) {
        return (int)Math.min(1L << 30, (long)Math.ceil(entries / (double)LOAD_FACTOR) + 1);
    }

    static String checkName(final String kind, final String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException(kind + " name must not be null or empty, got '" + name + "'");
        }
        return name;
    }

    static int checkCapacity(final String kind, final String name, final int initialCapacity) {
        if (initialCapacity < 1 || initialCapacity > InfraConfig.MAX_INITIAL_CAPACITY) {
            throw new IllegalArgumentException(kind + " '" + name + "': initialCapacity must be from 1 to "
                + InfraConfig.MAX_INITIAL_CAPACITY + ", got " + initialCapacity);
        }
        return initialCapacity;
    }

    static IllegalStateException wrongThread(
        final String kind, final String name, final String operation, final Thread caller, final Thread owner) {
        return new IllegalStateException(kind + " '" + name + "': " + operation + " called on thread '"
            + caller.getName() + "' (id " + caller.getId() + ") but the registry is owned by thread '"
            + owner.getName() + "' (id " + owner.getId() + ")");
    }

    static IllegalStateException changedWhileVisiting(final String kind, final String name, final String operation) {
        return new IllegalStateException(kind + " '" + name + "': " + operation
            + " called by a visitor while the registry is being visited; collect the ids and change the"
            + " registry after the visit");
    }
}
