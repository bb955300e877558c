package io.sprocket.transport;

import io.sprocket.message.Addr;
import io.sprocket.registry.SpSocket;

/**
 * A listening endpoint of one socket, returned by {@link Transport#listen(SpSocket, Addr)}: it accepts
 * connections until closed. A listener on TCP port 0 reports the port the system chose in
 * {@link #boundAddr()}.
 *
 * <p><b>Note:</b> any thread may call these methods. {@link #close()} waits (bounded) for the I/O
 * worker and allocates; the accessors allocate nothing.
 */
public final class Listener {
    private final Acceptor acceptor;

    Listener(final Acceptor acceptor) {
        this.acceptor = acceptor;
    }

    /**
     * The address as given to {@code listen}.
     *
     * @return the address.
     */
    public Addr addr() {
        return acceptor.addr;
    }

    /**
     * The address actually bound: for TCP the given host with the bound port (the chosen one for
     * port 0); for IPC the path.
     *
     * @return the bound address.
     */
    public Addr boundAddr() {
        return acceptor.boundAddr;
    }

    /**
     * The socket this listener accepts connections for.
     *
     * @return the socket.
     */
    public SpSocket socket() {
        return acceptor.sock.socket;
    }

    /**
     * Whether the listener is closed.
     *
     * @return true once closed (by {@link #close()}, its socket's close or the transport's).
     */
    public boolean isClosed() {
        return acceptor.closed;
    }

    /**
     * Stops listening (an IPC listener removes its socket file) and closes the connections it
     * accepted, through the registries' control events, as NNG does. A second call does nothing.
     */
    public void close() {
        acceptor.transport.closeListener(acceptor);
    }

    @Override
    public String toString() {
        return "Listener{" + acceptor.boundAddr + ", socket='" + acceptor.sock.socket.name() + "'}";
    }
}
