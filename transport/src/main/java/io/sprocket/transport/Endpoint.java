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

    /**
     * Acts on whatever deadline of this endpoint is due (a handshake's or a frame's, a redial, a
     * listener's pause); worker thread only.
     *
     * @param now the time now ({@link System#nanoTime()} scale).
     * @return the endpoint's next deadline, or {@code Long.MAX_VALUE} for none.
     */
    abstract long onTimer(long now);
}
