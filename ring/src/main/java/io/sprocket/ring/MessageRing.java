package io.sprocket.ring;

import java.nio.ByteBuffer;
import java.util.concurrent.ThreadFactory;
import java.util.function.IntFunction;

import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentInvoker;

import io.sprocket.counters.CountersFile;
import io.sprocket.message.BufferPool;
import io.sprocket.message.InfraConfig;
import io.sprocket.message.Message;

/**
 * The ring is the pool: a Disruptor {@code RingBuffer} whose preallocated slots are the
 * message buffers, and the engine thread that hands each published message to the application's
 * {@link MessageHandler}.
 *
 * <p>Every slot's {@link Message} is a slice of one 64-byte-aligned off-heap region allocated when
 * the ring is built: {@code ringSize x (headerCapacity + slotSize)} bytes, each slot rounded to a
 * cache line. Claiming a slot is the pool's get; the slot coming back once every consumer has
 * passed it is the put. Nothing is allocated per message, except for a message longer than a slot,
 * which gets a buffer of its own for one lap (counted as oversized).
 *
 * <pre>{@code
 * long seq = ring.tryClaim(length);        // FULL or CLOSED (negative) when refused
 * if (seq >= 0) {
 *     Message m = ring.message(seq);
 *     m.buffer().putBytes(0, src, 0, length);
 *     ring.publish(seq);                   // the engine's handler sees it next
 * }
 * }</pre>
 *
 * <p>A layer above the ring (the engine, with its registries of peers and connections) sees every
 * slot through a {@link RingHook} instead of a handler, and publishes its own control events into
 * the ring, in order with the data, with {@link #publishControl(long)}.
 *
 * <p>Consumers: the engine (the builder's {@link MessageRingBuilder#handler handler} or {@link MessageRingBuilder#hook
 * hook}), plus any read-only
 * {@link MessageRingBuilder#addReader readers} (a journaller, a replicator) that see every message beside it,
 * each on its own thread. A slot is recycled only when all of them have passed it.
 *
 * <p><b>Note:</b> {@link #tryClaim}, {@link #claim}, {@link #message}, {@link #publish},
 * {@link #cancel} and {@code tryPublish} may be called from any number of producer threads (from one
 * only, if built with {@link MessageRingBuilder#singleProducer(boolean) singleProducer(true)}), each
 * thread with its own view for {@link #message(long, Message)}; they allocate
 * nothing and never throw on the hot path (bad arguments and misuse are exceptions; a full or closed
 * ring is a negative result). A claimed sequence belongs to the thread that claimed it until it
 * publishes or cancels it. {@link #stats}, {@link #start}, {@link #newView} and {@link #close} may be
 * called from any thread; start, newView and close allocate.
 */
public final class MessageRing implements AutoCloseable {
    /** Result of a claim when every slot is in use. */
    public static final long FULL = -1;
    /** Result of a claim when the ring is closing or closed. */
    public static final long CLOSED = -2;
    /**
     * Result of {@link #close(long)} called on one of the ring's own consumer threads: the close was
     * started on another thread and completes after the handler returns.
     */
    public static final long CLOSE_STARTED = -1;
    /** Result of {@link #tryFill} when the filler answered false: the slot was given back unpublished. */
    public static final long DISCARDED = -3;
    /**
     * The default cap on the off-heap bytes that messages longer than a slot hold at once: 64 MiB,
     * or twice the largest message if that is more.
     */
    public static final long DEFAULT_MAX_OVERSIZED_BYTES = 64L << 20;
    /** What {@link #close()} waits for the ring to drain: 10 seconds. */
    public static final long DEFAULT_CLOSE_TIMEOUT_NS = 10_000_000_000L;
    /** The engine consumer's name, as passed to the {@link HandlerErrorListener}. */
    public static final String ENGINE = "engine";
    /** Default number of slots ({@link MessageRingBuilder#ringSize(int)}). */
    public static final int DEFAULT_RING_SIZE = 1024;
    /** Largest ring: 2^24 slots. */
    public static final int MAX_RING_SIZE = 1 << 24;
    /** Largest off-heap region for a ring's slots: one direct buffer, less a cache line for alignment. */
    public static final long MAX_REGION_BYTES = Integer.MAX_VALUE - 64;
    /**
     * Most views one ring hands out ({@link #newView()}, and one per consumer): the ring keeps each
     * until it closes, so a view made per message instead of per thread is refused at this bound
     * rather than kept without end.
     */
    public static final int MAX_VIEWS = 4096;

