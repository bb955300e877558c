/**
 * Sprocket's counters: every figure of a process (ring, pools, registries, transport, and one set
 * per live connection and peer) in one memory-mapped file managed by Agrona's
 * {@code CountersManager}, which another process reads live ({@code sprocket-perf stat}).
 *
 * <p>{@link io.sprocket.counters.CountersFile} creates and owns the file (one per process by
 * default); {@link io.sprocket.counters.CountersFileReader} maps one read-only;
 * {@link io.sprocket.counters.CountersFileDescriptor} draws its layout and
 * {@link io.sprocket.counters.CounterTypes} names the kinds of figure. An owner's counters are a
 * {@link io.sprocket.counters.CounterSet}, freed when it closes; owners that come and go often (peers)
 * borrow {@link io.sprocket.counters.CounterRecords} from a {@link io.sprocket.counters.CounterRecordsPool}.
 */
package io.sprocket.counters;
