package io.sprocket.transport;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * The SP handshake of one {@link TransportConnection}: our 8-byte header, written at once (the rest
 * on {@code OP_WRITE} if the socket took only part of it), and the peer's, read and checked against
 * the protocol our socket pairs with before a deadline. A failed write or read, a bad header or the
 * peer's close closes the connection, counted by why.
 *
 * <p><b>Note:</b> worker thread only. Allocation-free.
 */
final class Handshake {
    /** Bytes of direct memory the two headers take. */
    static final int MEMORY_BYTES = 2 * Wire.HEADER_BYTES;

    private final TransportConnection conn;
    private final SocketChannel channel;
    private final ByteBuffer out;
    private final ByteBuffer in;
    private long deadlineNs;
    private boolean done;

    /** A handshake for {@code conn}, whose headers take {@link #MEMORY_BYTES} of {@code memory}. */
    Handshake(final TransportConnection conn, final ByteBuffer memory) {
        this.conn = conn;
        this.channel = conn.channel;
        this.out = memory.slice(0, Wire.HEADER_BYTES);
        this.in = memory.slice(Wire.HEADER_BYTES, Wire.HEADER_BYTES);
    }

    /**
     * Writes our header and starts the deadline's clock (a timer on the worker).
     *
     * @return false when the write failed, and the connection is closed.
     */
    boolean start(final int protocolId, final long timeoutNs) {
        Wire.putHeader(out, protocolId);
        try {
            channel.write(out);
        } catch (final IOException e) {
            conn.close(TransportStats.PEER_CLOSED);
            return false;
        }
        deadlineNs = System.nanoTime() + timeoutNs;
        conn.worker.timer(deadlineNs);
        return true;
    }

    /** Whether part of our header waits for {@code OP_WRITE}. */
    boolean headerPending() {
        return out.hasRemaining();
    }

    /**
     * {@code OP_WRITE}: writes what is left of our header.
     *
     * @return true once all of it is written; false while some is left, or when the write failed and
     *         the connection is closed.
     */
    boolean writeRest() {
        if (out.hasRemaining()) {
            try {
                channel.write(out);
            } catch (final IOException e) {
                conn.close(TransportStats.PEER_CLOSED);
                return false;
            }
            return !out.hasRemaining();
        }
        return true;
    }

    /**
     * {@code OP_READ} before the handshake is done: reads what the channel has of the peer's header.
     *
     * @return true once the header is whole and valid (the handshake is done); false while it is
     *         not whole, or when it is bad or the peer closed, and the connection is closed.
     */
    boolean readPeer(final int peerProtocolId) {
        if (!fill()) {
            return false;
        }
        final int check = Wire.checkHeader(in, peerProtocolId);
        if (check != Wire.OK) {
            conn.close(check == Wire.WRONG_PROTOCOL ? TransportStats.WRONG_PROTOCOL : TransportStats.BAD_HEADERS);
            return false;
        }
        done = true;
        return true;
    }

    /** Whether the peer's header arrived and was valid. */
    boolean isDone() {
        return done;
    }

    /** When the handshake times out. */
    long deadlineNs() {
        return deadlineNs;
    }

    /** Reads into the peer's header; true once it is full, false while not (or after a close). */
    private boolean fill() {
        final int n;
        try {
            n = channel.read(in);
        } catch (final IOException e) {
            conn.close(TransportStats.PEER_CLOSED);
            return false;
        }
        if (n < 0) {
            conn.close(TransportStats.PEER_CLOSED);
            return false;
        }
        return !in.hasRemaining();
    }
}
