/**
 * The engine: {@link io.sprocket.engine.Engine}, the single writer of a ring's registries of sockets,
 * peers and connections, running as the ring's engine consumer through its
 * {@link io.sprocket.ring.RingHook}.
 *
 * <p>Other threads change the registries through {@link io.sprocket.engine.Control} events, which
 * travel through the ring in order with the data (a peer's messages are never handled before its
 * connect), and read them through a {@link io.sprocket.engine.RegistrySnapshot}. The engine counts
 * each data message against its peer before the application's handler runs.
 * {@link io.sprocket.engine.RegistryStats} is filled on demand, and the same figures are in JMX while
 * the engine runs.
 *
 * <p><b>Note:</b> the engine's per-message work allocates nothing; membership changes allocate only a
 * snapshot per batch that changed it (none with snapshots off). Each type states which threads may
 * call it.
 */
package io.sprocket.engine;
