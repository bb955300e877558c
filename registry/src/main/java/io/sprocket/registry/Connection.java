package io.sprocket.registry;

import io.sprocket.message.Addr;

/**
 * The transport's handle on one connection (a TCP or IPC stream), as the {@link ConnRegistry} sees
 * it: something to close, with two addresses.
 *
 * <p><b>Note:</b> implemented by the transport. {@link #close()} is called by the registry's owner
 * (engine) thread while an I/O worker may be using the connection, so it must be safe against that
 * and idempotent; the registry itself calls it at most once per registration. The address accessors
 * may be called from any thread and should not allocate.
 */
public interface Connection {
    /**
     * Closes the connection and releases its operating-system resources. A second call does nothing.
     * An unchecked exception is caught and counted by the {@link ConnRegistry}.
     */
    void close();

    /**
     * This end's address.
     *
     * @return the local address, or null when the transport has none.
     */
    Addr localAddr();

    /**
     * The far end's address.
     *
     * @return the remote address, or null when the transport has none.
     */
    Addr remoteAddr();
}
