package io.sprocket.transport;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

import org.agrona.BufferUtil;
import org.agrona.concurrent.UnsafeBuffer;

import io.sprocket.message.Addr;
import io.sprocket.message.BufferPool;
import io.sprocket.message.Message;
import io.sprocket.ring.MessageFiller;
import io.sprocket.ring.MessageRing;

/**
 * The inbound half of a {@link TransportConnection}: frames from its channel into ring slots. A
 * frame longer than the receive limit, or an IPC frame whose type byte is not 1, closes the
 * connection before anything of it is claimed.
 *
 * <h2>Claims never outlive a call</h2>
 * Every claim goes through {@link MessageRing#tryFill}: the ring publishes the slot when the filler
 * answers true and gives it back when the filler answers false or throws anything, an
 * {@link Error} included. A claimed slot that is neither published nor given back would stop every
 * consumer of the ring at its sequence for good, so no path here can leave one, however it fails.
 * An I/O error closes the connection ({@link TransportStats#peerClosed()}); anything else thrown
 * (out of direct memory for a staging buffer, say) leaves this class, and the worker closes the
 * connection it came from ({@link TransportStats#connectionsFailed()}) and goes on.
 *
 * <h2>Read-ahead, fast path, slow path</h2>
 * The channel is read into a read-ahead buffer of {@link #READ_AHEAD_BYTES} (the connection's
 * direct memory), as much as it holds per {@code read}, so that one system call brings every small
 * frame the peer has sent since the last one: the frames are parsed from it, up to the frames this
 * wake-up may publish. Fast path: parse the prefix, claim a slot of the frame's length and copy the
 * payload from the read-ahead buffer into it; the part of a longer frame that is not there yet is read
 * from the channel straight into the slot (one copy of at most the read-ahead buffer, then none). A
 * frame that fits the read-ahead buffer but is not whole in it first gets one more read into the
 * buffer, which also brings the frames behind it. A frame that is not whole after the reads the
 * channel has to give now is copied into a staging buffer and its slot given back (a slot must not
 * stay claimed across wake-ups); the rest is read into staging over later wake-ups and copied into a
 * slot once, when whole. Staging comes
 * from the ring's clone pool for frames up to its pooled size, and is a direct buffer of the frame's
 * size otherwise, freed as soon as the frame is copied (or the connection closes), so that an idle
 * transport holds no staging memory beyond the pool's bound.
 *
 * <h2>Turns</h2>
 * {@link #read} reads at most the frames it is given. A connection that finds the ring full, or has
 * used its frames, stops reading ({@code OP_READ} off) and waits for a turn in its worker's queue,
 * which serves waiting connections one frame each in order (see {@link Worker}); while others wait,
 * a connection that becomes readable joins the back of that queue instead of claiming ahead of them.
 *
 * <h2>Frame timeout</h2>
 * A frame the peer leaves unfinished is timed from the first wake-up that found it incomplete; past
 * the transport's frame timeout the connection is closed ({@link TransportStats#frameTimeouts()}).
 * Waiting for ring room does not count: it stops the clock.
 *
 * <p><b>Note:</b> worker thread only. Allocation-free except for staging buffers of frames longer
 * than the clone pool's pooled size (and a pool miss).
 */
final class FrameReader {
    /** Bytes of the read-ahead buffer, and of direct memory a reader takes: 56 frames of 64 bytes per read. */
    static final int READ_AHEAD_BYTES = 4096;

    /** Needs more bytes from the peer: reading resumes on {@code OP_READ}. */
    static final int WAITING = 0;
    /** Used its frames with more to read: waits for another turn. */
    static final int MORE = 1;
    /** The ring was full: waits for a turn (backpressure). */
    static final int FULL = 2;
    /** The connection was closed. */
    static final int ENDED = 3;

    static final long NO_TIMER = Long.MAX_VALUE;

    private static final int R_PREFIX = 0;
    private static final int R_CLAIM = 1;
    private static final int R_STAGING = 2;
    private static final int R_STAGED_CLAIM = 3;
    private static final int GOING_ON = -1;
    private static final int OPEN = -2;
    private static final byte[] NOTHING = new byte[0];
    private static final MessageFiller<FrameReader> INTO_SLOT = FrameReader::intoSlot;
    private static final MessageFiller<FrameReader> FROM_STAGING = FrameReader::fromStaging;