    private final String name;
    private final int ringSize;
    private final int slotSizeBytes;
    private final boolean singleProducer;
    private final ThreadingMode threading;
    private final BufferPool clonePool;
    /** The producer side: claims and publishes (and the ring's state, which every claim reads). */
    private final RingProducer producer;
    /** Start, and the close sequence. */
    private final RingLifecycle lifecycle;
    /** The counters, and the stats read from them. */
    private final RingCounters counters;

    MessageRing(final RingAssembly parts) {
        this.name = parts.name;
        this.clonePool = parts.clonePool;
        this.ringSize = parts.ringSize;
        this.slotSizeBytes = parts.slotSizeBytes;
        this.singleProducer = parts.singleProducer;
        this.threading = parts.threading;
        this.producer = parts.producer;
        this.lifecycle = parts.lifecycle;
        this.counters = parts.counters;
    }

    /**
     * A builder with the default configuration.
     *
     * @return a new builder.
     * @throws IllegalStateException when the JVM was started without the flag {@link io.sprocket.message.JvmAccess} names.
     */
    public static MessageRingBuilder builder() {
        io.sprocket.message.JvmAccess.require();
        return new MessageRingBuilder();
    }

    // ------------------------------------------------------------------ producers

    /**
     * Claims a slot for a message of {@code lengthBytes}, without waiting.
     *
     * @param lengthBytes the payload length, 0 to {@link InfraConfig#maxMessageSizeBytes()}; above the
     *                    slot size the slot gets a one-lap buffer (which allocates, and is counted).
     * @return the claimed sequence (0 or more), {@link #FULL} when every slot is in use, or
     *         {@link #CLOSED} once {@link #close} has begun. Refusals are counted in the stats.
     * @throws IllegalArgumentException when {@code lengthBytes} is negative or above the maximum
     *                                  message size; nothing is claimed.
     */
    public long tryClaim(final int lengthBytes) {
        return producer.tryClaim(lengthBytes);
    }

    /**
     * Claims a slot, waiting up to {@code timeoutNs} for one to come free, as the configured
     * {@link ProducerWait} says (never a busy-spin without bound).
     *
     * @param lengthBytes as for {@link #tryClaim(int)}.
     * @param timeoutNs   how long to wait at most, 0 or more.
     * @return the claimed sequence, {@link #FULL} if none came free in time, or {@link #CLOSED}.
     * @throws IllegalArgumentException when {@code lengthBytes} is out of range or {@code timeoutNs}
     *                                  negative.
     */
    public long claim(final int lengthBytes, final long timeoutNs) {
        return producer.claim(lengthBytes, timeoutNs);
    }

    /**
     * The message of a sequence this thread claimed, to write before {@link #publish(long)}.
     *
     * @param sequence a sequence returned by a claim on this thread and not yet published.
     * @return the slot's message, its length set to the claimed length.
     * @throws IllegalStateException with checks on, when the sequence is not claimed by this thread.
     */
    public Message message(final long sequence) {
        return producer.message(sequence);
    }

    /**
     * A view of this ring's slots for one producer thread, to pass to {@link #message(long, Message)}:
     * one message object that shows whichever slot it was last pointed at. Call it once per producer
     * thread when the thread starts (it allocates the view) and keep the view for that thread's life;
     * the ring unmaps it when it closes. Any thread.
     *
     * @return a new view, pointed at no slot yet.
     * @throws IllegalStateException when the ring has handed out {@link #MAX_VIEWS} views (its consumers'
     *                               included).
     */
    public Message newView() {
        return producer.newView();
    }

