package io.sprocket.transport;

import java.nio.channels.SelectionKey;

/**
 * What a worker's selection key carries as its attachment: a listening socket, a pending dial or a
 * connection. The worker's non-capturing dispatch hands each ready key to its endpoint.
 */
abstract class Endpoint {
    /** Handles the key's ready operations; worker thread only. */
    abstract void onSelected(SelectionKey key);
}
