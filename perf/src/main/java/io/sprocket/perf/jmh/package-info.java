/**
 * The JMH benchmarks of the original requirements' targets, each class holding Sprocket's benchmark
 * beside its baseline (method names are {@code <benchmark>_<system>}, which {@code sprocket-perf jmh}
 * uses to pair them):
 * {@link io.sprocket.perf.jmh.BufferPoolGet}, {@link io.sprocket.perf.jmh.BufferPoolConcurrent},
 * {@link io.sprocket.perf.jmh.PeerRegistryLookup}, {@link io.sprocket.perf.jmh.PeerRegistryAdd} and
 * {@link io.sprocket.perf.jmh.MessageClone}; {@link io.sprocket.perf.jmh.RingFootprint}, what a message
 * costs on one thread as the ring outgrows the caches, before and after a garbage collection moved
 * the slots' objects; and {@link io.sprocket.perf.jmh.ClaimPublish}, what the producer's side of a
 * message costs with no consumer on another core.
 *
 * <p>Run them with {@code java -jar perf/target/sprocket-perf.jar jmh [regex]}: one fork each, with
 * {@code -Xms1g -Xmx1g}, the Agrona export flag and the {@code gc} profiler, so every benchmark shows
 * its bytes per operation ({@code gc.alloc.rate.norm}).
 */
package io.sprocket.perf.jmh;
