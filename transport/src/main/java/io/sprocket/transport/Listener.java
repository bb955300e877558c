package io.sprocket.transport;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

import io.sprocket.message.Addr;
import io.sprocket.registry.SpSocket;

/**
 * A listening endpoint of one socket, returned by {@link Transport#listen(SpSocket, Addr)}: it accepts
 * connections until closed, and spreads them over the I/O workers. A listener on TCP port 0 reports
 * the port the system chose in {@link #boundAddr()}. The listening channel itself belongs to one
 * worker, whose selector it is registered with.
 *
 * <p>An accept that fails (out of file descriptors, {@code EMFILE} or {@code ENFILE}; out of buffers,
 * {@code ENOBUFS}; any I/O error) is counted ({@link TransportStats#acceptFailures()}) and pauses
 * accepting: {@code OP_ACCEPT} is dropped and set again by the worker's timer after 10 ms, doubling
 * while the failures go on, up to 1 s; the next successful accept starts again from 10 ms. The
 * pending connections wait in the backlog meanwhile. Without the pause a listening socket with a
 * connection it cannot accept is always ready, and the worker would retry it without end.
 *
 * <p>At most {@link TransportSettings#maxConnectionsPerListener()} connections accepted here are open at
 * once: one more is accepted and closed at once ({@link TransportStats#overLimit()}).
 *
 * <p><b>Note:</b> any thread may call the public methods. {@link #close()} waits (bounded) for the I/O
 * worker and allocates; the accessors allocate nothing.
 */
public final class Listener extends Endpoint {
    private static final int ACCEPTS_PER_WAKE = 64;
    static final long MIN_ACCEPT_PAUSE_NS = 10_000_000;
    static final long MAX_ACCEPT_PAUSE_NS = 1_000_000_000;
    private static final long NO_TIMER = Long.MAX_VALUE;

    final Transport transport;
    final Worker worker;
    final SocketEndpoints sock;
    final ServerSocketChannel server;
    final boolean ipc;
    final Addr addr;
    final Addr boundAddr;
    final Path ipcPath;
    /** Connections accepted here and not finished yet (any worker). */
    private final AtomicInteger open = new AtomicInteger();
    private SelectionKey key;
    volatile boolean closed;

    // Worker thread.
    private long pauseNs = MIN_ACCEPT_PAUSE_NS;
    private long resumeAtNs = NO_TIMER;

    Listener(
        final Transport transport,
        final Worker worker,
        final SocketEndpoints sock,
        final ServerSocketChannel server,
        final Addr addr,
        final Addr boundAddr,
        final Path ipcPath) {
        this.transport = transport;
        this.worker = worker;
        this.sock = sock;
        this.server = server;
        this.ipc = ipcPath != null;
        this.addr = addr;
        this.boundAddr = boundAddr;
        this.ipcPath = ipcPath;
    }

    /**
     * The address as given to {@code listen}.
     *
     * @return the address.
     */
    public Addr addr() {
        return addr;
    }

    /**
     * The address actually bound: for TCP the given host with the bound port (the chosen one for
     * port 0); for IPC the path.
     *
     * @return the bound address.
     */
    public Addr boundAddr() {
        return boundAddr;
    }

    /**
     * The socket this listener accepts connections for.
     *
     * @return the socket.
     */
    public SpSocket socket() {
        return sock.socket;
    }

    /**
     * Whether the listener is closed.
     *
     * @return true once closed (by {@link #close()}, its socket's close or the transport's).
     */
    public boolean isClosed() {
        return closed;
    }

    /**
     * Stops listening (an IPC listener removes its socket file) and closes the connections it
     * accepted, through the registries' control events, as NNG does. A second call does nothing.
     */
    public void close() {
        transport.sockets.closeListener(this);
    }

    @Override
    public String toString() {
        return "Listener{" + boundAddr + ", socket='" + sock.socket.name() + "'}";
    }

    // ------------------------------------------------------------------ worker side

    /** Worker thread: starts accepting. */
    void start() {
        if (closed) {
            return;
        }
        try {
            key = server.register(worker.selector, SelectionKey.OP_ACCEPT, this);
            worker.endpoints.addListener(this);
        } catch (final ClosedChannelException e) {
            closed = true;
        }
    }

    @Override
    void onSelected(final SelectionKey selected) {
        for (int i = 0; i < ACCEPTS_PER_WAKE && !closed && resumeAtNs == NO_TIMER; i++) {
            final SocketChannel channel;
            try {
                channel = server.accept();
            } catch (final ClosedChannelException e) {
                return;
            } catch (final IOException e) {
                worker.count(TransportStats.ACCEPT_FAILURES);
                worker.report(e);
                pause();
                return;
            }
            if (channel == null) {
                return;
            }
            pauseNs = MIN_ACCEPT_PAUSE_NS;
            if (open.get() >= transport.settings().maxConnectionsPerListener()) {
                worker.count(TransportStats.ACCEPTED);
                worker.count(TransportStats.OVER_LIMIT);
                Channels.closeQuietly(channel);
                continue;
            }
            open.incrementAndGet();
            try {
                transport.sockets.onAccepted(this, channel);
            } catch (final Throwable t) {
                open.decrementAndGet();
                Channels.closeQuietly(channel);
                worker.count(TransportStats.FAILED);
                worker.fault(t);
            }
        }
    }

    /** Stops accepting for the current pause, then doubles the next one (up to 1 s). */
    private void pause() {
        if (key != null && key.isValid()) {
            key.interestOps(0);
        }
        resumeAtNs = System.nanoTime() + pauseNs;
        worker.timer(resumeAtNs);
        pauseNs = Math.min(pauseNs * 2, MAX_ACCEPT_PAUSE_NS);
    }

    /** Worker thread: resumes accepting after a pause; returns the next deadline or {@code Long.MAX_VALUE}. */
    @Override
    long onTimer(final long now) {
        if (resumeAtNs == NO_TIMER) {
            return NO_TIMER;
        }
        if (now - resumeAtNs < 0) {
            return resumeAtNs;
        }
        resumeAtNs = NO_TIMER;
        if (!closed && key != null && key.isValid()) {
            key.interestOps(SelectionKey.OP_ACCEPT);
        }
        return NO_TIMER;
    }

    @Override
    void onFault(final Throwable cause) {
        worker.fault(cause);
        try {
            pause();
        } catch (final Throwable t) {
            // the key is gone: nothing to pause
        }
    }

    /** Any worker: a connection accepted here has finished; an accept over the limit may go ahead. */
    void onConnectionDone() {
        open.decrementAndGet();
    }

    /** Connections accepted here and not finished yet. */
    int openConnections() {
        return open.get();
    }

    /** Worker thread: stops listening (the accepted connections are closed by the caller). */
    void closeNow() {
        closed = true;
        resumeAtNs = NO_TIMER;
        if (key != null) {
            key.cancel();
        }
        try {
            server.close();
        } catch (final IOException e) {
            worker.report(e);
        }
        if (ipcPath != null) {
            try {
                Files.deleteIfExists(ipcPath);
            } catch (final IOException e) {
                worker.report(e);
            }
        }
        worker.endpoints.removeListener(this);
    }
}
