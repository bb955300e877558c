package io.sprocket.registry;

import io.sprocket.message.Addr;
import io.sprocket.message.Message;

/**
 * The transport's handle on one connection (a TCP or IPC stream), as the {@link ConnRegistry} sees
 * it: something to close, with two addresses.
 *
 * <p>Two optional hooks let a transport find the {@link ConnEntry} the registry created for it, and
 * hear about messages queued on that entry: {@link #onRegistered(ConnEntry)} and
 * {@link #onOutboundOffered()}. Both do nothing by default.
 *
 * <p><b>Note:</b> implemented by the transport. {@link #close()} is called by the registry's owner
 * (engine) thread while an I/O worker may be using the connection, so it must be safe against that
 * and idempotent; the registry itself calls it at most once per registration. The address accessors
 * may be called from any thread and should not allocate. {@link #onRegistered(ConnEntry)} runs on
 * the registry's owner thread; {@link #onOutboundOffered()} on whichever thread queued a message;
 * neither should block or allocate.
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

    /**
     * Called by {@link ConnRegistry#register} on the registry's owner thread once the entry for this
     * connection is in every index, so that the transport can reach the entry's outbound queue.
     * Does nothing by default. An unchecked exception thrown here undoes the registration: the entry
     * is closed and removed (and this connection's {@link #close()} called) before the exception
     * leaves {@code register}.
     *
     * @param entry the new entry.
     */
    default void onRegistered(final ConnEntry entry) {
    }

    /**
     * Called on the registry's owner thread (the engine) when it refused to register this
     * connection: its {@code connectionOpened} control event could not be applied (the socket is not
     * open, or was closed meanwhile; an id is taken; or {@link #onRegistered} threw). This is the
     * engine's answer, as {@link #onRegistered} is the other one: the transport closes the
     * connection at once, with no timer and no polling. Exactly one of the two is called for each
     * event the engine applies or refuses. Must not throw and must not block; does nothing by
     * default.
     */
    default void onRefused() {
    }

    /**
     * Called by {@link ConnEntry#offerOutboundAndNotify(Message)} after a message was queued, so the
     * transport can wake the I/O worker that drains the queue. Does nothing by default.
     */
    default void onOutboundOffered() {
    }
}
