package io.sprocket.transport;

import java.nio.channels.SelectionKey;

/**
 * What a worker's selection key carries as its attachment: a {@link Listener} (its listening
 * channel), a {@link Dialer} (its pending connect) or a {@link TransportConnection}. The worker's
 * non-capturing dispatch hands each ready key to its endpoint, and whatever that throws to the
 * endpoint's {@link #onFault}, so one endpoint's failure never stops the worker.
 */
abstract class Endpoint {
    /** Handles the key's ready operations; worker thread only. */
    abstract void onSelected(SelectionKey key);

    /**
     * Something was thrown while serving this endpoint (not an I/O error it handles itself): close or
     * pause it, count it; worker thread only. Must not throw.
     */
    abstract void onFault(Throwable cause);
}
