/**
 * Complete programs that embed Sprocket, which the build compiles and runs and the README quotes:
 * {@link io.sprocket.examples.EmbeddingExample} (a ring: build, publish, handle, close),
 * {@link io.sprocket.examples.TransportExample} (SP over TCP between two sockets),
 * {@link io.sprocket.examples.JournalExample} (journal, then business logic),
 * {@link io.sprocket.examples.PoolExample} (a bounded pool of off-heap messages) and
 * {@link io.sprocket.examples.MetricsExample} (the ring's meters as Prometheus text over HTTP).
 *
 * <p><b>Note:</b> programs, not an API: each runs on the caller's thread.
 */
package io.sprocket.examples;
