package io.sprocket.message;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

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
    static final int FREE = 0;
    static final int OWNED = 1;
    static final int CLAIMED = 2;
    static final int PUBLISHED = 3;
    private static final String[] STATE_NAMES = {"released", "acquired", "claimed", "published"};

    private static final ByteBuffer NO_MEMORY = ByteBuffer.allocateDirect(0);

    private final MessageSource source;
    private final BufferPool clonePool;
    private final int index;
    private final int headerRoom;
    private final boolean reusable;
    private final ByteBuffer home;
    private ByteBuffer attached;

    private final UnsafeBuffer storage;
    private final UnsafeBuffer payload;
    private int payloadOffset;
    private int capacity;
    private int length;
    private int headerLength;

    private long peerId;
    private Addr addr;

    private int state;
    private long generation;
    private long token;
    private Thread ownerThread;

    Message(
        final MessageSource source,
        final BufferPool clonePool,
        final int index,
        final ByteBuffer memory,
        final int headerRoom,
        final boolean reusable) {
        if (!memory.isDirect()) {
            throw new IllegalArgumentException("message memory must be direct");
        }
        if (headerRoom < 0 || headerRoom > memory.capacity()) {
            throw new IllegalArgumentException(
                "header room " + headerRoom + " must be from 0 to the memory's " + memory.capacity() + " bytes");
        }
        this.source = source;
        this.clonePool = clonePool;
        this.index = index;
        this.headerRoom = headerRoom;
        this.reusable = reusable;
        this.home = memory;
        this.storage = new UnsafeBuffer(memory, 0, memory.capacity());
        this.payload = new UnsafeBuffer(memory, headerRoom, memory.capacity() - headerRoom);
        this.payloadOffset = headerRoom;
        this.capacity = memory.capacity() - headerRoom;
        this.state = FREE;
        this.token = -1;
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
        return capacity;
    }

    /**
     * The payload length.
     *
     * @return bytes.
     * @throws IllegalStateException on misuse, with checks on.
     */
    public int length() {
        checkAccess("length()");
        return length;
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
        if (lengthBytes < 0 || lengthBytes > capacity) {
            throw new IllegalArgumentException(
                "length " + lengthBytes + " must be from 0 to the capacity " + capacity + " of " + this);
        }
        this.length = lengthBytes;
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
        checkCopy(offset, count, src == null ? -1 : src.capacity());
        payload.putBytes(0, src, offset, count);
        this.length = count;
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
        checkCopy(offset, count, src == null ? -1 : src.length);
        payload.putBytes(0, src, offset, count);
        this.length = count;
        return this;
    }

    private void checkCopy(final int offset, final int count, final int srcCapacity) {
        if (srcCapacity < 0) {
            throw new IllegalArgumentException("source is null");
        }
        if (count < 0 || count > capacity) {
            throw new IllegalArgumentException(
                "payload of " + count + " bytes must be from 0 to the capacity " + capacity + " of " + this);
        }
        if (offset < 0 || offset > srcCapacity - count) {
            throw new IllegalArgumentException("source range " + offset + "+" + count
                + " is outside the source's " + srcCapacity + " bytes");
        }
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
        return peerId;
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
        this.peerId = id;
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
        return addr;
    }

    /**
     * Sets the peer's address.
     *
     * @param address the address, or null.
     * @return this message.
     * @throws IllegalStateException on misuse, with checks on.
     */
    public Message addr(final Addr address) {
        checkAccess("addr(Addr)");
        this.addr = address;
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
        return headerLength;
    }

    /**
     * How many more header bytes fit in front of the payload.
     *
     * @return bytes.
     * @throws IllegalStateException on misuse, with checks on.
     */
    public int headerRoomLeft() {
        checkAccess("headerRoomLeft()");
        return payloadOffset - headerLength;
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
        if (src == null) {
            throw new IllegalArgumentException("header source is null");
        }
        if (count < 0 || count > payloadOffset) {
            throw new IllegalArgumentException(
                "header of " + count + " bytes must be from 0 to the room " + payloadOffset + " of " + this);
        }
        if (offset < 0 || offset > src.capacity() - count) {
            throw new IllegalArgumentException("source range " + offset + "+" + count
                + " is outside the source's " + src.capacity() + " bytes");
        }
        storage.putBytes(payloadOffset - count, src, offset, count);
        this.headerLength = count;
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
        if (payloadOffset - headerLength < Integer.BYTES) {
            throw new IllegalArgumentException("no room for 4 more header bytes: the header has " + headerLength
                + " of " + payloadOffset + " bytes in " + this);
        }
        headerLength += Integer.BYTES;
        storage.putInt(payloadOffset - headerLength, word, ByteOrder.BIG_ENDIAN);
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
        if (headerIndex < 0 || headerIndex > headerLength - Integer.BYTES) {
            throw new IllegalArgumentException(
                "header word at " + headerIndex + " is outside the header's " + headerLength + " bytes");
        }
        return storage.getInt(payloadOffset - headerLength + headerIndex, ByteOrder.BIG_ENDIAN);
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
        if (count < 0 || count > length) {
            throw new IllegalArgumentException(
                "cannot move " + count + " bytes to the header: the payload has " + length);
        }
        payloadOffset += count;
        headerLength += count;
        length -= count;
        capacity -= count;
        payload.wrap(attached != null ? attached : home, payloadOffset, capacity);
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
        headerLength = 0;
        return this;
    }

    // ------------------------------------------------------------------ wire

    /**
     * The memory that holds header and payload together, for a transport's single write.
     *
     * @return the whole region (the same object every call).
     * @throws IllegalStateException on misuse, with checks on.
     */
    public UnsafeBuffer wireBuffer() {
        checkAccess("wireBuffer()");
        return storage;
    }

    /**
     * The {@link ByteBuffer} over the same memory as {@link #wireBuffer()} (index 0 is the same
     * byte), for a transport's channel reads and writes without a copy. The caller may set its
     * position and limit while it owns the message; the buffer is the same object every call and
     * must not be kept past the message.
     *
     * @return the message's own direct buffer.
     * @throws IllegalStateException on misuse, with checks on.
     */
    public ByteBuffer byteBuffer() {
        checkAccess("byteBuffer()");
        return attached != null ? attached : home;
    }

    /**
     * Where the header starts (or the payload, without a header) in {@link #wireBuffer()}.
     *
     * @return the offset.
     * @throws IllegalStateException on misuse, with checks on.
     */
    public int wireOffset() {
        checkAccess("wireOffset()");
        return payloadOffset - headerLength;
    }

    /**
     * Header plus payload length.
     *
     * @return bytes.
     * @throws IllegalStateException on misuse, with checks on.
     */
    public int wireLength() {
        checkAccess("wireLength()");
        return headerLength + length;
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
        if (clonePool == null) {
            throw new IllegalStateException(this + " has no clone pool");
        }
        final Message copy = clonePool.acquire(length);
        if (headerLength > copy.payloadOffset) {
            copy.release();
            throw new IllegalStateException("header of " + headerLength + " bytes of " + this
                + " does not fit the " + copy.payloadOffset + " header bytes of pool " + clonePool.name());
        }
        copy.storage.putBytes(copy.payloadOffset - headerLength, storage, payloadOffset - headerLength,
            headerLength + length);
        copy.headerLength = headerLength;
        copy.length = length;
        copy.peerId = peerId;
        copy.addr = addr;
        return copy;
    }

    /**
     * Hands the message back to its source: a pool reuses it, a ring slot is let go early (the ring
     * recycles slots by itself once every consumer has passed them, so handlers need not call this).
     * The message must not be touched afterwards.
     *
     * @throws IllegalStateException when already released, or on misuse with checks on.
     */
    public void release() {
        if (state == FREE) {
            throw misuse("release()");
        }
        checkAccess("release()");
        state = FREE;
        ownerThread = null;
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
        return generation;
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
        return "Message[" + source.describe(index) + ", generation " + generation + ", " + STATE_NAMES[state] + ']';
    }

    // ------------------------------------------------------------------ checks

    private void checkAccess(final String operation) {
        if (Checks.ENABLED) {
            final int s = state;
            if (s == OWNED
                || (s == CLAIMED && ownerThread == Thread.currentThread())
                || (s == PUBLISHED && Checks.readToken() == token)) {
                return;
            }
            throw misuse(operation);
        }
    }

    private IllegalStateException misuse(final String operation) {
        final String what;
        switch (state) {
            case FREE:
                what = "it was released" + (token >= 0 ? " (last sequence " + token + ")" : "")
                    + "; clone() a message that must outlive its handler";
                break;
            case CLAIMED:
                what = "it is claimed by thread '" + (ownerThread == null ? "?" : ownerThread.getName())
                    + "' for sequence " + token + ", and only that producer may touch it before publish"
                    + readScopeHint();
                break;
            case PUBLISHED:
                what = "it was published as sequence " + token
                    + " and only a handler receiving it may touch it" + readScopeHint();
                break;
            default:
                what = "it is in an unexpected state";
                break;
        }
        return new IllegalStateException(operation + " on " + this + " refused by thread '"
            + Thread.currentThread().getName() + "': " + what);
    }

    private static String readScopeHint() {
        final long t = Checks.readToken();
        return t == Checks.NO_TOKEN ? "; the calling thread is in no handler"
            : "; the calling thread's handler received sequence " + t
            + " (a handler that keeps a message past its return must clone() it)";
    }

    // ------------------------------------------------------------------ source side

    boolean isClaimedBy(final long sequence) {
        return state == CLAIMED && token == sequence && (!Checks.ENABLED || ownerThread == Thread.currentThread());
    }

    boolean isReusable() {
        return reusable;
    }

    void onAcquire(final int lengthBytes) {
        generation++;
        reset(lengthBytes);
        state = OWNED;
    }

    /**
     * A ring claim. With checks off it writes only what a claim must (the length, and fields that
     * are not already reset), because every field written here is a cache line the engine's core
     * has to give back to the producer's: the slot stays marked claimed while it is in the ring, and
     * the generation and sequence, which only the checks and their messages use, are not kept.
     */
    void onClaim(final long sequence, final int lengthBytes) {
        reset(lengthBytes);
        if (Checks.ENABLED) {
            generation++;
            token = sequence;
            ownerThread = Thread.currentThread();
            state = CLAIMED;
        } else if (state != CLAIMED) {
            state = CLAIMED;
        }
    }

    void onPublish() {
        if (Checks.ENABLED) {
            ownerThread = null;
            state = PUBLISHED;
        }
    }

    void onRetire() {
        ownerThread = null;
        state = FREE;
    }

    private void reset(final int lengthBytes) {
        if (payloadOffset != headerRoom) {
            payloadOffset = headerRoom;
            final ByteBuffer memory = attached != null ? attached : home;
            capacity = memory.capacity() - headerRoom;
            payload.wrap(memory, headerRoom, capacity);
        }
        if (length != lengthBytes) {
            length = lengthBytes;
        }
        if (headerLength != 0) {
            headerLength = 0;
        }
        if (peerId != 0) {
            peerId = 0;
        }
        if (addr != null) {
            addr = null;
        }
    }

    void attach(final ByteBuffer memory) {
        attached = memory;
        payloadOffset = headerRoom;
        capacity = memory.capacity() - headerRoom;
        storage.wrap(memory, 0, memory.capacity());
        payload.wrap(memory, headerRoom, capacity);
    }

    boolean detach() {
        if (attached == null) {
            return false;
        }
        attached = null;
        payloadOffset = headerRoom;
        capacity = home.capacity() - headerRoom;
        storage.wrap(home, 0, home.capacity());
        payload.wrap(home, headerRoom, capacity);
        return true;
    }

    void unmap() {
        attached = null;
        capacity = 0;
        length = 0;
        headerLength = 0;
        storage.wrap(NO_MEMORY, 0, 0);
        payload.wrap(NO_MEMORY, 0, 0);
    }
}
