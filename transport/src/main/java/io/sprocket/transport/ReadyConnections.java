package io.sprocket.transport;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * One socket's connections that are ready to send on, and the round-robin cursor its sends share.
 * Held by the socket's {@link SocketEndpoints}, so it exists from the socket's first use on.
 *
 * <p><b>Note:</b> {@link #add} and {@link #remove} run under {@link Connections}' index lock (a
 * worker thread; they allocate a new array, copy-on-write); senders on any thread read
 * {@link #conns} and move the cursor without locks or allocation.
 */
final class ReadyConnections {
    private static final TransportConnection[] NONE = new TransportConnection[0];

    final AtomicInteger cursor = new AtomicInteger();
    volatile TransportConnection[] conns = NONE;

    void add(final TransportConnection c) {
        final TransportConnection[] old = conns;
        final TransportConnection[] next = new TransportConnection[old.length + 1];
        System.arraycopy(old, 0, next, 0, old.length);
        next[old.length] = c;
        conns = next;
    }

    void remove(final TransportConnection c) {
        final TransportConnection[] old = conns;
        for (int i = 0; i < old.length; i++) {
            if (old[i] == c) {
                final TransportConnection[] next = new TransportConnection[old.length - 1];
                System.arraycopy(old, 0, next, 0, i);
                System.arraycopy(old, i + 1, next, i, old.length - i - 1);
                conns = next;
                return;
            }
        }
    }
}
