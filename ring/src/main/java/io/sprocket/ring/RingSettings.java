package io.sprocket.ring;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadFactory;
import java.util.function.IntFunction;
import java.util.regex.Pattern;

import io.sprocket.counters.CountersFile;
import io.sprocket.message.InfraConfig;

/**
 * The configuration a {@link MessageRingBuilder} collects, with its checks: each value is checked
 * as it is set, and the values that depend on each other when the ring is built. Every bad value is
 * an {@link IllegalArgumentException} naming the bound.
 *
 * <p><b>Note:</b> not thread-safe, as the builder that owns it; read once, by {@link RingAssembly},
 * on the building thread.
 */
final class RingSettings {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    String name;
    InfraConfig config = InfraConfig.defaults();
    int ringSize = MessageRing.DEFAULT_RING_SIZE;
    boolean singleProducer;
    EngineWait engineWait = EngineWait.BLOCKING;
    ProducerWait producerWait = ProducerWait.PHASED;
    MessageHandler handler;
    final List<String> readerNames = new ArrayList<>();
    final List<MessageHandler> readers = new ArrayList<>();
    final List<String> engineAfter = new ArrayList<>();
    HandlerErrorListener errorListener;
    ThreadFactory threadFactory;
    ThreadingMode threading = ThreadingMode.DEDICATED;
    boolean jmx = true;
    RingHook hook;
    long maxOversizedBytes = -1;
    IntFunction<ByteBuffer> directAllocator = ByteBuffer::allocateDirect;
    CountersFile countersFile;

    /** Adds a reader, refusing a bad or taken name or a null handler. */
    void addReader(final String readerName, final MessageHandler readerHandler) {
        checkName("reader name", readerName);
        if (MessageRing.ENGINE.equals(readerName) || readerNames.contains(readerName)) {
            throw new IllegalArgumentException("reader name '" + readerName + "' is already taken in this ring");
        }
        readers.add(nonNull("reader handler", readerHandler));
        readerNames.add(readerName);
    }

    /** Adds a reader the engine runs after, refusing null or a name given already. */
    void engineAfter(final String readerName) {
        if (readerName == null || engineAfter.contains(readerName)) {
            throw new IllegalArgumentException("engineAfter: reader '" + readerName + "' is null or already given");
        }
        engineAfter.add(readerName);
    }

    /** The checks of values that depend on each other, made when the ring is built. */
    void checkForBuild() {
        if ((handler == null) == (hook == null)) {
            throw new IllegalArgumentException(handler == null
                ? "a ring needs a handler: call handler(...) before build()"
                : "a ring has a handler or a hook, not both");
        }
        for (final String reader : engineAfter) {
            if (!readerNames.contains(reader)) {
                throw new IllegalArgumentException("engineAfter names reader '" + reader
                    + "', which was not added: readers are " + readerNames);
            }
        }
        final long regionBytes = (long)ringSize
            * InfraConfig.slotStrideBytes(config.bufferSizeBytes(), config.headerCapacityBytes());
        if (regionBytes > MessageRing.MAX_REGION_BYTES) {
            throw new IllegalArgumentException("ringSize (" + ringSize + ") x slot of " + config.bufferSizeBytes()
                + " + " + config.headerCapacityBytes() + " header bytes needs " + regionBytes
                + " bytes, over the " + MessageRing.MAX_REGION_BYTES + " one off-heap region can hold");
        }
        final long largest = config.headerCapacityBytes() + (long)config.maxMessageSizeBytes() + 64;
        if (maxOversizedBytes >= 0 && maxOversizedBytes < largest) {
            throw new IllegalArgumentException("maxOversizedBytes (" + maxOversizedBytes + ") must hold the largest"
                + " message: maxMessageSizeBytes " + config.maxMessageSizeBytes() + " + header room "
                + config.headerCapacityBytes() + " + 64 = " + largest);
        }
    }

    /** A ring size, checked: a power of two from 1 to {@link MessageRing#MAX_RING_SIZE}. */
    static int checkRingSize(final int slots) {
        if (slots < 1 || slots > MessageRing.MAX_RING_SIZE) {
            throw new IllegalArgumentException(
                "ringSize must be from 1 to " + MessageRing.MAX_RING_SIZE + ", got " + slots);
        }
        if (Integer.bitCount(slots) != 1) {
            throw new IllegalArgumentException("ringSize must be a power of two, got " + slots);
        }
        return slots;
    }

    /** A ring's or reader's name, checked: 1 to 64 of {@code A-Z a-z 0-9 . _ -}. */
    static String checkName(final String what, final String value) {
        if (value == null || !NAME.matcher(value).matches()) {
            throw new IllegalArgumentException(
                what + " must be 1 to 64 of A-Z a-z 0-9 . _ -, got '" + value + "'");
        }
        return value;
    }

    /** A value that must not be null, checked. */
    static <T> T nonNull(final String what, final T value) {
        if (value == null) {
            throw new IllegalArgumentException(what + " must not be null");
        }
        return value;
    }
}
