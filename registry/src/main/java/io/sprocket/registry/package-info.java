/**
 * The registries of a Scalability Protocols stack: who the peers of each socket are and which
 * connections are open, on Agrona's primitive maps so that lookups, adds and removes allocate
 * nothing once warm.
 *
 * <ul>
 *   <li>{@link io.sprocket.registry.SpSocket}: a socket (a protocol endpoint such as PUSH or PULL)
 *       that peers and connections belong to.</li>
 *   <li>{@link io.sprocket.registry.PeerRegistry}, one per socket: {@link io.sprocket.registry.Peer}s
 *       by id and by address, each with its {@link io.sprocket.registry.PeerState} and
 *       {@link io.sprocket.registry.PeerCounters}; {@link io.sprocket.registry.PeerSnapshot} is a
 *       frozen copy for other threads.</li>
 *   <li>{@link io.sprocket.registry.ConnRegistry}, one per engine: the open
 *       {@link io.sprocket.registry.Connection}s, each held by a {@link io.sprocket.registry.ConnEntry}
 *       with its bounded outbound queue; closing a socket closes its connections and removes its
 *       peers.</li>
 * </ul>
 *
 * <p>Applications rarely build these themselves: a ring owns them (see
 * {@code io.sprocket.ring.Registries}), changes them on its engine thread through control events, and
 * publishes snapshots for every other thread.
 *
 * <p><b>Note:</b> a registry has a single writer, the thread bound with {@code bindOwner}; with checks
 * on, any other thread that changes it or reads its maps gets an {@link IllegalStateException}
 * naming both threads. A peer's counters may be read from any thread. Add, remove and lookup allocate
 * nothing once the registry is warm; growth past the presized capacity allocates and is counted.
 */
package io.sprocket.registry;
