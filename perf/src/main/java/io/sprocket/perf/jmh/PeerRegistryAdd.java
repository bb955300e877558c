package io.sprocket.perf.jmh;

import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.agrona.collections.Long2ObjectHashMap;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import io.sprocket.message.Addr;
import io.sprocket.registry.Peer;
import io.sprocket.registry.PeerRegistry;

/**
 * Adding a peer (target under 500 ns on one machine), measured as add + remove so the registry stays at its size:
 * {@link PeerRegistry#add} + {@link PeerRegistry#remove} ({@code sprocket}: both indexes, the dense
 * array, a pooled {@link Peer}) beside {@code put} + {@code remove} on Agrona's
 * {@code Long2ObjectHashMap} ({@code agronaMap}) and {@code ConcurrentHashMap<Long, Peer>}
 * ({@code chm}), which keep one index.
 *
 * <p><b>Note:</b> JMH creates and drives this class; each benchmark thread has its own registry and
 * binds itself as the owner at every iteration. The {@code sprocket} and {@code agronaMap} methods
 * allocate nothing (the registry is presized); {@code chm} allocates its nodes and boxed keys.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class PeerRegistryAdd {
    private static final int EXTRA = 1024;

    /**
     * A registry and maps holding {@code peers} peers, and 1,024 more ids to add and remove.
     *
     * <p><b>Note:</b> per benchmark thread.
     */
    @State(Scope.Thread)
    public static class Peers {
        /** Peers registered before the benchmark. */
        @Param({"16", "1000"})
        public int peers;
        PeerRegistry registry;
        Long2ObjectHashMap<Peer> agronaMap;
        ConcurrentHashMap<Long, Peer> chm;
        final long[] ids = new long[EXTRA];
        final Addr[] addrs = new Addr[EXTRA];
        final Peer[] values = new Peer[EXTRA];
        int next;
        long now;

        /** Builds the registry and the maps. */
        @Setup(Level.Trial)
        public void build() {
            final SplittableRandom random = new SplittableRandom(5);
            registry = new PeerRegistry("jmh-add", peers + EXTRA);
            agronaMap = new Long2ObjectHashMap<>(2 * (peers + EXTRA), 0.65f);
            chm = new ConcurrentHashMap<>(2 * (peers + EXTRA));
            for (int i = 0; i < peers + EXTRA; i++) {
                long id;
                do {
                    id = random.nextLong(1, Long.MAX_VALUE);
                } while (registry.get(id) != null);
                final Addr addr = Addr.tcp("10." + (i >>> 16 & 255) + "." + (i >>> 8 & 255) + "." + (i & 255), 7001);
                if (i < peers) {
                    final Peer peer = registry.add(id, addr, 0);
                    agronaMap.put(id, peer);
                    chm.put(id, peer);
                } else {
                    ids[i - peers] = id;
                    addrs[i - peers] = addr;
                }
            }
            final Peer any = registry.add(ids[0], addrs[0], 0);
            java.util.Arrays.fill(values, any);
            registry.remove(ids[0]);
        }

        /** The benchmark thread becomes the registry's owner (JMH may change threads between iterations). */
        @Setup(Level.Iteration)
        public void bind() {
            registry.bindOwner(Thread.currentThread());
        }

        int nextIndex() {
            final int i = next;
            next = (i + 1) & (EXTRA - 1);
            return i;
        }
    }

    /**
     * Sprocket: add (both indexes, pooled peer) then remove.
     *
     * @param p the peers.
     * @return the added peer's id.
     */
    @Benchmark
    public long addRemove_sprocket(final Peers p) {
        final int i = p.nextIndex();
        final long id = p.registry.add(p.ids[i], p.addrs[i], ++p.now).id();
        p.registry.remove(id);
        return id;
    }

    /**
     * Agrona's map: put then remove.
     *
     * @param p the peers.
     * @return the removed value.
     */
    @Benchmark
    public Peer addRemove_agronaMap(final Peers p) {
        final int i = p.nextIndex();
        p.agronaMap.put(p.ids[i], p.values[i]);
        return p.agronaMap.remove(p.ids[i]);
    }

    /**
     * ConcurrentHashMap: put then remove, boxing the key.
     *
     * @param p the peers.
     * @return the removed value.
     */
    @Benchmark
    public Peer addRemove_chm(final Peers p) {
        final int i = p.nextIndex();
        p.chm.put(p.ids[i], p.values[i]);
        return p.chm.remove(p.ids[i]);
    }
}
