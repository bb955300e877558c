package io.sprocket.ring;

import java.nio.ByteBuffer;
import java.util.concurrent.ThreadFactory;
import java.util.function.IntFunction;

import io.sprocket.counters.CountersFile;
import io.sprocket.message.InfraConfig;

/**
 * Collects and validates a ring's configuration; every bad value is an
 * {@link IllegalArgumentException} naming the bound.
 *
 * <p><b>Note:</b> not thread-safe; use one builder on one thread.
 */
public final class MessageRingBuilder {
    private final RingSettings settings = new RingSettings();

    MessageRingBuilder() {
    }

    /** For fault-injection tests: how one-lap buffers are allocated (default {@code allocateDirect}). */
    MessageRingBuilder directAllocator(final IntFunction<ByteBuffer> allocator) {
        settings.directAllocator = RingSettings.nonNull("directAllocator", allocator);
        return this;
    }

    /**
     * Caps the off-heap bytes that messages longer than a slot may hold at once (each has a
     * buffer of its own for one lap, freed when every consumer has passed its slot). A claim that
     * would go over the cap is refused as {@link MessageRing#FULL} until earlier ones are passed;
     * a waiting {@link MessageRing#claim claim} waits. Default: {@link MessageRing#DEFAULT_MAX_OVERSIZED_BYTES},
     * or twice the configuration's {@code maxMessageSizeBytes} if that is more.
     *
     * @param bytes at least the largest message (plus the header room and 64 bytes), so that every
     *              allowed message can pass.
     * @return this builder.
     * @throws IllegalArgumentException when not positive (checked against the largest message at
     *                                  {@link #build()}).
     */
    public MessageRingBuilder maxOversizedBytes(final long bytes) {
        if (bytes <= 0) {
            throw new IllegalArgumentException("maxOversizedBytes must be positive, got " + bytes);
        }
        settings.maxOversizedBytes = bytes;
        return this;
    }

    /**
     * Names the ring (threads, JMX, errors). Default: {@code ring-N}.
     *
     * @param ringName 1 to 64 of {@code A-Z a-z 0-9 . _ -}.
     * @return this builder.
     * @throws IllegalArgumentException when the name does not match.
     */
    public MessageRingBuilder name(final String ringName) {
        settings.name = RingSettings.checkName("ring name", ringName);
        return this;
    }

    /**
     * Sets the number of slots. With the configuration's slot size and header room it makes the
     * ring's one off-heap region, which must not exceed {@link MessageRing#MAX_REGION_BYTES}
     * (checked at {@link #build()}).
     *
     * <p><b>Note:</b> builder thread; no allocation.
     *
     * @param slots a power of two from 1 to {@value MessageRing#MAX_RING_SIZE}; default
     *              {@value MessageRing#DEFAULT_RING_SIZE}.
     * @return this builder.
     * @throws IllegalArgumentException when out of range or not a power of two.
     */
    public MessageRingBuilder ringSize(final int slots) {
        settings.ringSize = RingSettings.checkRingSize(slots);
        return this;
    }

    /**
     * The number of slots the ring will have: what {@link #ringSize(int)} set, or the default. For a
     * layer that builds the ring and sizes its own per-slot state to match (the engine).
     *
     * <p><b>Note:</b> builder thread; no allocation.
     *
     * @return slots, a power of two.
     */
    public int ringSize() {
        return settings.ringSize;
    }

    /**
     * Sets slot size, header room, maximum message size and the clone pool's sizes.
     *
     * @param infraConfig the configuration; default {@link InfraConfig#defaults()}.
     * @return this builder.
     * @throws IllegalArgumentException when null.
     */
    public MessageRingBuilder config(final InfraConfig infraConfig) {
        settings.config = RingSettings.nonNull("config", infraConfig);
        return this;
    }

    /**
     * Declares that only one thread will ever claim and publish, which makes claims cheaper (no
     * CAS). Default: false (any number of producer threads).
     *
     * <p>The contract that comes with it: {@link MessageRing#close(long)} is called on that
     * producer thread, or after the producer has stopped (with a happens-before edge, such as
     * joining it). A multi-producer ring sees a claim the moment it is made, so a claim racing
     * with close is either drained or refused; a single-producer ring sees it only when it is
     * published, and making it visible earlier would cost a full fence on every claim. A publish
     * that lands after close anyway throws {@link IllegalStateException} instead of vanishing.
     *
     * @param single true for one producer thread.
     * @return this builder.
     */
    public MessageRingBuilder singleProducer(final boolean single) {
        settings.singleProducer = single;
        return this;
    }

    /**
     * Sets how consumer threads wait for messages. Default {@link EngineWait#BLOCKING}.
     *
     * @param wait the wait strategy.
     * @return this builder.
     * @throws IllegalArgumentException when null.
     */
    public MessageRingBuilder engineWait(final EngineWait wait) {
        settings.engineWait = RingSettings.nonNull("engineWait", wait);
        return this;
    }

