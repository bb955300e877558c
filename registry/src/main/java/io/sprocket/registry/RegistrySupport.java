package io.sprocket.registry;

import org.agrona.collections.Hashing;

import io.sprocket.message.InfraConfig;

/** What both registries share at construction: presizing and the checks of their arguments. */
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

    static InfraConfig checkConfig(final String kind, final String name, final InfraConfig config) {
        if (config == null) {
            throw new IllegalArgumentException(kind + " '" + name + "': config is null");
        }
        return config;
    }

    static int checkCapacity(final String kind, final String name, final int initialCapacity) {
        if (initialCapacity < 1 || initialCapacity > InfraConfig.MAX_INITIAL_CAPACITY) {
            throw new IllegalArgumentException(kind + " '" + name + "': initialCapacity must be from 1 to "
                + InfraConfig.MAX_INITIAL_CAPACITY + ", got " + initialCapacity);
        }
        return initialCapacity;
    }
}
