package io.sprocket.message;

import java.nio.ByteBuffer;

import org.agrona.BufferUtil;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The flyweight every layer passes around: a payload in reusable off-heap memory, the protocol header
 * directly in front of it, and the sending peer's id and address.
 *
 * <p>Memory layout: {@code [header room][payload capacity]}. A protocol header (an SP request
 * backtrace, for example) is kept right-aligned against the payload, so header and payload are one
 * contiguous range, {@link #wireBuffer()} from {@link #wireOffset()} for {@link #wireLength()} bytes,
 * that a transport writes with one call.
 *
 * <p>Messages come from a {@link MessageSource}: a ring slot (claimed, written, published, handled,
 * recycled) or a {@link BufferPool} (acquired, used, released). None is ever created per message.
 *
 * <p><b>Misuse is detected.</b> Releasing twice always throws {@link IllegalStateException}. With
 * {@link Checks#ENABLED checks} on (the default), every accessor also throws it when the message is
 * released, when a ring slot is touched by a thread other than the producer that claimed it, or after
 * it was published by any thread that is not inside the handler that received it; the message names
 * the source, the slot and the generations involved.
 *
 * <p><b>Note:</b> a message belongs to one thread at a time (its producer, then the handler that
 * receives it, or whoever acquired it from a pool and those it hands it to with a happens-before
 * edge). No method allocates, except {@link #clone()} on a pool miss and the exceptions on misuse.
 */
public final class Message {
    private final MessageSource source;
    private final BufferPool clonePool;
    /** The message's index in its source (a view's is the slot it is bound to). */
    int index;
    private final boolean reusable;

    // Package-private for this package's static helpers, which work on them with no object in
    // between: Reuse and Clones (headerRoom, the address, addr), WireViews (the views), and
    // MessageSource (the address).

    /** Header bytes in front of the payload in the message's own memory. */
    final int headerRoom;
    /** The wire range of the message's own memory: header room and payload capacity. */
    ByteBuffer home;
    /**
     * The address of the per-message fields, in the message's own memory (see
     * {@link MessageDescriptor}); {@link #home} keeps that memory alive. Read and written through
     * {@link Descriptors}, without a bounds check per access: every offset is a descriptor constant
     * inside the 64 bytes the constructor checked (those checks were a measurable part of a claim,
     * and of each message the engine handled). Points at a shared released descriptor once unmapped.
     */
    long descriptorAddress;
    /** A one-lap buffer standing in for {@link #home}'s wire range, or null. */
    ByteBuffer attached;
    /** Bytes of the wire range in use: {@link #home}'s, or {@link #attached}'s. */
    int wireCapacity;
    /** The view of the whole wire range in use. */
    UnsafeBuffer storage;
    /** The view of the payload; {@link #buffer()} returns it. */
    final UnsafeBuffer payload;
    /** Where {@link #payload} points in the wire range; re-pointed when the descriptor says otherwise. */
    int payloadViewOffset;
    /** The peer's transport address, or null: the one per-message field kept on the heap. */
    Addr addr;
    /**
     * For a ring's view, the ring's slot messages, by index; null for any other message. See
     * {@link #owner()}.
     */
    final Message[] slots;

    /**
     * With {@code wireViews} false, only what a claim, a publish and a handler's {@code buffer()}
     * touch is allocated now (the message and its payload view, next to each other);
     * {@link WireViews#complete} adds the rest later. A ring builds its slots in two such passes, so
     * the objects its hot path touches lie together instead of spread among the cold ones.
     */
    Message(
        final MessageSource source,
        final BufferPool clonePool,
        final int index,
        final ByteBuffer memory,
        final int offset,
        final int headerRoom,
        final int payloadCapacity,
        final boolean reusable,
        final boolean wireViews) {
        Bounds.checkMemory(memory, offset, headerRoom, payloadCapacity);
        this.source = source;
        this.clonePool = clonePool;
        this.index = index;
        this.headerRoom = headerRoom;
        this.reusable = reusable;
        this.payload = new UnsafeBuffer(memory, offset + headerRoom, payloadCapacity);
        this.wireCapacity = headerRoom + payloadCapacity;
        this.descriptorAddress =
            BufferUtil.address(memory) + offset + MessageDescriptor.descriptorOffset(headerRoom, payloadCapacity);
        this.payloadViewOffset = headerRoom;
        this.slots = null;
        if (wireViews) {
            WireViews.complete(this, memory);
        }
        Reuse.init(descriptorAddress, headerRoom);
    }

    /**
     * A ring's view: no memory of its own; {@link WireViews#bind} points it at one slot at a time,
     * and until then it is unmapped (every check refuses it, its views show nothing).
     */
    Message(final MessageSource source, final BufferPool clonePool, final int headerRoom, final Message[] slots) {
        this.source = source;
        this.clonePool = clonePool;
        this.index = -1;
        this.headerRoom = headerRoom;
        this.reusable = false;
        this.payload = new PayloadView();
        this.home = WireViews.NO_MEMORY;
        this.storage = new UnsafeBuffer(WireViews.NO_MEMORY);
        this.slots = slots;
        WireViews.unmap(this);
    }

    // ------------------------------------------------------------------ payload

    /**
     * The payload: index 0 is the first payload byte, {@link #capacity()} bytes are writable.
     *
     * @return the payload view (the same object every call; do not keep it past the message).
     * @throws IllegalStateException on misuse, with checks on.
     */
    public UnsafeBuffer buffer() {
        checkAccess("buffer()");
        // The descriptor says where the payload starts: moveToHeader moves it, a claim or acquire
        // resets it, and a ring slot's message and the views bound to it share it, so the view
        // follows it here (one read of the descriptor's line, which a claim and a handler's
        // consumer have just read).
        final int offset = payloadOffset();
        if (offset != payloadViewOffset) {
            WireViews.pointPayloadAt(this, offset);
        }
        return payload;
    }

    /**
     * How many payload bytes {@link #buffer()} can hold.
     *
     * @return bytes.
     * @throws IllegalStateException on misuse, with checks on.
     */
    public int capacity() {
        checkAccess("capacity()");
        return owner().wireCapacity - payloadOffset();
    }

    /**
     * The payload length.
     *
     * @return bytes.
     * @throws IllegalStateException on misuse, with checks on.
     */
    public int length() {
        checkAccess("length()");
        return Descriptors.getInt(descriptorAddress, MessageDescriptor.LENGTH);
    }

    /**
     * Sets the payload length.
     *
     * @param lengthBytes 0 to {@link #capacity()}.
     * @return this message.
     * @throws IllegalArgumentException when out of range.
     * @throws IllegalStateException    on misuse, with checks on.
     */
    public Message length(final int lengthBytes) {
        checkAccess("length(int)");
        Bounds.checkLength(lengthBytes, owner().wireCapacity - payloadOffset(), this);
        Descriptors.putInt(descriptorAddress, MessageDescriptor.LENGTH, lengthBytes);
        return this;
    }

    /**
     * Copies bytes into the payload from index 0 and sets the length to their count.
     *
     * @param src    the bytes.
     * @param offset where they start in {@code src}.
     * @param count  how many, at most {@link #capacity()}.
     * @return this message.
     * @throws IllegalArgumentException when {@code src} is null, {@code count} exceeds the capacity or the
     *                                  range is outside {@code src}.
     * @throws IllegalStateException    on misuse, with checks on.
     */
    public Message putPayload(final DirectBuffer src, final int offset, final int count) {
        checkAccess("putPayload(DirectBuffer)");
        Bounds.checkPayloadCopy(offset, count, src == null ? -1 : src.capacity(), owner().wireCapacity - payloadOffset(), this);
        owner().storage.putBytes(payloadOffset(), src, offset, count);
        Descriptors.putInt(descriptorAddress, MessageDescriptor.LENGTH, count);
        return this;
    }

    /**
     * Copies bytes into the payload from index 0 and sets the length to their count.
     *
     * @param src    the bytes.
     * @param offset where they start in {@code src}.
     * @param count  how many, at most {@link #capacity()}.
     * @return this message.
     * @throws IllegalArgumentException when {@code src} is null, {@code count} exceeds the capacity or the
     *                                  range is outside {@code src}.
     * @throws IllegalStateException    on misuse, with checks on.
     */
    public Message putPayload(final byte[] src, final int offset, final int count) {
        checkAccess("putPayload(byte[])");
        Bounds.checkPayloadCopy(offset, count, src == null ? -1 : src.length, owner().wireCapacity - payloadOffset(), this);
        owner().storage.putBytes(payloadOffset(), src, offset, count);
        Descriptors.putInt(descriptorAddress, MessageDescriptor.LENGTH, count);
        return this;
    }

    // ------------------------------------------------------------------ routing

    /**
     * The id of the peer that sent this message, or that it is for.
     *
     * @return the peer id; 0 when none was set.
     * @throws IllegalStateException on misuse, with checks on.
     */
    public long peerId() {
        checkAccess("peerId()");
        return Descriptors.getLong(descriptorAddress, MessageDescriptor.PEER_ID);
    }

    /**
     * Sets the peer id.
     *
     * @param id the peer id.
     * @return this message.
     * @throws IllegalStateException on misuse, with checks on.
     */
    public Message peerId(final long id) {
        checkAccess("peerId(long)");
        Descriptors.putLong(descriptorAddress, MessageDescriptor.PEER_ID, id);
        return this;
    }

    /**
     * The transport address of the peer, when the transport set one.
     *
     * @return the address, or null.
     * @throws IllegalStateException on misuse, with checks on.
     */
    public Addr addr() {
        checkAccess("addr()");
        return owner().addr;
    }

    /**
     * Sets the peer's address. The address is the one per-message field kept on the heap (it is an
     * object): a claim clears it only when it was set.
     *
     * @param address the address, or null.
     * @return this message.
     * @throws IllegalStateException on misuse, with checks on.
     */
    public Message addr(final Addr address) {
        checkAccess("addr(Addr)");
        Reuse.addr(this, address);
        return this;
    }

    // ------------------------------------------------------------------ header

    /**
     * The protocol header's length.
     *
     * @return bytes, 0 when there is no header.
     * @throws IllegalStateException on misuse, with checks on.
     */
    public int headerLength() {
        checkAccess("headerLength()");
        return Headers.length(descriptorAddress);
    }

    /**
     * How many more header bytes fit in front of the payload.
     *
     * @return bytes.
     * @throws IllegalStateException on misuse, with checks on.
     */
    public int headerRoomLeft() {
        checkAccess("headerRoomLeft()");
        return Headers.start(descriptorAddress);
    }

    /**
     * Replaces the protocol header with the given bytes.
     *
     * @param src    the header bytes.
     * @param offset where they start in {@code src}.
     * @param count  how many, at most the header room in front of the payload.
     * @return this message.
     * @throws IllegalArgumentException when {@code src} is null, {@code count} does not fit or the range is
     *                                  outside {@code src}.
     * @throws IllegalStateException    on misuse, with checks on.
     */
    public Message putHeader(final DirectBuffer src, final int offset, final int count) {
        checkAccess("putHeader(DirectBuffer)");
        Headers.put(descriptorAddress, owner().storage, src, offset, count, this);
        return this;
    }

    /**
     * Puts a 32-bit big-endian word in front of the current header, as SP protocols prepend a
     * backtrace hop.
     *
     * @param word the word.
     * @return this message.
     * @throws IllegalArgumentException when no 4 bytes of header room are left.
     * @throws IllegalStateException    on misuse, with checks on.
     */
    public Message pushHeaderInt(final int word) {
        checkAccess("pushHeaderInt(int)");
        Headers.pushInt(descriptorAddress, owner().storage, word, this);
        return this;
    }

    /**
     * Reads a 32-bit big-endian word of the header.
     *
     * @param headerIndex the word's byte offset from the header's first byte.
     * @return the word.
     * @throws IllegalArgumentException when the word is not inside the header.
     * @throws IllegalStateException    on misuse, with checks on.
     */
    public int headerInt(final int headerIndex) {
        checkAccess("headerInt(int)");
        return Headers.getInt(descriptorAddress, owner().storage, headerIndex);
    }

    /**
     * Moves the first {@code count} payload bytes to the end of the header without copying, as a
     * protocol does when a received payload starts with its header.
     *
     * @param count 0 to {@link #length()}.
     * @return this message.
     * @throws IllegalArgumentException when {@code count} is out of range.
     * @throws IllegalStateException    on misuse, with checks on.
     */
    public Message moveToHeader(final int count) {
        checkAccess("moveToHeader(int)");
        WireViews.pointPayloadAt(this, Headers.takeFromPayload(descriptorAddress, count));
        return this;
    }

    /**
     * Drops the protocol header.
     *
     * @return this message.
     * @throws IllegalStateException on misuse, with checks on.
     */
    public Message clearHeader() {
        checkAccess("clearHeader()");
        Headers.clear(descriptorAddress);
        return this;
    }

    // ------------------------------------------------------------------ wire

    /**
     * The memory that holds header and payload together, for a transport's single write.
     *
     * @return the whole wire range (the same object every call).
     * @throws IllegalStateException on misuse, with checks on.
     */
    public UnsafeBuffer wireBuffer() {
        checkAccess("wireBuffer()");
        return owner().storage;
    }

    /**
     * The {@link ByteBuffer} over the same memory as {@link #wireBuffer()} (index 0 is the same
     * byte, and its capacity ends where the wire range ends), for a transport's channel reads and
     * writes without a copy. The caller may set its position and limit while it owns the message;
     * the buffer is the same object every call and must not be kept past the message.
     *
     * @return the message's own direct buffer.
     * @throws IllegalStateException on misuse, with checks on.
     */
    public ByteBuffer byteBuffer() {
        checkAccess("byteBuffer()");
        final Message owner = owner();
        return owner.attached != null ? owner.attached : owner.home;
    }

    /**
     * Where the header starts (or the payload, without a header) in {@link #wireBuffer()}.
     *
     * @return the offset.
     * @throws IllegalStateException on misuse, with checks on.
     */
    public int wireOffset() {
        checkAccess("wireOffset()");
        return Headers.start(descriptorAddress);
    }

    /**
     * Header plus payload length.
     *
     * @return bytes.
     * @throws IllegalStateException on misuse, with checks on.
     */
    public int wireLength() {
        checkAccess("wireLength()");
        return Headers.length(descriptorAddress) + Descriptors.getInt(descriptorAddress, MessageDescriptor.LENGTH);
    }

    // ------------------------------------------------------------------ lifecycle

    /**
     * Copies header, payload, peer id and address into a message of its own from this message's
     * clone pool, so it can outlive this one (a handler keeps a ring message past its return).
     * Release the copy when done.
     *
     * @return the copy, owned by the caller.
     * @throws IllegalStateException on misuse, with checks on, or when this message's source has no
     *                               clone pool or its header does not fit the pool's header room.
     */
    @Override
    public Message clone() {
        checkAccess("clone()");
        return Clones.copy(this, clonePool);
    }

    /**
     * Hands the message back to its source: a pool reuses it, a ring slot is let go early (the ring
     * recycles slots by itself once every consumer has passed them, so handlers need not call this).
     * The message must not be touched afterwards.
     *
     * <p>The release is one compare-and-set on the message's state word, checks on or off: of two
     * threads releasing the same message, exactly one succeeds and the other gets the exception, and
     * the source takes the message back once.
     *
     * @throws IllegalStateException when already released, or on misuse with checks on.
     */
    public void release() {
        final long word = StateWord.read(descriptorAddress);
        if (StateWord.isFree(word)) {
            throw Ownership.refusal(descriptorAddress, this, "release()");
        }
        checkAccess("release()");
        if (!StateWord.compareAndRelease(descriptorAddress, word)) {
            throw Ownership.refusal(descriptorAddress, this, "release()");
        }
        source.onRelease(this);
    }

    /**
     * The slot index in a ring, or the serial number in a pool.
     *
     * @return the index.
     */
    public int index() {
        return index;
    }

    /**
     * How many times this message has been acquired from its pool or, with checks on, claimed in its
     * ring (with checks off a ring claim does not count it: see {@code onClaim}).
     *
     * @return the generation, which grows by one at each acquire, and at each claim with checks on.
     */
    public long generation() {
        return StateWord.generation(descriptorAddress);
    }

    /**
     * The source this message returns to.
     *
     * @return the ring or pool.
     */
    public MessageSource source() {
        return source;
    }

    /**
     * Says where the message comes from and what state it is in; never throws.
     *
     * @return for example {@code Message[ring 'orders' slot 5, generation 3, published]}.
     */
    @Override
    public String toString() {
        return "Message[" + source.describe(index) + ", generation " + generation() + ", "
            + StateWord.name(StateWord.state(descriptorAddress)) + ']';
    }

    // ------------------------------------------------------------------ helpers

    /**
     * The message whose memory and heap fields this one uses: itself, or for a ring's view bound to a
     * slot, that slot's message. The wire range's views ({@link #home}, {@link #storage},
     * {@link #attached}, {@link #wireCapacity}) and the address are read and written through it; the
     * payload view and the descriptor address are each message's own. Reading the slot's message
     * only here, when one of those is used, and binding a view by index, keeps the hot path from
     * touching the slot's heap message (or storing a reference, which costs a garbage collector's
     * write barrier).
     */
    Message owner() {
        final Message[] s = slots;
        return s == null || index < 0 ? this : s[index];
    }

    private int payloadOffset() {
        return Descriptors.getInt(descriptorAddress, MessageDescriptor.PAYLOAD_OFFSET);
    }

    private void checkAccess(final String operation) {
        Ownership.check(descriptorAddress, this, operation);
    }

    // ------------------------------------------------------------------ source side

    boolean isReusable() {
        return reusable;
    }
}