    /**
     * The message of a sequence this thread claimed, shown through the caller's own view: the same
     * as {@link #message(long)}, without touching the slot's heap message (a producer going round a
     * large ring then touches only the slots' memory and its one view, which stays in its cache). The
     * view is pointed at the slot and returned, except for a slot longer than the slot size (a
     * one-lap buffer), whose own message is returned. Either is valid until {@link #publish(long)}; the
     * view's next use points it elsewhere, so a producer holding several claims at once uses
     * {@link #message(long)} or one view per claim.
     *
     * @param sequence a sequence returned by a claim on this thread and not yet published.
     * @param view     a view from this ring's {@link #newView()}, used by this thread only.
     * @return the view, now showing the slot, or the slot's own message.
     * @throws IllegalArgumentException when {@code view} is not a view of this ring.
     * @throws IllegalStateException    with checks on, when the sequence is not claimed by this thread.
     */
    public Message message(final long sequence, final Message view) {
        return producer.message(sequence, view);
    }

    /**
     * Makes a claimed message visible to the consumers. The producer must not touch it afterwards.
     *
     * @param sequence a sequence claimed by this thread.
     * @throws IllegalStateException with checks on, when the sequence is not claimed by this thread.
     */
    public void publish(final long sequence) {
        producer.publish(sequence);
    }

    /**
     * Gives a claimed slot back without a message: it is published empty and the consumers skip it.
     * Use it when the data for a claimed slot did not arrive.
     *
     * @param sequence a sequence claimed by this thread.
     * @throws IllegalStateException with checks on, when the sequence is not claimed by this thread.
     */
    public void cancel(final long sequence) {
        producer.cancel(sequence);
    }

    /**
     * Publishes a claimed slot as a control event rather than data: the engine's {@link RingHook}
     * gets it through {@link RingHook#onControl} (readers skip it), in order with the data. The layer
     * that publishes control events keeps its own record per slot, keyed by the sequence; the slot's
     * message carries nothing.
     *
     * @param sequence a sequence claimed by this thread.
     * @throws IllegalStateException with checks on, when the sequence is not claimed by this thread.
     */
    public void publishControl(final long sequence) {
        producer.publishControl(sequence);
    }

    /**
     * Claims a slot, lets the filler write it, and publishes it or gives it back as the filler
     * answers, without waiting. Whatever the filler throws, the slot is given back before the
     * exception leaves: a claimed slot can never be left unpublished (which would stop every
     * consumer at its sequence).
     *
     * @param lengthBytes as for {@link #tryClaim(int)}.
     * @param filler      fills the message and answers whether to publish it; keep it a non-capturing
     *                    constant.
     * @param arg         passed to the filler.
     * @param <A>         the argument's type.
     * @return the published sequence; {@link #DISCARDED} when the filler answered false (the slot was
     *         given back); or {@link #FULL} or {@link #CLOSED} (the filler is not called).
     * @throws IllegalArgumentException when {@code lengthBytes} is out of range.
     * @throws RuntimeException         what the filler threw (an {@link Error} likewise); the slot was
     *                                  given back first.
     */
    public <A> long tryFill(final int lengthBytes, final MessageFiller<A> filler, final A arg) {
        return producer.tryFill(lengthBytes, filler, arg);
    }

    /**
     * Claims, fills through a translator and publishes, without waiting.
     *
     * @param lengthBytes as for {@link #tryClaim(int)}.
     * @param translator  writes the message; keep it a non-capturing constant.
     * @param arg         passed to the translator.
     * @param <A>         the argument's type.
     * @return the published sequence, or {@link #FULL} or {@link #CLOSED} (the translator is not called).
     * @throws IllegalArgumentException when {@code lengthBytes} is out of range.
     * @throws RuntimeException         what the translator threw (an {@link Error} likewise); the slot was
     *                                  cancelled first.
     */
    public <A> long tryPublish(final int lengthBytes, final MessageTranslator<A> translator, final A arg) {
        return producer.tryPublish(lengthBytes, translator, arg);
    }

