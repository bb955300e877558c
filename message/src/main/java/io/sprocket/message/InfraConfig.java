package io.sprocket.message;

/**
 * The message and buffer sizes every Sprocket layer is built from: ring slots, pooled buffers,
 * protocol header room and the largest message. A setting owned by another layer is set on that
 * layer's builder: the ring's size on {@code MessageRingBuilder.ringSize}, the registries'
 * presized capacities on the engine's builder ({@code Engine.Builder.initialPeerCapacity} and
 * {@code initialConnCapacity}).
 *
 * <p>Build one with {@link #builder()}; every setter checks its value at once and throws an
 * {@link IllegalArgumentException} that names the bound it broke, and {@link Builder#build()}
 * checks the values against each other.
 *
 * <p><b>Note:</b> immutable and safe to share between threads. Building allocates; reading does not.
 */
public final class InfraConfig {
    /** Default ring slot size and pooled buffer size: 64 KiB. */
    public static final int DEFAULT_BUFFER_SIZE_BYTES = 64 * 1024;
    /** Default largest request a {@link BufferPool} serves from its retained buffers: 64 KiB. */
    public static final int DEFAULT_MAX_POOLED_SIZE_BYTES = 64 * 1024;
    /** Default number of buffers a {@link BufferPool} keeps for reuse. */
    public static final int DEFAULT_MAX_RETAINED = 256;
    /** Default room for protocol headers in front of each payload (an SP backtrace of 16 hops). */
    public static final int DEFAULT_HEADER_CAPACITY_BYTES = 64;
    /** Default largest message the ring accepts: 16 MiB. */
    public static final int DEFAULT_MAX_MESSAGE_SIZE_BYTES = 16 * 1024 * 1024;

    /** Largest slot or buffer size: 1 GiB. */
    public static final int MAX_BUFFER_SIZE_BYTES = 1 << 30;
    /** Largest header room. */
    public static final int MAX_HEADER_CAPACITY_BYTES = 4096;
    /** Largest message the ring can take: 1 GiB. */
    public static final int MAX_MESSAGE_SIZE_BYTES = 1 << 30;
    /** Largest number of retained pool buffers. */
    public static final int MAX_RETAINED_LIMIT = 1 << 20;

    private static final InfraConfig DEFAULTS = new Builder().build();

    private final int bufferSizeBytes;
    private final int maxPooledSizeBytes;
    private final int maxRetained;
    private final int headerCapacityBytes;
    private final int maxMessageSizeBytes;

    private InfraConfig(final Builder b) {
        this.bufferSizeBytes = b.bufferSizeBytes;
        this.maxPooledSizeBytes = b.maxPooledSizeBytes;
        this.maxRetained = b.maxRetained;
        this.headerCapacityBytes = b.headerCapacityBytes;
        this.maxMessageSizeBytes = b.maxMessageSizeBytes;
    }

    /**
     * The configuration with every default.
     *
     * @return the shared default configuration.
     * @throws IllegalStateException when the JVM was started without the flag {@link JvmAccess} names.
     */
    public static InfraConfig defaults() {
        JvmAccess.require();
        return DEFAULTS;
    }

    /**
     * A builder that starts from the defaults.
     *
     * @return a new builder.
     * @throws IllegalStateException when the JVM was started without the flag {@link JvmAccess} names.
     */
    public static Builder builder() {
        JvmAccess.require();
        return new Builder();
    }

    /**
     * A builder that starts from this configuration's values.
     *
     * @return a new builder.
     */
    public Builder toBuilder() {
        final Builder b = new Builder();
        b.bufferSizeBytes = bufferSizeBytes;
        b.maxPooledSizeBytes = maxPooledSizeBytes;
        b.maxRetained = maxRetained;
        b.headerCapacityBytes = headerCapacityBytes;
        b.maxMessageSizeBytes = maxMessageSizeBytes;
        return b;
    }

    /**
     * Payload capacity of each ring slot.
     *
     * @return bytes; default {@value #DEFAULT_BUFFER_SIZE_BYTES}.
     */
    public int bufferSizeBytes() {
        return bufferSizeBytes;
    }

    /**
     * Payload capacity of each buffer a {@link BufferPool} retains, which is the largest request it
     * serves without a one-off allocation.
     *
     * @return bytes; default {@value #DEFAULT_MAX_POOLED_SIZE_BYTES}.
     */
    public int maxPooledSizeBytes() {
        return maxPooledSizeBytes;
    }

    /**
     * The most buffers a {@link BufferPool} keeps; a return beyond it drops the buffer.
     *
     * @return a count; default {@value #DEFAULT_MAX_RETAINED}.
     */
    public int maxRetained() {
        return maxRetained;
    }

    /**
     * Room reserved in front of every payload for protocol headers.
     *
     * @return bytes; default {@value #DEFAULT_HEADER_CAPACITY_BYTES}.
     */
    public int headerCapacityBytes() {
        return headerCapacityBytes;
    }

    /**
     * Largest message the ring accepts; above the slot size it gets a one-lap buffer.
     *
     * @return bytes; default {@value #DEFAULT_MAX_MESSAGE_SIZE_BYTES}.
     */
    public int maxMessageSizeBytes() {
        return maxMessageSizeBytes;
    }