    private final TransportConnection conn;
    private final Worker worker;
    private final SocketChannel channel;
    private final MessageRing ring;
    private final BufferPool stagingPool;
    private final ReadFaults faults;
    private final boolean ipc;
    private final int prefixBytes;
    private final int recvMaxSizeBytes;
    private final long frameTimeoutNs;
    private final long peerId;
    private final Addr remoteAddr;
    /** The read-ahead buffer, always ready to be read from: bytes from its position to its limit are unparsed. */
    private final ByteBuffer readAhead;
    private final SocketEndpoints sock;
    private final int maxTtl;

    private int state = R_PREFIX;
    private int frameLength;
    /** Why the fast path's filler gave its slot back without staging: a counter, or {@link #OPEN}. */
    private int endReason = OPEN;
    /** The protocol's verdict on the frame a filler declined ({@link ReceiveRules}), or {@link ReceiveRules#DELIVER}. */
    private int verdict = ReceiveRules.DELIVER;
    private Message pooledStaging;
    private ByteBuffer ownStaging;
    private ByteBuffer stagingBuffer;
    private int stagingStart;
    private int stagedBytes;
    private final UnsafeBuffer stagingView = new UnsafeBuffer(NOTHING);
    /** Not reading on {@code OP_READ}: waiting in the worker's turn queue. */
    private boolean waitingTurn;
    /** The last claim found the ring full (for counting stalls once). */
    private boolean full;
    private long frameDeadlineNs = NO_TIMER;

    /** A reader for {@code conn}, whose read-ahead buffer is {@code memory} ({@link #READ_AHEAD_BYTES}). */
    FrameReader(final TransportConnection conn, final ByteBuffer memory) {
        this.conn = conn;
        this.worker = conn.worker;
        this.channel = conn.channel;
        this.ring = conn.transport.ring();
        this.stagingPool = ring.clonePool();
        this.faults = conn.transport.readFaults;
        this.ipc = conn.ipc;
        this.prefixBytes = ipc ? Wire.IPC_PREFIX_BYTES : Wire.TCP_PREFIX_BYTES;
        this.recvMaxSizeBytes = conn.transport.settings().recvMaxSizeBytes();
        this.frameTimeoutNs = conn.transport.settings().frameTimeoutNs();
        this.peerId = conn.peerId;
        this.remoteAddr = conn.remoteAddr;
        this.readAhead = memory;
        this.sock = conn.sock;
        this.maxTtl = conn.transport.settings().maxTtl();
        readAhead.clear();
        readAhead.limit(0);
    }

    /** Whether reading waits for a turn (so {@code OP_READ} is off). */
    boolean waitingTurn() {
        return waitingTurn;
    }

    /** When the frame in progress times out, or {@link #NO_TIMER}. */
    long frameDeadlineNs() {
        return frameDeadlineNs;
    }

