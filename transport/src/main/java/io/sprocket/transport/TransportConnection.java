package io.sprocket.transport;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.concurrent.atomic.AtomicBoolean;

import io.sprocket.message.Addr;
import io.sprocket.message.Message;
import io.sprocket.registry.ConnEntry;
import io.sprocket.registry.Connection;
import io.sprocket.engine.Control;
import io.sprocket.ring.MessageRing;
import io.sprocket.engine.Registries;

/**
 * One SP connection (a TCP or IPC stream) and everything its worker keeps for it.
 *
 * <h2>Life</h2>
 * {@code HANDSHAKE} (our header written at once, theirs awaited until the handshake deadline),
 * {@code OPEN} (their header was valid), {@code CLOSING} (channel closed, the closing control
 * events not all published yet), {@code DONE}. Control events, in ring order: {@code peerConnecting}
 * and {@code connectionOpened} at start, {@code peerConnected} after the handshake, and
 * {@code connectionClosed} then {@code peerDisconnected} after a close the worker decided. A close
 * the engine decided ({@link #close()}, from the registry) publishes only what the registries still
 * need. An event that finds the ring full is retried by the worker later. No frame is read before
 * {@code peerConnected} is in the ring and the engine has registered the connection (its
 * {@link #onRegistered} hook ran), so no message ever precedes its peer's connect, and a connection
 * the engine refused (its socket is not open) delivers nothing: the engine answers each
 * {@code connectionOpened} with {@link #onRegistered} or {@link #onRefused}, a command to the
 * worker, which then reads or closes; no timer, no polling of the ring.
 *
 * <h2>Reading</h2>
 * {@link FrameReader} reads frames into ring slots, claiming only through
 * {@link MessageRing#tryFill}, so no failure can leave a slot claimed. A full ring is
 * backpressure: the connection stops reading (no {@code OP_READ}) and waits for a turn in its
 * worker's queue, which serves waiting connections one frame each, in order; nothing is dropped. A
 * frame longer than the receive limit, or an IPC frame whose type byte is not 1, closes the
 * connection before anything of it is claimed; so does a frame left unfinished past the frame
 * timeout.
 *
 * <h2>Faults</h2>
 * Anything thrown while serving this connection (other than an I/O error, which is the peer
 * closing) reaches {@link #fail}: the connection is closed and counted, and its worker goes on.
 *
 * <h2>Writing</h2>
 * The registry entry's bounded outbound queue is drained in batches of up to {@link #BATCH}
 * messages with one gathering write (a 9-byte direct prefix buffer per message, then the message's
 * own buffer over its wire range). A partial write sets {@code OP_WRITE} and resumes where it
 * stopped. Written messages are released to their pool.
 */
final class TransportConnection extends Endpoint implements Connection {
    static final VarHandle ATTENTION;

