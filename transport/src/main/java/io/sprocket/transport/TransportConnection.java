package io.sprocket.transport;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

import io.sprocket.counters.CounterSet;
import io.sprocket.engine.Control;
import io.sprocket.engine.Registries;
import io.sprocket.message.Addr;
import io.sprocket.registry.ConnEntry;
import io.sprocket.registry.Connection;

/**
 * One SP connection (a TCP or IPC stream), the transport's implementation of the registry's
 * {@link Connection}: its life on its worker, and the engine's commands to it. The handshake
 * ({@link Handshake}), the control events ({@link ConnectionEvents}), reading ({@link FrameReader})
 * and writing ({@link FrameWriter}) are parts of their own that this class drives.
 *
 * <h2>Life</h2>
 * {@code HANDSHAKE} (our header written at once, theirs awaited until the handshake deadline),
 * {@code OPEN} (their header was valid), {@code CLOSING} (channel closed, the closing control
 * events not all published yet), {@code DONE}. A close the engine decided ({@link #close()}, from
 * the registry) publishes only what the registries still need. No frame is read before
 * {@code peerConnected} is in the ring and the engine has registered the connection (its
 * {@link #onRegistered} hook ran), so no message ever precedes its peer's connect, and a connection
 * the engine refused (its socket is not open) delivers nothing: the engine answers each
 * {@code connectionOpened} with {@link #onRegistered} or {@link #onRefused}, a command to the
 * worker, which then reads or closes; no timer, no polling of the ring. A full ring stops reading
 * (no {@code OP_READ}) until the connection's turn in its worker's queue: backpressure, nothing is
 * dropped.
 *
 * <h2>Faults</h2>
 * Anything thrown while serving this connection (other than an I/O error, which is the peer
 * closing) reaches {@link #fail}: the connection is closed and counted, and its worker goes on.
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

    /** Frames a connection reads per wake-up before it waits for a turn. */
    static final int FRAMES_PER_WAKE = 64;
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
    /** This connection's own counters in the counters file, indexed as {@link ConnectionCounters}; worker thread writes. */
    final CounterSet counters;
    final long peerId;
    final Dialer dialer;
    final Listener listener;

    final Handshake handshake;
    private final ConnectionEvents events;
    private final FrameReader reader;
    /** Queues and writes the outbound messages (any thread queues). */
    final FrameWriter writer;

    private SelectionKey key;
    private int interest = -1;
    int phase = HANDSHAKE;
    @SuppressWarnings("unused") // through ATTENTION
    private volatile int attention;
    /** In the worker's turn queue (worker thread). */
    boolean queued;

    /** Ready to send on: in {@link Connections}' ready index (worker thread). */
    private boolean ready;

    // Set on the engine thread (entry, engineClosed) and by the worker as it finishes (workerDone).
    volatile ConnEntry entry;
    volatile boolean engineClosed;
    private volatile boolean workerDone;

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
        final Control control = transport.engine().control();
        this.connId = control.newConnId();
        this.peerId = control.newPeerId();
        // One direct buffer for the headers, the reader's read-ahead and the write prefixes.
        final int h = Handshake.MEMORY_BYTES;
        final int r = FrameReader.READ_AHEAD_BYTES;
        final ByteBuffer memory = ByteBuffer.allocateDirect(h + r + FrameWriter.PREFIX_MEMORY_BYTES);
        this.handshake = new Handshake(this, memory.slice(0, h));
        this.events = new ConnectionEvents(this);
        this.reader = new FrameReader(this, memory.slice(h, r));
        this.writer = new FrameWriter(this, memory.slice(h + r, FrameWriter.PREFIX_MEMORY_BYTES));
        this.counters = ConnectionCounters.allocate(transport, connId, peerId, remoteAddr);
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
            events.peerGone();
            if (sock.socket.peers().get(peerId) != null) {
                transport.sockets.onSocketClosed(sock);
            }
        }
        engineClosed = true;
        if (workerDone) {
            writer.drainOnce();
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
        events.engineRefused();
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
        worker.endpoints.addConnection(this);
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
        if (!handshake.start(sock.protocolId, transport.settings().handshakeTimeoutNs())) {
            return;
        }
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
        writer.release();
    }

    private void finish() {
        phase = DONE;
        counters.free();   // nothing is counted for it any more: the values stay, the records go
        workerDone = true;
        worker.removeConnection(this);
        transport.connections.onDone(this);
        if (listener != null) {
            listener.onConnectionDone();
        }
        final ConnEntry e = entry;
        if (e != null && e.isClosed()) {
            writer.drainOnce();
        }
        if (dialer != null) {
            dialer.onConnectionDone(this, handshake.isDone());
        }
    }

    /** Publishes the control events due; finishes the connection once the closing ones are done. */
    private void advanceEvents() {
        if (events.advance()) {
            finish();
        }
    }

    /** Something changed (queued messages, engine close, entry registered). */
    void onAttention() {
        if (phase == DONE) {
            final ConnEntry e = entry;
            if (e != null && e.isClosed()) {
                writer.drainOnce();
            }
            return;
        }
        if (phase == CLOSING) {
            return;
        }
        if (events.isEngineRefused() && entry == null) {
            events.onRefused();
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
        if (events.pending()) {
            advanceEvents();
            if (events.pending()) {
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
    @Override
    long onTimer(final long now) {
        long next = NO_TIMER;
        if (phase == HANDSHAKE) {
            next = handshake.deadlineNs();
            if (now - next >= 0) {
                close(TransportStats.HANDSHAKE_TIMEOUTS);
                return NO_TIMER;
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

    private void maybeReady() {
        if (!ready && phase == OPEN && events.connected() && entry != null) {
            if (!transport.connections.onReady(this)) {
                close(TransportStats.PAIR_REFUSED);   // a PAIR socket keeps its first peer, as NNG
                return;
            }
            ready = true;
        }
    }

    /** Sets the selection key's interest from the state: reading unless waiting for a turn, writing when blocked. */
    void updateInterest() {
        int ops = 0;
        if (phase < CLOSING) {
            if (!reader.waitingTurn() && (!handshake.isDone() || (events.connected() && entry != null))) {
                ops |= SelectionKey.OP_READ;
            }
            if (writer.isBlocked() || handshake.headerPending()) {
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
        if (!handshake.writeRest()) {
            return;
        }
        writer.unblock();
        updateInterest();
        flush();
    }

    private void onReadable() {
        if (!handshake.isDone()) {
            if (!handshake.readPeer(sock.peerProtocolId)) {
                return;
            }
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
            if (!events.connected() || entry == null) {
                return;
            }
            flush();
            if (phase >= CLOSING) {
                return;
            }
        }
        reader.read(FRAMES_PER_WAKE, false);
    }

    /** Writes what the outbound queue holds, once open and our header is out, until done or the socket is full. */
    void flush() {
        if (phase != OPEN || writer.isBlocked() || handshake.headerPending()) {
            return;
        }
        final ConnEntry e = entry;
        if (e == null) {
            return;
        }
        writer.flush(e);
    }

    @Override
    public String toString() {
        return "TransportConnection{id=" + connId + ", peer=" + peerId + ", socket='" + sock.socket.name()
            + "', remote=" + remoteAddr + ", phase=" + phase + '}';
    }
}
