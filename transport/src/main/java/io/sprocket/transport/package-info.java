/**
 * Scalability Protocols over TCP and IPC, wire-compatible with NNG and nanomsg peers:
 * {@link io.sprocket.transport.Transport} puts sockets on a {@link io.sprocket.ring.MessageRing}, with
 * {@link io.sprocket.transport.Listener}s and {@link io.sprocket.transport.Dialer}s for their
 * addresses, the protocol ids of {@link io.sprocket.transport.SpProtocol}, and
 * {@link io.sprocket.transport.TransportStats}.
 *
 * <p>A few I/O threads read each frame straight into a ring slot, so the ring's handler sees every
 * received message with its sender's {@link io.sprocket.message.Message#peerId()}; any thread sends a
 * pooled message to a socket, a peer or a connection, and the transport releases it once written.
 * Connections, peers and their closing go through the ring's registries as control events. A peer
 * that sends bad bytes (a wrong header, a frame over the receive limit) is counted and its connection
 * closed. Protocol semantics (SUB filtering, REQ ids) are not applied here.
 *
 * <p><b>Note:</b> every public method may be called from any thread. Sending and the I/O threads'
 * per-message work allocate nothing in steady state; opening and closing listeners, dialers and
 * connections allocate.
 */
package io.sprocket.transport;
