package io.sprocket.transport;

import java.io.IOException;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.concurrent.locks.LockSupport;

import io.sprocket.message.Addr;
import io.sprocket.registry.SpSocket;

/**
 * A dialing endpoint of one socket, returned by {@link Transport#dial(SpSocket, Addr)}: it keeps one
 * connection to its address, connecting on one I/O worker. After a failed attempt or a lost
 * connection it tries again after the reconnect time, which starts at the minimum and doubles up to
 * the maximum (stays at the minimum when the maximum is 0, as NNG does). A completed handshake
 * resets it to the minimum. A connect that has not completed within the handshake timeout counts as
 * failed.
 *
 * <p><b>Note:</b> any thread may call the public methods. {@link #close()} waits (bounded) for the
 * I/O worker and allocates; {@link #awaitConnected(long)} parks; the accessors allocate nothing
 * (except {@link #lastError()}'s string, made when an attempt failed).
 */
public final class Dialer extends Endpoint {
    private static final long NO_TIMER = Long.MAX_VALUE;
    private static final long POLL_NS = 200_000;

    final Transport transport;
    final Worker worker;
    final SocketEndpoints sock;
    final Addr addr;
    final SocketAddress target;
    final boolean ipc;

    // Worker thread.
    private SocketChannel pending;
    private long connectDeadlineNs;
    private long backoffNs;
    private long nextAttemptNs = NO_TIMER;
    private TransportConnection current;
    private boolean closed;

    // Read by other threads.
    volatile boolean connected;
    volatile int attempts;
    volatile int failures;
    volatile String lastError;

    Dialer(
        final Transport transport,
        final Worker worker,
        final SocketEndpoints sock,
        final Addr addr,
        final SocketAddress target,
        final boolean ipc) {
        this.transport = transport;
        this.worker = worker;
        this.sock = sock;
        this.addr = addr;
        this.target = target;
        this.ipc = ipc;
        this.backoffNs = transport.settings().reconnectMinNs();
    }

    /**
     * The address dialed.
     *
     * @return the address.
     */
    public Addr addr() {
        return addr;
    }

    /**
     * The socket this dialer connects.
     *
     * @return the socket.
     */
    public SpSocket socket() {
        return sock.socket;
    }

    /**
     * Whether the dialer's connection is up: connected, and the peer's header was valid.
     *
     * @return true while connected.
     */
    public boolean isConnected() {
        return connected;
    }

    /**
     * Connection attempts so far.
     *
     * @return a count.
     */
    public int attempts() {
        return attempts;
    }

    /**
     * Attempts that failed (refused, unreachable, timed out).
     *
     * @return a count.
     */
    public int failures() {
        return failures;
    }

    /**
     * Why the last failed attempt failed.
     *
     * @return a description, or null when none failed.
     */
    public String lastError() {
        return lastError;
    }

    /**
     * Waits until {@link #isConnected()}, parking between checks.
     *
     * @param timeoutNs how long to wait at most, 0 or more.
     * @return true when connected in time.
     * @throws IllegalArgumentException when {@code timeoutNs} is negative.
     */
    public boolean awaitConnected(final long timeoutNs) {
        if (timeoutNs < 0) {
            throw new IllegalArgumentException("timeoutNs must be 0 or more, got " + timeoutNs);
        }
        final long deadline = System.nanoTime() + timeoutNs;
        while (!connected) {
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            LockSupport.parkNanos(POLL_NS);
        }
        return true;
    }

    /**
     * Stops dialing and closes the dialer's connection through the registries' control events. A
     * second call does nothing.
     */
    public void close() {
        transport.sockets.closeDialer(this);
    }

    @Override
    public String toString() {
        return "Dialer{" + addr + ", socket='" + sock.socket.name() + "', connected=" + connected + '}';
    }

    // ------------------------------------------------------------------ worker side

    /** Worker thread: first attempt. */
    void start() {
        worker.endpoints.addDialer(this);
        attempt(System.nanoTime());
    }

    private void attempt(final long now) {
        nextAttemptNs = NO_TIMER;
        if (closed || sock.closed || transport.isClosing()) {
            return;
        }
        attempts++;
        SocketChannel channel = null;
        try {
            channel = ipc ? SocketChannel.open(StandardProtocolFamily.UNIX) : SocketChannel.open();
            channel.configureBlocking(false);
            if (!ipc) {
                channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            }
            pending = channel;
            if (channel.connect(target)) {
                onConnected();
            } else {
                channel.register(worker.selector, SelectionKey.OP_CONNECT, this);
                connectDeadlineNs = now + transport.settings().handshakeTimeoutNs();
                worker.timer(connectDeadlineNs);
            }
        } catch (final IOException | RuntimeException e) {
            if (channel != null && pending == null) {
                Channels.closeQuietly(channel);
            }
            fail(e.toString());
        }
    }

    @Override
    void onSelected(final SelectionKey key) {
        if (pending == null || !key.isConnectable()) {
            return;
        }
        try {
            if (pending.finishConnect()) {
                onConnected();
            }
        } catch (final IOException e) {
            fail(e.toString());
        }
    }

    @Override
    void onFault(final Throwable cause) {
        worker.fault(cause);
        try {
            if (current == null) {
                fail(String.valueOf(cause));
            }
        } catch (final Throwable again) {
            // the dial is retried on the next timer, if anything is left to retry
        }
    }

    private void onConnected() {
        final SocketChannel channel = pending;
        pending = null;
        worker.count(TransportStats.DIALED);
        current = transport.connections.open(worker, sock, channel, ipc, this, null, addr);
        current.startGuarded();
    }

    private void fail(final String why) {
        if (pending != null) {
            Channels.closeQuietly(pending);
            pending = null;
        }
        failures++;
        lastError = why;
        worker.count(TransportStats.CONNECT_FAILURES);
        schedule(System.nanoTime());
    }

    private void schedule(final long now) {
        if (closed || sock.closed || transport.isClosing()) {
            return;
        }
        nextAttemptNs = now + backoffNs;
        worker.timer(nextAttemptNs);
        final long max = transport.settings().reconnectMaxNs();
        backoffNs = max == 0 ? transport.settings().reconnectMinNs() : Math.min(max, backoffNs * 2);
    }

    /** Worker thread: the connection's peer sent a good header. */
    void onHandshake() {
        backoffNs = transport.settings().reconnectMinNs();
        connected = true;
    }

    /** Worker thread: the connection is finished; dial again after the reconnect time. */
    void onConnectionDone(final TransportConnection conn, final boolean handshaken) {
        if (current != conn) {
            return;
        }
        current = null;
        connected = false;
        if (handshaken) {
            backoffNs = transport.settings().reconnectMinNs();
        }
        schedule(System.nanoTime());
    }

    /** Worker thread: connect deadline and next attempt. */
    @Override
    long onTimer(final long now) {
        if (pending != null && now - connectDeadlineNs >= 0) {
            fail("connect timed out");
        }
        if (nextAttemptNs != NO_TIMER && now - nextAttemptNs >= 0) {
            attempt(now);
        }
        if (pending != null) {
            return connectDeadlineNs;
        }
        return nextAttemptNs;
    }

    /** Worker thread: stops dialing and closes the current connection. */
    void closeNow() {
        closed = true;
        nextAttemptNs = NO_TIMER;
        if (pending != null) {
            Channels.closeQuietly(pending);
            pending = null;
        }
        if (current != null) {
            current.close(TransportConnection.LOCAL);
        }
        connected = false;
        worker.endpoints.removeDialer(this);
    }
}