    /**
     * Claims, fills through a two-argument translator and publishes, without waiting.
     *
     * @param lengthBytes as for {@link #tryClaim(int)}.
     * @param translator  writes the message; keep it a non-capturing constant.
     * @param arg0        passed to the translator.
     * @param arg1        passed to the translator.
     * @param <A>         the first argument's type.
     * @param <B>         the second argument's type.
     * @return the published sequence, or {@link #FULL} or {@link #CLOSED} (the translator is not called).
     * @throws IllegalArgumentException when {@code lengthBytes} is out of range.
     * @throws RuntimeException         what the translator threw (an {@link Error} likewise); the slot was
     *                                  cancelled first.
     */
    public <A, B> long tryPublish(
        final int lengthBytes, final MessageTranslator2<A, B> translator, final A arg0, final B arg1) {
        return producer.tryPublish(lengthBytes, translator, arg0, arg1);
    }

    // ------------------------------------------------------------------ lifecycle

    /**
     * Starts the consumers in the ring's {@link ThreadingMode} and registers the JMX beans: a thread
     * per consumer ({@code DEDICATED}), one thread for them all ({@code SHARED}), or none
     * ({@code INVOKER}: the calling thread becomes the engine thread, and drives the consumers by
     * calling {@link #invoker()}{@code .invoke()} in its own loop).
     *
     * @return this ring.
     * @throws IllegalStateException    when already started or closed.
     * @throws IllegalArgumentException when another running ring has this ring's name in JMX.
     */
    public MessageRing start() {
        lifecycle.start(this);
        return this;
    }

    /**
     * Adds another component's Agrona {@link Agent} to the duty cycle of this ring's consumers, the
     * way Aeron's media driver runs its conductor, sender and receiver in one cycle: in
     * {@link ThreadingMode#SHARED} the ring's one thread runs it after the consumers, in
     * {@link ThreadingMode#INVOKER} the application's {@link #invoker()} does. A transport joins its
     * I/O polling this way, so that a message goes from socket to handler and back with no hand-off
     * between threads. The agent's {@code onStart} runs on that thread when the ring starts, its
     * {@code onClose} when the ring closes; it must never block for long, since the consumers wait
     * while it works.
     *
     * <p><b>Note:</b> any thread, before {@link #start()} (and, for an {@code INVOKER} ring, before
     * {@link #invoker()} is first asked for); allocates.
     *
     * @param agent   the agent to run in the cycle.
     * @param sleeper when the ring waits {@link EngineWait#BLOCKING}: the idle strategy the shared
     *                thread sleeps in instead of parking; it is woken by a publish, like the parking
     *                one, and must also wake when {@code agent} has work (a transport's sleeps in its
     *                selector). Null to keep the ring's own; at most one joined agent brings one.
     * @throws IllegalArgumentException when {@code agent} is null.
     * @throws IllegalStateException    when the ring is {@code DEDICATED}, started or closed, when its
     *                                  invoker was handed out, or when a second sleeper is given.
     */
    public void join(final Agent agent, final WakeableIdleStrategy sleeper) {
        if (agent == null) {
            throw new IllegalArgumentException("agent must not be null");
        }
        lifecycle.join(agent, sleeper);
    }

    /**
     * The Agrona {@link AgentInvoker} that runs the consumers, for a ring built with
     * {@link ThreadingMode#INVOKER}: call {@code invoke()} from the thread that called
     * {@link #start()} (the engine thread), as often as it likes; each call handles what has been
     * published (up to {@value ConsumerAgent#WORK_LIMIT} slots) and answers how many.
     *
     * @return the invoker.
     * @throws IllegalStateException when the ring runs its consumers on threads of its own.
     */
    public AgentInvoker invoker() {
        return lifecycle.invoker();
    }

