/**
 * The ring: {@link io.sprocket.ring.MessageRing}, an LMAX Disruptor ring whose preallocated off-heap
 * slots are the message pool, and its consumers: the engine, and any readers (a journaller).
 *
 * <p>A producer claims a slot ({@link io.sprocket.ring.MessageRing#claim(int, long)} waits, bounded;
 * {@link io.sprocket.ring.MessageRing#tryClaim(int)} does not), writes the slot's message and publishes
 * it; a refused claim is a negative result ({@link io.sprocket.ring.MessageRing#FULL},
 * {@link io.sprocket.ring.MessageRing#CLOSED}), never an exception. The engine's
 * {@link io.sprocket.ring.MessageHandler} (or, for a layer above the ring, its
 * {@link io.sprocket.ring.RingHook}) and any readers see every message in order; a handler's exception
 * is counted and given to a {@link io.sprocket.ring.HandlerErrorListener} (by default, a rate-limited
 * {@link System.Logger} warning). {@link io.sprocket.ring.MessageRing#close(long)} drains what was
 * published, stops the consumers and frees the slots.
 *
 * <p>The consumers are Agrona agents, run in a {@link io.sprocket.ring.ThreadingMode}: a thread each, one
 * shared thread, or the application's own thread through an {@code AgentInvoker}; they idle as their
 * {@link io.sprocket.ring.EngineWait} says. {@link io.sprocket.ring.RingStats} is filled on demand, and
 * the same figures are in JMX while the ring runs.
 *
 * <p><b>Note:</b> claims, publishes and dispatch to the consumers allocate nothing in steady state;
 * building, starting and closing a ring allocate. Each type states which threads may call it.
 */
package io.sprocket.ring;