    /**
     * Sets which threads run the consumers. Default {@link ThreadingMode#DEDICATED}: a thread for
     * the engine and one per reader. {@link ThreadingMode#SHARED}: one thread runs them all in one
     * duty cycle. {@link ThreadingMode#INVOKER}: no thread; the thread that calls
     * {@link MessageRing#start()} drives them through {@link MessageRing#invoker()}.
     *
     * @param mode the threading mode.
     * @return this builder.
     * @throws IllegalArgumentException when null.
     */
    public MessageRingBuilder threading(final ThreadingMode mode) {
        settings.threading = RingSettings.nonNull("threading", mode);
        return this;
    }

    /**
     * Sets how {@link MessageRing#claim(int, long)} waits when full. Default {@link ProducerWait#PHASED}.
     *
     * @param wait the policy.
     * @return this builder.
     * @throws IllegalArgumentException when null.
     */
    public MessageRingBuilder producerWait(final ProducerWait wait) {
        settings.producerWait = RingSettings.nonNull("producerWait", wait);
        return this;
    }

    /**
     * Sets the engine's handler: the application code that runs for every message. Required.
     *
     * @param engineHandler the handler.
     * @return this builder.
     * @throws IllegalArgumentException when null.
     */
    public MessageRingBuilder handler(final MessageHandler engineHandler) {
        settings.handler = RingSettings.nonNull("handler", engineHandler);
        return this;
    }

    /**
     * Adds a read-only consumer that sees every message beside the engine, on its own thread
     * (a journaller, a replicator). It must not write to the messages.
     *
     * @param readerName    1 to 64 of {@code A-Z a-z 0-9 . _ -}, unique in this ring, not {@code engine}.
     * @param readerHandler its handler.
     * @return this builder.
     * @throws IllegalArgumentException when the name is bad or taken, or the handler null.
     */
    public MessageRingBuilder addReader(final String readerName, final MessageHandler readerHandler) {
        settings.addReader(readerName, readerHandler);
        return this;
    }

    /**
     * Makes the engine handle each message only after the named reader has finished with it: a
     * Disruptor dependency between the two consumers, as LMAX's "journal, then business logic".
     * Without it (the default) every reader runs beside the engine. Call once per reader the
     * engine must wait for.
     *
     * @param readerName a reader added with {@link #addReader}, before or after this call.
     * @return this builder.
     * @throws IllegalArgumentException when the name is null or already given (an unknown name is
     *                                  refused by {@link #build()}).
     */
    public MessageRingBuilder engineAfter(final String readerName) {
        settings.engineAfter(readerName);
        return this;
    }

    /**
     * Sets who hears about handler exceptions. Default: a rate-limited {@link System.Logger}.
     *
     * @param listener the listener.
     * @return this builder.
     * @throws IllegalArgumentException when null.
     */
    public MessageRingBuilder errorListener(final HandlerErrorListener listener) {
        settings.errorListener = RingSettings.nonNull("errorListener", listener);
        return this;
    }

    /**
     * Sets the factory for consumer threads (to pin them, say). Default: daemon threads named
     * {@code <ring>-engine} and {@code <ring>-<reader>}; the ring renames factory threads the same way.
     *
     * @param factory the thread factory.
     * @return this builder.
     * @throws IllegalArgumentException when null.
     */
    public MessageRingBuilder threadFactory(final ThreadFactory factory) {
        settings.threadFactory = RingSettings.nonNull("threadFactory", factory);
        return this;
    }

    /**
     * Whether {@link MessageRing#start()} registers the JMX beans. Default true.
     *
     * @param register false to skip JMX.
     * @return this builder.
     */
    public MessageRingBuilder jmx(final boolean register) {
        settings.jmx = register;
        return this;
    }

    /**
     * The counters file the ring's counters live in, where {@code sprocket-perf stat} reads them
     * from another process: claims refused because the ring was full, claims cancelled, oversized
     * claims, and each consumer's messages handled and handler exceptions. The ring frees its counters' records at its close
     * and leaves the file open (it is the caller's to close).
     *
     * @param file the file; default the process's shared one, {@link CountersFile#processShared()},
     *             of which the ring takes a reference that it gives back at its close.
     * @return this builder.
     * @throws IllegalArgumentException when null.
     */
    public MessageRingBuilder counters(final CountersFile file) {
        settings.countersFile = RingSettings.nonNull("counters file", file);
        return this;
    }

    /**
     * Sets the engine's hook instead of a handler: for a layer above the ring (the engine) that
     * wants every slot, control events included, and the engine thread's start and stop.
     *
     * @param engineHook the hook.
     * @return this builder.
     * @throws IllegalArgumentException when null.
     */
    public MessageRingBuilder hook(final RingHook engineHook) {
        settings.hook = RingSettings.nonNull("hook", engineHook);
        return this;
    }

    /**
     * Builds the ring: allocates its off-heap region and slots. The threads start with
     * {@link MessageRing#start()}.
     *
     * @return the ring.
     * @throws IllegalArgumentException when no handler (or hook) was set, an {@link #engineAfter}
     *                                  reader is missing, {@link #maxOversizedBytes} cannot hold the
     *                                  largest message, or the ring's region would exceed
     *                                  {@link MessageRing#MAX_REGION_BYTES}.
     */
    public MessageRing build() {
        settings.checkForBuild();
        return new MessageRing(new RingAssembly(settings));
    }
}