    static {
        try {
            ATTENTION = MethodHandles.lookup().findVarHandle(TransportConnection.class, "attention", int.class);
        } catch (final ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    static final int HANDSHAKE = 0;
    static final int OPEN = 1;
    static final int CLOSING = 2;
    static final int DONE = 3;

    static final int BATCH = 16;
    /** Frames a connection reads per wake-up before it waits for a turn. */
    static final int FRAMES_PER_WAKE = 64;
    private static final long CONTROL_TIMEOUT_NS = 1_000_000;
    private static final long NO_TIMER = Long.MAX_VALUE;
    /** A close that no counter but {@link TransportStats#CLOSED} describes. */
    static final int LOCAL = -1;

    final Transport transport;
    final Worker worker;
    final SocketEndpoints sock;
    final SocketChannel channel;
    final boolean ipc;
    final Addr localAddr;
    final Addr remoteAddr;
    final long connId;
    final long peerId;
    final Dialer dialer;
    final Listener listener;

    private final MessageRing ring;
    private final Control control;
    private final FrameReader reader;

    private SelectionKey key;
    private int interest = -1;
    int phase = HANDSHAKE;
    @SuppressWarnings("unused") // through ATTENTION
    private volatile int attention;
    /** In the worker's turn queue (worker thread). */
    boolean queued;

    // Control events (worker thread).
    private boolean evConnecting;
    private boolean evOpened;
    private boolean evConnected;
    private boolean evClosed;
    private boolean evDisconnected;
    private boolean okConnecting;
    private boolean okOpened;
    private boolean eventsPending;
    /** The ring sequence of our connectionOpened event, to tell a refused registration from a slow one. */
    /** The engine's answer to our connectionOpened event was "refused" ({@link #onRefused}); any thread writes it. */
    private volatile boolean engineRefused;
    /** The engine refused to register this connection (its socket is not open): publish nothing more. */
    private boolean refused;

    // Set on the engine thread.
    volatile ConnEntry entry;
    private volatile boolean engineClosed;
    private volatile boolean peerGone;
    private volatile boolean workerDone;
    private final AtomicBoolean drained = new AtomicBoolean();

    // Handshake (worker thread).
    private final ByteBuffer headerOut;
    private final ByteBuffer headerIn;
    private long handshakeDeadlineNs;
    private boolean headerOk;

    // Writing (worker thread; writing is read by other threads).
    private final ByteBuffer[] iov = new ByteBuffer[2 * BATCH];
    private final ByteBuffer[] prefixes = new ByteBuffer[BATCH];
    private final Message[] batch = new Message[BATCH];
    private int batchCount;
    private int iovStart;
    private boolean writeBlocked;
    volatile boolean writing;
    private boolean ready;

    TransportConnection(
        final Transport transport,
        final Worker worker,
        final SocketEndpoints sock,
        final SocketChannel channel,
        final boolean ipc,
        final Addr localAddr,
        final Addr remoteAddr,
        final Dialer dialer,
        final Listener listener) {
        this.transport = transport;
        this.worker = worker;
        this.sock = sock;
        this.channel = channel;
        this.ipc = ipc;
        this.localAddr = localAddr;
        this.remoteAddr = remoteAddr;
        this.dialer = dialer;
        this.listener = listener;
        this.ring = transport.ring();
        this.control = transport.engine().control();
        this.connId = control.newConnId();
        this.peerId = control.newPeerId();
        // One direct buffer for the headers, the frame prefix read and the write prefixes.
        final ByteBuffer memory = ByteBuffer.allocateDirect(2 * Wire.HEADER_BYTES + 16 + BATCH * 16);
        headerOut = memory.slice(0, Wire.HEADER_BYTES);
        headerIn = memory.slice(Wire.HEADER_BYTES, Wire.HEADER_BYTES);
        for (int i = 0; i < BATCH; i++) {
            prefixes[i] = memory.slice(2 * Wire.HEADER_BYTES + 16 + i * 16, 16);
        }
        this.reader = new FrameReader(this, memory.slice(2 * Wire.HEADER_BYTES, Wire.IPC_PREFIX_BYTES));
    }

    // ------------------------------------------------------------------ Connection (engine thread)

    /**
     * The registry closed this connection (a connection-closed or socket-closed event, or the
     * engine's shutdown). Runs on the engine thread: it only records what happened and wakes the
     * worker, which closes the channel.
     */
    @Override
    public void close() {
        if (engineClosed) {
            return;
        }
        final Registries registries = transport.engine().registries();
        if (registries.peer(peerId) == null) {
            // The peer is gone from the engine's index: a socket-closed event (or the engine's
            // shutdown) is removing it, or it was never registered. Either way, nothing more to
            // publish for it.
            peerGone = true;
            if (sock.socket.peers().get(peerId) != null) {
                transport.sockets.onSocketClosed(sock);
            }
        }
        engineClosed = true;
        if (workerDone) {
            drainOnce();
        } else {
            worker.signal(this);
        }
    }

    @Override
    public void onRegistered(final ConnEntry registered) {
        entry = registered;
        worker.signal(this);
    }

    /** The engine refused our registration (engine thread): the worker closes this connection at its next look. */
    @Override
    public void onRefused() {
        engineRefused = true;
        worker.signal(this);
    }

    @Override
    public void onOutboundOffered() {
        worker.signal(this);
    }

    @Override
    public Addr localAddr() {
        return localAddr;
    }

    @Override
    public Addr remoteAddr() {
        return remoteAddr;
    }

    // ------------------------------------------------------------------ any thread

    /** Queues a message on this connection and wakes its worker; false when not ready or full. */
    boolean offer(final Message message) {
        final ConnEntry e = entry;
        if (e == null || !e.offerOutbound(message)) {
            return false;
        }
        worker.signal(this);
        return true;
    }

    /** True when nothing is queued or being written. */
    boolean isFlushed() {
        final ConnEntry e = entry;
        return !writing && (e == null || e.outboundSize() == 0);
    }

    private void drainOnce() {
        final ConnEntry e = entry;
        if (e != null && drained.compareAndSet(false, true)) {
            e.drainOutbound();
        }
    }

    // ------------------------------------------------------------------ worker thread: life

    /** Starts the connection on its worker; whatever fails closes it ({@link #fail}). */
    void startGuarded() {
        try {
            start();
        } catch (final Throwable t) {
            fail(t);
        }
    }

    /** Starts the connection on its worker: registers it, writes our header, publishes the opening events. */
    private void start() {
        worker.addConn(this);
        if (transport.isClosing() || sock.closed) {
            close(LOCAL);
            return;
        }
        try {
            key = channel.register(worker.selector, 0, this);
        } catch (final ClosedChannelException | IllegalStateException e) {
            close(TransportStats.PEER_CLOSED);
            return;
        }
        Wire.putHeader(headerOut, sock.protocolId);
        try {
            channel.write(headerOut);
        } catch (final IOException e) {
            close(TransportStats.PEER_CLOSED);
            return;
        }
        handshakeDeadlineNs = System.nanoTime() + transport.handshakeTimeoutNs();
        worker.timer(handshakeDeadlineNs);
        advanceEvents();
        if (phase < CLOSING) {
            updateInterest();
        }
    }

    /** Closes the channel and starts publishing the closing events; idempotent. */
    void close(final int reason) {
        if (phase >= CLOSING) {
            return;
        }
        if (reason >= 0) {
            worker.count(reason);
        }
        worker.count(TransportStats.CLOSED);
        shut();
        advanceEvents();
    }

    /**
     * Something other than an I/O error was thrown while serving this connection (out of direct
     * memory for a staging buffer, say): count it, report it, close the connection. Never throws;
     * if the close itself fails the connection is finished without its closing events.
     */
    void fail(final Throwable cause) {
        worker.fault(cause);
        if (phase >= CLOSING) {
            return;
        }
        worker.count(TransportStats.FAILED);
        try {
            close(LOCAL);
        } catch (final Throwable again) {
            worker.fault(again);
            if (phase != DONE) {
                try {
                    finish();
                } catch (final Throwable third) {
                    worker.fault(third);
                }
            }
        }
    }

    /** The worker is stopping for good: close without publishing anything more. */
    void abandon() {
        if (phase < CLOSING) {
            shut();
        }
        finish();
    }

    /** Enters CLOSING: not ready any more, channel closed, staged and batched messages released. */
    private void shut() {
        phase = CLOSING;
        if (ready) {
            ready = false;
            transport.connections.onNotReady(this);
        }
        try {
            channel.close();
        } catch (final IOException ignored) {
            // closing anyway
        }
        reader.releaseStaging();
        releaseBatch();
        writing = false;
    }

    private void finish() {
        phase = DONE;
        workerDone = true;
        worker.removeConn(this);
        transport.connections.onDone(this);
        if (listener != null) {
            listener.onConnectionDone();
        }
        final ConnEntry e = entry;
        if (e != null && e.isClosed()) {
            drainOnce();
        }
        if (dialer != null) {
            dialer.onConnectionDone(this, headerOk);
        }
    }

    private void releaseBatch() {
        for (int i = 0; i < batchCount; i++) {
            if (batch[i] != null) {
                batch[i].release();
                batch[i] = null;
            }
        }
        batchCount = 0;
        iovStart = 0;
    }

    /**
     * Publishes whatever control event is due, in order. A full ring leaves it pending (retried by
     * the worker); a closed ring or a closed socket skips it.
     */
    private void advanceEvents() {
        eventsPending = false;
        final boolean skip = sock.closed || transport.sockets.isRingClosed();
        final boolean closing = phase >= CLOSING;
        if (!evConnecting) {
            if (!closing && !skip) {
                final long r = control.peerConnecting(sock.socket, peerId, remoteAddr, CONTROL_TIMEOUT_NS);
                if (pendingOn(r)) {
                    return;
                }
                okConnecting = r >= 0;
            }
            evConnecting = true;
        }
        if (!evOpened) {
            if (!closing && !skip && okConnecting) {
                final long r = control.connectionOpened(sock.socket, connId, peerId, this,
                    transport.outboundCapacity(), CONTROL_TIMEOUT_NS);
                if (pendingOn(r)) {
                    return;
                }
                okOpened = r >= 0;
            }
            evOpened = true;
        }
        if (!closing) {
            if (transport.sockets.isRingClosed() || !okOpened) {
                close(LOCAL);
                return;
            }
            if (headerOk && !evConnected) {
                final long r = control.peerConnected(sock.socket, peerId, CONTROL_TIMEOUT_NS);
                if (pendingOn(r)) {
                    return;
                }
                evConnected = true;
                if (r < 0) {
                    close(LOCAL);
                }
            }
            return;
        }
        final boolean skipNow = sock.closed || transport.sockets.isRingClosed();
        if (!evClosed) {
            if (okOpened && !engineClosed && !refused && !skipNow) {
                if (pendingOn(control.connectionClosed(connId, CONTROL_TIMEOUT_NS))) {
                    return;
                }
            }
            evClosed = true;
        }
        if (!evDisconnected) {
            if (okConnecting && !peerGone && !refused && !sock.closed && !transport.sockets.isRingClosed()) {
                if (pendingOn(control.peerDisconnected(sock.socket, peerId, CONTROL_TIMEOUT_NS))) {
                    return;
                }
            }
            evDisconnected = true;
        }
        finish();
    }

    /** Notes an event's result; true when the ring was full and the event must be retried. */
    private boolean pendingOn(final long result) {
        if (result >= 0) {
            worker.noteControl(result);
            return false;
        }
        if (result == MessageRing.FULL) {
            eventsPending = true;
            worker.count(TransportStats.CONTROL_RETRIES);
            worker.needTurn(this);
            return true;
        }
        transport.sockets.onRingClosed();
        return false;
    }

    /** Something changed (queued messages, engine close, entry registered). */
    void onAttention() {
        if (phase == DONE) {
            final ConnEntry e = entry;
            if (e != null && e.isClosed()) {
                drainOnce();
            }
            return;
        }
        if (phase == CLOSING) {
            return;
        }
        if (engineRefused && entry == null) {
            registrationRefused();
            return;
        }
        if (engineClosed) {
            close(LOCAL);
            return;
        }
        maybeReady();
        updateInterest();
        flush();
    }

    /**
     * This connection's turn in its worker's queue (it asked for one: ring room for a control event
     * or a frame, or more frames to read): one control event or one frame.
     *
     * @return true when the ring refused it (full), so the connection keeps its place at the front.
     */
    boolean onTurn() {
        if (phase == DONE) {
            return false;
        }
        if (eventsPending) {
            advanceEvents();
            if (eventsPending) {
                return true;
            }
            if (phase >= CLOSING) {
                return false;
            }
            maybeReady();
            updateInterest();
        }
        if (phase < CLOSING && reader.waitingTurn()) {
            return reader.read(1, true) == FrameReader.FULL;
        }
        return false;
    }

    /**
     * The handshake deadline and the frame timeout. Returns the next deadline, or
     * {@code Long.MAX_VALUE}.
     */
    long onTimer(final long now) {
        long next = NO_TIMER;
        if (phase == HANDSHAKE) {
            if (now - handshakeDeadlineNs >= 0) {
                close(TransportStats.HANDSHAKE_TIMEOUTS);
                return NO_TIMER;
            }
            if (next == NO_TIMER || handshakeDeadlineNs - next < 0) {
                next = handshakeDeadlineNs;
            }
        }
        final long frameDeadline = reader.frameDeadlineNs();
        if (phase < CLOSING && frameDeadline != NO_TIMER) {
            if (now - frameDeadline >= 0) {
                close(TransportStats.FRAME_TIMEOUTS);
                return NO_TIMER;
            }
            if (next == NO_TIMER || frameDeadline - next < 0) {
                next = frameDeadline;
            }
        }
        return next;
    }

    private void registrationRefused() {
        refused = true;
        peerGone = true;
        worker.count(TransportStats.REFUSED);
        close(LOCAL);
        transport.sockets.onSocketClosed(sock);
    }

    private void maybeReady() {
        if (!ready && phase == OPEN && evConnected && entry != null) {
            ready = true;
            transport.connections.onReady(this);
        }
    }

    /** Sets the selection key's interest from the state: reading unless waiting for a turn, writing when blocked. */
    void updateInterest() {
        int ops = 0;
        if (phase < CLOSING) {
            if (!reader.waitingTurn() && (!headerOk || (evConnected && entry != null))) {
                ops |= SelectionKey.OP_READ;
            }
            if (writeBlocked || headerOut.hasRemaining()) {
                ops |= SelectionKey.OP_WRITE;
            }
        }
        if (ops != interest && key != null && key.isValid()) {
            interest = ops;
            key.interestOps(ops);
        }
    }

    // ------------------------------------------------------------------ worker thread: I/O

    @Override
    void onFault(final Throwable cause) {
        fail(cause);
    }

    @Override
    void onSelected(final SelectionKey selected) {
        final int ops = selected.readyOps();
        if ((ops & SelectionKey.OP_WRITE) != 0 && phase < CLOSING) {
            onWritable();
        }
        if ((ops & SelectionKey.OP_READ) != 0 && phase < CLOSING) {
            onReadable();
        }
    }

    private void onWritable() {
        if (headerOut.hasRemaining()) {
            try {
                channel.write(headerOut);
            } catch (final IOException e) {
                close(TransportStats.PEER_CLOSED);
                return;
            }
            if (headerOut.hasRemaining()) {
                return;
            }
        }
        writeBlocked = false;
        updateInterest();
        flush();
    }

    private void onReadable() {
        if (!headerOk) {
            if (!fill(headerIn)) {
                return;
            }
            final int check = Wire.checkHeader(headerIn, sock.peerProtocolId);
            if (check != Wire.OK) {
                close(check == Wire.WRONG_PROTOCOL ? TransportStats.WRONG_PROTOCOL : TransportStats.BAD_HEADERS);
                return;
            }
            headerOk = true;
            phase = OPEN;
            worker.count(TransportStats.HANDSHAKES);
            if (dialer != null) {
                dialer.onHandshake();
            }
            advanceEvents();
            if (phase >= CLOSING) {
                return;
            }
            maybeReady();
            updateInterest();
            if (!evConnected || entry == null) {
                return;
            }
            flush();
            if (phase >= CLOSING) {
                return;
            }
        }
        reader.read(FRAMES_PER_WAKE, false);
    }

    /**
     * Reads what the channel has into {@code buffer}.
     *
     * @return true once {@code buffer} is full; false while it is not, or when the peer closed or the
     *         read failed, in which case the connection is closed.
     */
    private boolean fill(final ByteBuffer buffer) {
        final int n;
        try {
            n = channel.read(buffer);
        } catch (final IOException e) {
            close(TransportStats.PEER_CLOSED);
            return false;
        }
        if (n < 0) {
            close(TransportStats.PEER_CLOSED);
            return false;
        }
        return !buffer.hasRemaining();
    }

    /** Writes what the outbound queue holds, in gathering batches, until done or the socket is full. */
    void flush() {
        if (phase != OPEN || writeBlocked || headerOut.hasRemaining()) {
            return;
        }
        final ConnEntry e = entry;
        if (e == null) {
            return;
        }
        writing = true;
        while (true) {
            if (batchCount == 0 && !fillBatch(e)) {
                writing = false;
                if (e.outboundSize() > 0) {
                    writing = true;
                    continue;
                }
                return;
            }
            final int iovEnd = 2 * batchCount;
            try {
                channel.write(iov, iovStart, iovEnd - iovStart);
            } catch (final IOException ex) {
                close(TransportStats.PEER_CLOSED);
                return;
            }
            while (iovStart < iovEnd && !iov[iovStart].hasRemaining()) {
                if ((iovStart & 1) == 1) {
                    final int k = iovStart >> 1;
                    final Message m = batch[k];
                    worker.count(TransportStats.FRAMES_OUT);
                    worker.add(TransportStats.BYTES_OUT, m.wireLength());
                    batch[k] = null;
                    iov[iovStart] = null;
                    m.release();
                }
                iovStart++;
            }
            if (iovStart == iovEnd) {
                batchCount = 0;
                iovStart = 0;
                continue;
            }
            writeBlocked = true;
            updateInterest();
            return;
        }
    }

    private boolean fillBatch(final ConnEntry e) {
        int n = 0;
        Message m;
        while (n < BATCH && (m = e.pollOutbound()) != null) {
            final ByteBuffer p = prefixes[n];
            final int wireLength = m.wireLength();
            Wire.putPrefix(p, ipc, wireLength);
            final ByteBuffer body = m.byteBuffer();
            final int start = m.wireOffset();
            body.limit(body.capacity());
            body.position(start);
            body.limit(start + wireLength);
            batch[n] = m;
            iov[2 * n] = p;
            iov[2 * n + 1] = body;
            n++;
        }
        batchCount = n;
        iovStart = 0;
        return n > 0;
    }

    @Override
    public String toString() {
        return "TransportConnection{id=" + connId + ", peer=" + peerId + ", socket='" + sock.socket.name() + "', remote=" + remoteAddr
            + ", phase=" + phase + '}';
    }
}
