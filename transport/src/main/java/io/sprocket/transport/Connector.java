package io.sprocket.transport;

import java.io.IOException;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

import io.sprocket.message.Addr;

/**
 * A dialer on its worker: connects, and after a failed attempt or a lost connection tries again
 * after the reconnect time, which starts at the minimum and doubles up to the maximum (stays at the
 * minimum when the maximum is 0, as NNG does). A completed handshake resets it to the minimum. A
 * connect that has not completed within the handshake timeout counts as failed.
 */
final class Connector extends Endpoint {
    private static final long NO_TIMER = Long.MAX_VALUE;

    final Transport transport;
    final Worker worker;
    final SocketState sock;
    final Addr addr;
    final SocketAddress target;
    final boolean ipc;
    final Dialer handle;

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

    Connector(
        final Transport transport,
        final Worker worker,
        final SocketState sock,
        final Addr addr,
        final SocketAddress target,
        final boolean ipc) {
        this.transport = transport;
        this.worker = worker;
        this.sock = sock;
        this.addr = addr;
        this.target = target;
        this.ipc = ipc;
        this.backoffNs = transport.reconnectMinNs();
        this.handle = new Dialer(this);
    }

    /** Worker thread: first attempt. */
    void start() {
        worker.addConnector(this);
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
                connectDeadlineNs = now + transport.handshakeTimeoutNs();
                worker.timer(connectDeadlineNs);
            }
        } catch (final IOException | RuntimeException e) {
            if (channel != null && pending == null) {
                closeQuietly(channel);
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
        current = transport.newConn(worker, sock, channel, ipc, this, null, addr);
        current.startGuarded();
    }

    private void fail(final String why) {
        if (pending != null) {
            closeQuietly(pending);
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
        final long max = transport.reconnectMaxNs();
        backoffNs = max == 0 ? transport.reconnectMinNs() : Math.min(max, backoffNs * 2);
    }

    /** Worker thread: the connection's peer sent a good header. */
    void onHandshake() {
        backoffNs = transport.reconnectMinNs();
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
            backoffNs = transport.reconnectMinNs();
        }
        schedule(System.nanoTime());
    }

    /** Worker thread: connect deadline and next attempt. */
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
            closeQuietly(pending);
            pending = null;
        }
        if (current != null) {
            current.close(TransportConnection.LOCAL);
        }
        connected = false;
        worker.removeConnector(this);
    }

    private static void closeQuietly(final SocketChannel channel) {
        try {
            channel.close();
        } catch (final IOException ignored) {
            // nothing to do
        }
    }
}