    /**
     * Reads frames into the ring.
     *
     * @param maxFrames how many frames to publish at most.
     * @param inTurn    whether the worker's turn queue gave this call; when false and other
     *                  connections wait for a turn, the connection joins the queue instead of claiming.
     * @return {@link #WAITING}, {@link #MORE}, {@link #FULL} or {@link #ENDED}.
     */
    int read(final int maxFrames, final boolean inTurn) {
        int frames = 0;
        while (conn.phase < TransportConnection.CLOSING) {
            if (state == R_PREFIX) {
                if (readAhead.remaining() < prefixBytes) {
                    if (readMore() < 0) {
                        conn.close(TransportStats.PEER_CLOSED);
                        return ENDED;
                    }
                    if (readAhead.remaining() < prefixBytes) {
                        return waitForPeer(readAhead.hasRemaining());
                    }
                }
                final int at = readAhead.position();
                if (ipc && readAhead.get(at) != Wire.IPC_MSG) {
                    conn.close(TransportStats.BAD_FRAMES);
                    return ENDED;
                }
                final long length = readAhead.getLong(ipc ? at + 1 : at);
                if (length < 0 || length > recvMaxSizeBytes) {
                    conn.close(TransportStats.OVERSIZED_FRAMES);
                    return ENDED;
                }
                readAhead.position(at + prefixBytes);
                frameLength = (int)length;
                state = R_CLAIM;
                if (readAhead.remaining() < frameLength && frameLength <= readAhead.capacity() && readMore() < 0) {
                    conn.close(TransportStats.PEER_CLOSED);
                    return ENDED;
                }
            }
            if (state == R_STAGING) {
                final int r = readStaging();
                if (r != GOING_ON) {
                    return r;
                }
                state = R_STAGED_CLAIM;
            }
            if (frames == maxFrames || (!inTurn && worker.turnsWaiting())) {
                return waitForTurn(MORE);
            }
            final boolean staged = state == R_STAGED_CLAIM;
            final long seq = ring.tryFill(frameLength, staged ? FROM_STAGING : INTO_SLOT, this);
            if (seq >= 0) {
                if (staged) {
                    releaseStaging();
                }
                delivered();
                frames++;
                continue;
            }
            if (seq == MessageRing.DISCARDED && verdict != ReceiveRules.DELIVER) {
                // The protocol declined a whole frame: count it, and close or go on with the next.
                final int v = verdict;
                verdict = ReceiveRules.DELIVER;
                if (ReceiveRules.closes(v)) {
                    conn.close(v);
                    return ENDED;
                }
                if (staged) {
                    releaseStaging();
                }
                delivered();
                worker.count(v);
                frames++;
                continue;
            }
            if (seq == MessageRing.DISCARDED) {
                // Otherwise only the fast path declines: the stream ended, or the frame was staged.
                if (endReason != OPEN) {
                    conn.close(endReason);
                    return ENDED;
                }
                return waitForPeer(true);
            }
            if (seq == MessageRing.FULL) {
                if (!full) {
                    full = true;
                    worker.count(TransportStats.STALLS);
                }
                return waitForTurn(FULL);
            }
            conn.transport.sockets.onRingClosed();
            conn.close(TransportConnection.LOCAL);
            return ENDED;
        }
        return ENDED;
    }

    private int waitForTurn(final int why) {
        frameDeadlineNs = NO_TIMER;
        if (!waitingTurn) {
            waitingTurn = true;
            conn.updateInterest();
        }
        worker.needTurn(conn);
        return why;
    }

    private int waitForPeer(final boolean midFrame) {
        full = false;
        if (waitingTurn) {
            waitingTurn = false;
            conn.updateInterest();
        }
        if (midFrame && frameDeadlineNs == NO_TIMER) {
            frameDeadlineNs = System.nanoTime() + frameTimeoutNs;
            worker.timer(frameDeadlineNs);
        }
        return WAITING;
    }

    private void delivered() {
        full = false;
        frameDeadlineNs = NO_TIMER;
        worker.count(TransportStats.FRAMES_IN);
        worker.add(TransportStats.BYTES_IN, frameLength);
        conn.counters.counter(ConnectionCounters.MESSAGES_IN).incrementRelease();
        conn.counters.counter(ConnectionCounters.BYTES_IN).getAndAddRelease(frameLength);
        state = R_PREFIX;
    }

    /**
     * Moves the unparsed bytes to the front of the read-ahead buffer and reads what the channel has
     * behind them, as much as the buffer holds.
     *
     * @return the bytes read; -1 at end of stream or on an I/O error.
     */
    private int readMore() {
        readAhead.compact();
        int n;
        try {
            faults.beforeRead(ReadFaults.READ_AHEAD);
            n = channel.read(readAhead);
        } catch (final IOException e) {
            n = -1;
        }
        readAhead.flip();
        return n;
    }

    private static boolean intoSlot(final Message message, final long sequence, final FrameReader reader) {
        return reader.readIntoSlot(message);
    }

    private static boolean fromStaging(final Message message, final long sequence, final FrameReader reader) {
        return reader.copyStaged(message);
    }

