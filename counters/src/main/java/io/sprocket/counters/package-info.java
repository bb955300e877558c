/**
 * Sprocket's counters: every figure of a process (ring, pools, registries, transport, and one set
 * per live connection and peer) in one memory-mapped file managed by Agrona's
 * {@code CountersManager}, which another process reads live ({@code sprocket-perf stat}).
 *
 * <p>{@link io.sprocket.counters.CountersFile} creates and owns the file (one per process by
 * default); {@link io.sprocket.counters.CountersFileReader} maps one read-only;
 * {@link io.sprocket.counters.CountersFileDescriptor} draws its layout and
 * {@link io.sprocket.counters.CounterTypes} names the kinds of figure.
 */
package io.sprocket.counters;
