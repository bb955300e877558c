/**
 * The ring: {@link io.sprocket.ring.MessageRing}, an LMAX Disruptor ring whose preallocated off-heap
 * slots are the message pool, and the engine thread that handles what is published into it.
 *
 * <p>A producer claims a slot ({@link io.sprocket.ring.MessageRing#claim(int, long)} waits, bounded;
 * {@link io.sprocket.ring.MessageRing#tryClaim(int)} does not), writes the slot's message and publishes
 * it; a refused claim is a negative result ({@link io.sprocket.ring.MessageRing#FULL},
 * {@link io.sprocket.ring.MessageRing#CLOSED}), never an exception. The engine's
 * {@link io.sprocket.ring.MessageHandler} and any readers run on threads of their own and see every
 * message in order; a handler's exception is counted and given to a
 * {@link io.sprocket.ring.HandlerErrorListener} (by default, a rate-limited {@link System.Logger}
 * warning). {@link io.sprocket.ring.MessageRing#close(long)} drains what was published, stops the
 * threads and frees the slots.
 *
 * <p>The engine also owns the ring's {@link io.sprocket.ring.Registries} (sockets, peers and
 * connections): other threads change them through {@link io.sprocket.ring.Control} events, which
 * travel through the ring like data, and read them through a
 * {@link io.sprocket.ring.RegistrySnapshot}. {@link io.sprocket.ring.RingStats} and
 * {@link io.sprocket.ring.RegistryStats} are filled on demand, and the same figures are in JMX while
 * the ring runs.
 *
 * <p><b>Note:</b> claims, publishes and handler dispatch allocate nothing in steady state; building,
 * starting and closing a ring allocate. Each type states which threads may call it.
 */
package io.sprocket.ring;
