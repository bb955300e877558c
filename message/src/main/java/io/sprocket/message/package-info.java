/**
 * Messages and where they come from: the off-heap {@link io.sprocket.message.Message} flyweight, its
 * {@link io.sprocket.message.MessageSource}, the bounded {@link io.sprocket.message.BufferPool} and its
 * {@link io.sprocket.message.PoolStats}, peer addresses ({@link io.sprocket.message.Addr}), the sizes
 * every layer is built from ({@link io.sprocket.message.InfraConfig}), the misuse checks
 * ({@link io.sprocket.message.Checks}) and the start-up check for the one JVM flag Sprocket needs
 * ({@link io.sprocket.message.JvmAccess}).
 *
 * <p>A message is a view over off-heap memory laid out as header room, then payload: the payload is
 * {@link io.sprocket.message.Message#buffer()} (index 0 is its first byte), and a protocol header is
 * kept right against it so header and payload go on the wire as one range. Every message belongs to a
 * source (a pool, or a ring whose slots are its messages), and {@link io.sprocket.message.Message#release()}
 * gives it back. With checks on (the default; {@code -Dsprocket.checks=false} turns the costly ones
 * off), touching a released message, or releasing it twice, throws {@link IllegalStateException}.
 *
 * <p><b>Note:</b> each type states its own threading and allocation contract. In short: a message is
 * used by one thread at a time and handed over with a happens-before edge; a pool is safe for any
 * number of threads and, once warm, acquires and releases without allocating; configurations and
 * addresses are immutable.
 */
package io.sprocket.message;