    /**
     * Closes the ring: new claims get {@link #CLOSED} at once; every message published before the
     * close goes through the handlers; then the consumer threads stop, the JMX beans are
     * unregistered and the off-heap region is freed. It always returns within about
     * {@code timeoutNs} (plus a grace of 100 ms per stuck thread), parking while it waits.
     *
     * <p>If the timeout runs out (a handler is stuck), the threads are halted and interrupted, the
     * unhandled messages are counted, and the off-heap region is left to the garbage collector instead
     * of being freed, because a stuck thread may still be reading it. Calling close again returns
     * the first call's result (waiting for a close in progress on another thread).
     *
     * <p>Called on one of this ring's own consumer threads (from a handler), close cannot wait for a
     * drain that its own handler call holds up: it refuses new claims at once, starts the close on a
     * new thread named {@code <ring>-closer}, and returns {@link #CLOSE_STARTED} without waiting. That
     * close completes after the handler returns, draining everything published before it, with the
     * same timeout; a later {@code close} from any other thread waits for it and returns its result.
     *
     * @param timeoutNs how long to wait for the drain, 0 or more.
     * @return how many published messages were left unhandled: 0 unless the timeout ran out (or the
     *         ring was never started); {@link #CLOSE_STARTED} when called on a consumer thread.
     * @throws IllegalArgumentException when {@code timeoutNs} is negative.
     */
    public long close(final long timeoutNs) {
        return lifecycle.close(timeoutNs);
    }

    /**
     * Whether the calling thread is running one of this ring's consumers now (a handler, or code the
     * engine calls), that is, whether the caller runs inside a handler. Code that waits for the ring to
     * make progress (a close, a drain) must not wait on such a thread: the wait would hold up the very
     * handler call it waits for. The invoking thread of an {@code INVOKER} ring counts only while
     * inside {@code invoke()}: outside it, a close there drives the drain itself.
     *
     * <p><b>Note:</b> any thread; takes no lock and allocates nothing.
     *
     * @return true on a consumer thread of a started ring.
     */
    public boolean isConsumerThread() {
        return lifecycle.isConsumerThread();
    }

    /**
     * Closes with {@link #DEFAULT_CLOSE_TIMEOUT_NS}; logs a warning if messages were left unhandled.
     * Use {@link #close(long)} to get that count.
     */
    @Override
    public void close() {
        lifecycle.closeAndWarn();
    }

    // ------------------------------------------------------------------ introspection

    /**
     * Fills a snapshot of the ring's figures. The handled count is read first, the recycled count
     * next and the claims last: every figure only grows, and a message is claimed before it is
     * handled and recycled, so within one snapshot {@code handled <= claims} and
     * {@code recycled <= claims} hold however busy the ring is.
     *
     * @param into the caller's snapshot object.
     * @return {@code into}.
     */
    public RingStats stats(final RingStats into) {
        return counters.stats(into);
    }

    /**
     * The ring's name, used for its threads, JMX beans and error messages.
     *
     * @return the name.
     */
    public String name() {
        return name;
    }

    /**
     * Number of slots, as built ({@link MessageRingBuilder#ringSize(int)}).
     *
     * <p><b>Note:</b> any thread; no allocation.
     *
     * @return the ring size, a power of two.
     */
    public int ringSize() {
        return ringSize;
    }

    /**
     * Payload capacity of one slot; longer messages get a one-lap buffer.
     *
     * @return bytes.
     */
    public int slotSizeBytes() {
        return slotSizeBytes;
    }

    /**
     * The pool that {@link Message#clone()} takes buffers from for this ring's messages.
     *
     * @return the clone pool.
     */
    public BufferPool clonePool() {
        return clonePool;
    }

    /**
     * Which threads run the consumers, as built ({@link MessageRingBuilder#threading}).
     *
     * <p><b>Note:</b> any thread; no allocation.
     *
     * @return the threading mode.
     */
    public ThreadingMode threading() {
        return threading;
    }

    /**
     * Whether the ring was built for one producer thread ({@link MessageRingBuilder#singleProducer(boolean)}).
     *
     * @return true for a single-producer ring.
     */
    public boolean isSingleProducer() {
        return singleProducer;
    }

    /**
     * Whether {@link #close} has begun.
     *
     * @return true once closing or closed.
     */
    public boolean isClosed() {
        return producer.state() >= RingProducer.CLOSING;
    }

    /**
     * The engine's thread, for monitoring (allocation, CPU time).
     *
     * @return the thread, or null before {@link #start()}.
     */
    public Thread engineThread() {
        return lifecycle.engineThread();
    }

    @Override
    public String toString() {
        return "MessageRing['" + name + "', " + ringSize + " x " + slotSizeBytes + " B, "
            + (singleProducer ? "single" : "multi") + "-producer]";
    }
}