    @Override
    public String toString() {
        return "InfraConfig{bufferSizeBytes=" + bufferSizeBytes + ", maxPooledSizeBytes=" + maxPooledSizeBytes
            + ", maxRetained=" + maxRetained + ", headerCapacityBytes=" + headerCapacityBytes
            + ", maxMessageSizeBytes=" + maxMessageSizeBytes + '}';
    }

    /**
     * Collects and validates an {@link InfraConfig}.
     *
     * <p><b>Note:</b> not thread-safe; use one builder on one thread.
     */
    public static final class Builder {
        private int bufferSizeBytes = DEFAULT_BUFFER_SIZE_BYTES;
        private int maxPooledSizeBytes = DEFAULT_MAX_POOLED_SIZE_BYTES;
        private int maxRetained = DEFAULT_MAX_RETAINED;
        private int headerCapacityBytes = DEFAULT_HEADER_CAPACITY_BYTES;
            private int maxMessageSizeBytes = DEFAULT_MAX_MESSAGE_SIZE_BYTES;

        private Builder() {
        }

        /**
         * Sets the payload capacity of each ring slot.
         *
         * @param bytes 1 to {@value InfraConfig#MAX_BUFFER_SIZE_BYTES}.
         * @return this builder.
         * @throws IllegalArgumentException when out of range.
         */
        public Builder bufferSizeBytes(final int bytes) {
            this.bufferSizeBytes = inRange("bufferSizeBytes", bytes, 1, MAX_BUFFER_SIZE_BYTES);
            return this;
        }

        /**
         * Sets the payload capacity of each pooled buffer.
         *
         * @param bytes 1 to {@value InfraConfig#MAX_BUFFER_SIZE_BYTES}.
         * @return this builder.
         * @throws IllegalArgumentException when out of range.
         */
        public Builder maxPooledSizeBytes(final int bytes) {
            this.maxPooledSizeBytes = inRange("maxPooledSizeBytes", bytes, 1, MAX_BUFFER_SIZE_BYTES);
            return this;
        }

        /**
         * Sets how many buffers a pool keeps. The free list is an array queue of exactly this
         * capacity, which is what bounds it without a counter on the hot path.
         *
         * @param count 0 (keep none), or a power of two from 2 to {@value InfraConfig#MAX_RETAINED_LIMIT}.
         * @return this builder.
         * @throws IllegalArgumentException when out of range or not a power of two.
         */
        public Builder maxRetained(final int count) {
            inRange("maxRetained", count, 0, MAX_RETAINED_LIMIT);
            if (count == 1 || Integer.bitCount(count) > 1) {
                throw new IllegalArgumentException("maxRetained must be 0 or a power of two from 2, got " + count);
            }
            this.maxRetained = count;
            return this;
        }

        /**
         * Sets the header room in front of each payload.
         *
         * @param bytes 0 to {@value InfraConfig#MAX_HEADER_CAPACITY_BYTES}.
         * @return this builder.
         * @throws IllegalArgumentException when out of range.
         */
        public Builder headerCapacityBytes(final int bytes) {
            this.headerCapacityBytes = inRange("headerCapacityBytes", bytes, 0, MAX_HEADER_CAPACITY_BYTES);
            return this;
        }

        /**
         * Sets the largest message the ring accepts.
         *
         * @param bytes 1 to {@value InfraConfig#MAX_MESSAGE_SIZE_BYTES}, and at least the slot size.
         * @return this builder.
         * @throws IllegalArgumentException when out of range.
         */
        public Builder maxMessageSizeBytes(final int bytes) {
            this.maxMessageSizeBytes = inRange("maxMessageSizeBytes", bytes, 1, MAX_MESSAGE_SIZE_BYTES);
            return this;
        }

        /**
         * Checks the values against each other and builds the configuration.
         *
         * @return the configuration.
         * @throws IllegalArgumentException when {@code maxMessageSizeBytes} is below
         *                                  {@code bufferSizeBytes}.
         */
        public InfraConfig build() {
            if (maxMessageSizeBytes < bufferSizeBytes) {
                throw new IllegalArgumentException("maxMessageSizeBytes (" + maxMessageSizeBytes
                    + ") must be at least bufferSizeBytes (" + bufferSizeBytes + ")");
            }
            return new InfraConfig(this);
        }

        private static int inRange(final String name, final int value, final int min, final int max) {
            if (value < min || value > max) {
                throw new IllegalArgumentException(name + " must be from " + min + " to " + max + ", got " + value);
            }
            return value;
        }
    }

    /**
     * Bytes one ring slot takes in the off-heap region: header room, payload and the slot's
     * {@link MessageDescriptor}, rounded up to a cache line so that no two slots share one.
     *
     * @param bufferSizeBytes     payload capacity.
     * @param headerCapacityBytes header room.
     * @return the stride in bytes, a multiple of 64.
     */
    public static long slotStrideBytes(final int bufferSizeBytes, final int headerCapacityBytes) {
        final long raw = MessageDescriptor.memoryBytes(headerCapacityBytes, bufferSizeBytes);
        return (raw + 63) & ~63L;
    }
}
