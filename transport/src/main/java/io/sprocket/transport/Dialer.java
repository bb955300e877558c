package io.sprocket.transport;

import java.util.concurrent.locks.LockSupport;

import io.sprocket.message.Addr;
import io.sprocket.registry.SpSocket;

/**
 * A dialing endpoint of one socket, returned by {@link Transport#dial(SpSocket, Addr)}: it keeps one
 * connection to its address, reconnecting with backoff after a failed attempt or a lost connection.
 *
 * <p><b>Note:</b> any thread may call these methods. {@link #close()} waits (bounded) for the I/O
 * worker and allocates; {@link #awaitConnected(long)} parks; the accessors allocate nothing (except
 * {@link #lastError()}'s string, made when an attempt failed).
 */
public final class Dialer {
    private static final long POLL_NS = 200_000;

    private final Connector connector;

    Dialer(final Connector connector) {
        this.connector = connector;
    }

    /**
     * The address dialed.
     *
     * @return the address.
     */
    public Addr addr() {
        return connector.addr;
    }

    /**
     * The socket this dialer connects.
     *
     * @return the socket.
     */
    public SpSocket socket() {
        return connector.sock.socket;
    }

    /**
     * Whether the dialer's connection is up: connected, and the peer's header was valid.
     *
     * @return true while connected.
     */
    public boolean isConnected() {
        return connector.connected;
    }

    /**
     * Connection attempts so far.
     *
     * @return a count.
     */
    public int attempts() {
        return connector.attempts;
    }

    /**
     * Attempts that failed (refused, unreachable, timed out).
     *
     * @return a count.
     */
    public int failures() {
        return connector.failures;
    }

    /**
     * Why the last failed attempt failed.
     *
     * @return a description, or null when none failed.
     */
    public String lastError() {
        return connector.lastError;
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
        while (!connector.connected) {
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
        connector.transport.closeDialer(connector);
    }

    @Override
    public String toString() {
        return "Dialer{" + connector.addr + ", socket='" + connector.sock.socket.name() + "', connected="
            + connector.connected + '}';
    }
}