    /**
     * The fast path's filler: the frame's bytes from the read-ahead buffer, then the rest from the
     * channel straight into the slot; true when the frame is whole in the slot.
     */
    private boolean readIntoSlot(final Message m) {
        final ByteBuffer buffer = m.byteBuffer();
        final int start = m.wireOffset();
        final int end = start + frameLength;
        int n = 0;
        try {
            faults.beforeRead(ReadFaults.SLOT_READ);
            final int buffered = Math.min(frameLength, readAhead.remaining());
            if (buffered > 0) {
                m.buffer().putBytes(0, readAhead, readAhead.position(), buffered);
                readAhead.position(readAhead.position() + buffered);
            }
            if (buffered < frameLength) {
                buffer.limit(end);
                buffer.position(start + buffered);
                while (buffer.position() < end && (n = channel.read(buffer)) > 0) {
                    // keep reading while the channel has bytes
                }
            } else {
                buffer.limit(end);
                buffer.position(end);
            }
        } catch (final IOException e) {
            endReason = TransportStats.PEER_CLOSED;
            return false;
        }
        final int got = buffer.position() - start;
        if (got >= frameLength) {
            m.peerId(peerId).addr(remoteAddr);
            return admitted(m);
        }
        if (n < 0) {
            endReason = TransportStats.PEER_CLOSED;
            return false;
        }
        // A slow sender: keep what came in staging and give the slot back (the ring does, when this
        // answers false, or if the allocation throws).
        stage();
        if (got > 0) {
            stagingView.putBytes(0, m.buffer(), 0, got);
        }
        stagedBytes = got;
        state = R_STAGING;
        worker.count(TransportStats.STAGED_FRAMES);
        return false;
    }

    private void stage() {
        faults.beforeStep(ReadFaults.STAGING_ALLOCATION);
        if (frameLength <= stagingPool.pooledSizeBytes()) {
            final Message m = stagingPool.acquire(frameLength);
            pooledStaging = m;
            stagingBuffer = m.byteBuffer();
            stagingStart = m.wireOffset();
        } else {
            final ByteBuffer b = ByteBuffer.allocateDirect(frameLength);
            ownStaging = b;
            stagingBuffer = b;
            stagingStart = 0;
        }
        stagingView.wrap(stagingBuffer, stagingStart, frameLength);
    }

    /** The slow path's reads: {@link #GOING_ON} once the frame is whole. */
    private int readStaging() {
        final ByteBuffer b = stagingBuffer;
        b.limit(stagingStart + frameLength);
        b.position(stagingStart + stagedBytes);
        int n = 0;
        try {
            faults.beforeRead(ReadFaults.STAGING_READ);
            while (b.hasRemaining() && (n = channel.read(b)) > 0) {
                // keep reading while the channel has bytes
            }
        } catch (final IOException e) {
            conn.close(TransportStats.PEER_CLOSED);
            return ENDED;
        }
        stagedBytes = b.position() - stagingStart;
        if (stagedBytes == frameLength) {
            frameDeadlineNs = NO_TIMER;
            return GOING_ON;
        }
        if (n < 0) {
            conn.close(TransportStats.PEER_CLOSED);
            return ENDED;
        }
        return waitForPeer(true);
    }

    /** The slow path's filler: copies the whole staged frame into the slot, once. */
    private boolean copyStaged(final Message m) {
        faults.beforeStep(ReadFaults.STAGED_COPY);
        m.buffer().putBytes(0, stagingView, 0, frameLength);
        m.peerId(peerId).addr(remoteAddr);
        return admitted(m);
    }

    /** The socket's protocol rule on a whole frame: true to publish it (see {@link ReceiveRules}). */
    private boolean admitted(final Message m) {
        verdict = ReceiveRules.check(sock, m, maxTtl);
        return verdict == ReceiveRules.DELIVER;
    }

    /** Gives the staging memory back: a pooled message to its pool, a buffer of our own freed now. */
    void releaseStaging() {
        stagingView.wrap(NOTHING);
        stagingBuffer = null;
        final Message pooled = pooledStaging;
        final ByteBuffer own = ownStaging;
        pooledStaging = null;
        ownStaging = null;
        if (pooled != null) {
            pooled.release();
        }
        if (own != null) {
            BufferUtil.free(own);
        }
    }
}
