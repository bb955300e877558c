package io.sprocket.message;

import java.nio.ByteBuffer;

/**
 * Where messages come from and go back to: a {@link BufferPool}, or a ring whose preallocated slots
 * are its messages. {@link Message#release()} hands a message back to its source.
 *
 * <p>This is the service-provider side of {@link Message}: the protected static methods let a source
 * in another package (the ring) drive a message's lifecycle without making those operations part of
 * the message's public API. Applications never subclass it.
 *
 * <p><b>Note:</b> a source decides its own threading contract; the lifecycle methods here touch only
 * the message passed and allocate nothing, except {@link #newMessage} which allocates the message.
 */
public abstract class MessageSource {
    private final String name;

    /**
     * Creates a source.
     *
     * @param name a name for error messages, statistics and JMX, not null.
     * @throws IllegalArgumentException when {@code name} is null or empty.
     */
    protected MessageSource(final String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("a message source needs a name, got '" + name + "'");
        }
        this.name = name;
    }

    /**
     * This source's name.
     *
     * @return the name given at construction.
     */
    public final String name() {
        return name;
    }

    /**
     * Takes back a message that {@link Message#release()} released. The message is already marked
     * released when this is called.
     *
     * @param message a message of this source.
     */
    protected abstract void onRelease(Message message);

    /**
     * Names one of this source's messages for error messages and {@link Message#toString()}.
     *
     * @param index the message's slot index or serial number.
     * @return for example {@code "ring 'orders' slot 5"} or {@code "pool 'clones' buffer #3"}.
     */
    protected abstract String describe(int index);

    /**
     * Creates a message over memory that this source owns.
     *
     * @param source          the source {@link Message#release()} returns it to.
     * @param clonePool       the pool {@link Message#clone()} takes buffers from, or null if it cannot clone.
     * @param index           the slot index, or a serial number, for error messages.
     * @param memory          direct memory of at least {@link MessageDescriptor#memoryBytes} bytes: header
     *                        room, payload capacity, then the descriptor; position and limit are ignored.
     * @param headerRoom      bytes reserved for protocol headers in front of the payload.
     * @param payloadCapacity bytes of payload.
     * @param reusable        whether the source reuses the message after release.
     * @return the message, released (a source claims or acquires it before use).
     * @throws IllegalArgumentException when the memory is not direct, too small, or its descriptor would
     *                                  not be 8-byte aligned.
     */
    protected static Message newMessage(
        final MessageSource source,
        final BufferPool clonePool,
        final int index,
        final ByteBuffer memory,
        final int headerRoom,
        final int payloadCapacity,
        final boolean reusable) {
        return new Message(source, clonePool, index, memory, 0, headerRoom, payloadCapacity, reusable, true);
    }

    /**
     * Creates a message as {@link #newMessage} does, but leaves the views only a transport and the
     * header operations use (its wire buffer and wire view) to {@link #completeMessage}: a source that
     * builds many messages at once makes all of them first, so that each message and its payload
     * view lie together in the heap, then completes them.
     *
     * @param source          the source {@link Message#release()} returns it to.
     * @param clonePool       the pool {@link Message#clone()} takes buffers from, or null.
     * @param index           the slot index, or a serial number.
     * @param region          direct memory holding the message's memory at {@code offset} (a ring's
     *                        region): no per-message buffer is made for it yet.
     * @param offset          where the message's memory starts in {@code region}.
     * @param headerRoom      bytes reserved for protocol headers in front of the payload.
     * @param payloadCapacity bytes of payload.
     * @param reusable        whether the source reuses the message after release.
     * @return the message, released, not usable until completed.
     * @throws IllegalArgumentException as {@link #newMessage}.
     */
    protected static Message newPartialMessage(
        final MessageSource source,
        final BufferPool clonePool,
        final int index,
        final ByteBuffer region,
        final int offset,
        final int headerRoom,
        final int payloadCapacity,
        final boolean reusable) {
        return new Message(source, clonePool, index, region, offset, headerRoom, payloadCapacity, reusable, false);
    }

    /**
     * Completes a message made by {@link #newPartialMessage}.
     *
     * @param message the message.
     * @param memory  the message's own memory (a slice of the region, starting where it starts).
     */
    protected static void completeMessage(final Message message, final ByteBuffer memory) {
        WireViews.complete(message, memory);
    }

    /**
     * A view of the calling source's slots: a message with no memory of its own, pointed at one slot
     * at a time by {@link #bindView}, so that a producer or a consumer that goes from slot to slot
     * touches one object instead of one per slot. Unbound, every check refuses it.
     *
     * @param source     the source whose slots it shows.
     * @param clonePool  the pool {@link Message#clone()} copies into, or null.
     * @param headerRoom the header room of the source's slots.
     * @param slots      the source's slot messages, by index (kept, not copied).
     * @return the view; allocated here, once per producer thread or consumer.
     */
    protected static Message newView(final MessageSource source, final BufferPool clonePool, final int headerRoom,
        final Message[] slots) {
        return new Message(source, clonePool, headerRoom, slots);
    }

    /**
     * Whether a message is a view from {@link #newView}, rather than a message with memory of its own.
     *
     * @param message a message.
     * @return true for a view.
     */
    protected static boolean isView(final Message message) {
        return message.slots != null;
    }

    /**
     * Points a view at a slot whose wire range is the slot's own memory (not a one-lap buffer): its
     * index, descriptor and payload; the wire views and the address are the slot message's, found by
     * the index. Writes the view's fields only.
     *
     * @param view            a view from {@link #newView} of the calling source.
     * @param index           the slot's index.
     * @param descriptor      the slot's descriptor address.
     * @param payloadAddress  the address of the slot's payload (its memory plus the header room).
     * @param payloadCapacity the slot's payload capacity.
     * @return the view.
     */
    protected static Message bindView(final Message view, final int index, final long descriptor,
        final long payloadAddress, final int payloadCapacity) {
        return WireViews.bind(view, index, descriptor, payloadAddress, payloadCapacity);
    }

    /**
     * Hands a released slot to the calling thread for writing: no other thread may touch it until
     * {@link #publish(long)}. Reads and writes the slot's descriptor; touches the slot's message
     * only to clear an address set in its last use.
     *
     * @param descriptor the slot's descriptor address.
     * @param headerRoom the source's header room.
     * @param slot       the slot's message.
     * @param token      the ring sequence it is claimed under.
     * @param length     the payload length, at most its capacity.
     */
    protected static void claim(final long descriptor, final int headerRoom, final Message slot, final long token,
        final int length) {
        Reuse.onClaim(descriptor, headerRoom, slot, token, length);
    }

    /**
     * Makes a claimed slot readable by consumers inside a read scope for its token
     * ({@link Checks#enterRead(long)}); the producer may no longer touch it. Works on the slot's
     * descriptor, without its message.
     *
     * @param descriptor the descriptor address of a claimed slot of the calling source.
     */
    protected static void publish(final long descriptor) {
        StateWord.published(descriptor);
    }

    /**
     * Marks a message released without going through {@link #onRelease(Message)}: the source has
     * taken it back by itself (a recycled ring slot, or a ring that closed).
     *
     * @param message a message of the calling source.
     */
    protected static void retire(final Message message) {
        StateWord.retired(message.descriptorAddress);
    }

    /**
     * With checks on, whether a slot is claimed under {@code token} by the calling thread (with
     * checks off a claim keeps neither token nor owner, and this answers false). Works on the slot's
     * descriptor, without its message.
     *
     * @param descriptor the descriptor address of a slot of the calling source.
     * @param token      the sequence the caller believes it claimed.
     * @return true when the caller may write and publish it.
     */
    protected static boolean isClaimedAt(final long descriptor, final long token) {
        return Ownership.isClaimedBy(descriptor, token);
    }

    /**
     * The kind of a ring slot's content: {@link MessageDescriptor#KIND_DATA}, {@code KIND_CANCELLED}
     * or {@code KIND_CONTROL}, as the producer left it in the descriptor before publishing.
     *
     * @param message a message of the calling source.
     * @return the kind.
     */
    protected static int kind(final Message message) {
        return Descriptors.getInt(message.descriptorAddress, MessageDescriptor.KIND);
    }

    /**
     * Marks a claimed slot as holding something other than data (a claim reset it to data).
     *
     * @param message a claimed message of the calling source.
     * @param kind    {@link MessageDescriptor#KIND_CANCELLED} or {@link MessageDescriptor#KIND_CONTROL}.
     */
    protected static void kind(final Message message, final int kind) {
        Descriptors.putInt(message.descriptorAddress, MessageDescriptor.KIND, kind);
    }

    /**
     * How many consumers have yet to pass a slot that holds a one-lap buffer.
     *
     * @param message a message of the calling source.
     * @return the count; 0 when the slot holds no one-lap buffer.
     */
    protected static int holders(final Message message) {
        return Descriptors.getInt(message.descriptorAddress, MessageDescriptor.HOLDERS);
    }

    /**
     * Sets how many consumers must pass a slot before its one-lap buffer can go (written by the
     * claiming producer before it publishes, or 0 to clear).
     *
     * @param message a claimed message of the calling source.
     * @param count   the number of consumers, or 0.
     */
    protected static void holders(final Message message, final int count) {
        Descriptors.putInt(message.descriptorAddress, MessageDescriptor.HOLDERS, count);
    }

    /**
     * Counts one consumer as having passed a slot that holds a one-lap buffer (atomically).
     *
     * @param message a message of the calling source.
     * @return how many consumers have still to pass it: 0 for the last.
     */
    protected static int dropHolder(final Message message) {
        return Descriptors.getAndAddInt(message.descriptorAddress, MessageDescriptor.HOLDERS, -1) - 1;
    }

    /**
     * The kind of the ring slot whose descriptor is at {@code descriptorAddress} (a consumer that
     * knows its ring's layout reads it from the slot's memory without touching the message object).
     *
     * @param descriptorAddress the address of a live slot's descriptor in the calling source's memory.
     * @return the kind.
     */
    protected static int kindAt(final long descriptorAddress) {
        return Descriptors.getInt(descriptorAddress, MessageDescriptor.KIND);
    }

    /**
     * How many consumers have yet to pass the slot whose descriptor is at {@code descriptorAddress}.
     *
     * @param descriptorAddress the address of a live slot's descriptor in the calling source's memory.
     * @return the count; 0 when the slot holds no one-lap buffer.
     */
    protected static int holdersAt(final long descriptorAddress) {
        return Descriptors.getInt(descriptorAddress, MessageDescriptor.HOLDERS);
    }

    /**
     * Points a claimed message at a larger buffer for this lap; {@link #detach(Message)} restores its
     * own memory.
     *
     * @param message a claimed message.
     * @param memory  direct memory of header room plus the payload capacity needed.
     */
    protected static void attach(final Message message, final ByteBuffer memory) {
        WireViews.attach(message, memory);
    }

    /**
     * Points a message back at its own memory and forgets the buffer {@link #attach} gave it.
     *
     * @param message a message of the calling source.
     * @return true when a buffer was attached.
     */
    protected static boolean detach(final Message message) {
        return WireViews.detach(message);
    }

    /**
     * Points a released message's buffer views at nothing, so that a stale reference to them fails
     * a bounds check instead of touching memory that is about to be freed.
     *
     * @param message a released message of the calling source.
     */
    protected static void unmap(final Message message) {
        WireViews.unmap(message);
    }
}
