package io.sprocket.perf.jmh;

import java.util.HashMap;
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
 * Peer lookup (target under 100 ns on one machine) by id and by address, on the registry's owner thread:
 * {@link PeerRegistry#get(long)} ({@code sprocket}) beside Agrona's {@code Long2ObjectHashMap.get}
 * ({@code agronaMap}, what the registry is built on) and {@code ConcurrentHashMap<Long, Peer>.get}
 * ({@code chm}, which boxes the key); {@link PeerRegistry#getByAddr(Addr)} beside
 * {@code HashMap<Addr, Peer>.get} ({@code hashMap}). Keys are random 63-bit ids walked in a shuffled
 * order, 16 to 100,000 peers.
 *
 * <p><b>Note:</b> JMH creates and drives this class; each benchmark thread has its own registry and
 * binds itself as the owner at every iteration. The {@code sprocket} and {@code agronaMap} methods
 * allocate nothing; {@code chm} allocates a boxed key unless escape analysis removes it.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class PeerRegistryLookup {
    private static final int ORDER = 1 << 16;

    /**
     * The registry and the baseline maps, holding the same peers.
     *
     * <p><b>Note:</b> per benchmark thread.
     */
    @State(Scope.Thread)
    public static class Peers {
        /** Registered peers. */
        @Param({"16", "1000", "100000"})
        public int peers;
        PeerRegistry registry;
        Long2ObjectHashMap<Peer> agronaMap;
        ConcurrentHashMap<Long, Peer> chm;
        HashMap<Addr, Peer> hashMap;
        final long[] ids = new long[ORDER];
        final Addr[] addrs = new Addr[ORDER];
        int next;

        /** Builds the registry and the maps. */
        @Setup(Level.Trial)
        public void build() {
            final SplittableRandom random = new SplittableRandom(3);
            registry = new PeerRegistry("jmh-lookup", peers);
            agronaMap = new Long2ObjectHashMap<>(2 * peers, 0.65f);
            chm = new ConcurrentHashMap<>(2 * peers);
            hashMap = new HashMap<>(2 * peers);
            final long[] registered = new long[peers];
            final Addr[] registeredAddrs = new Addr[peers];
            for (int i = 0; i < peers; i++) {
                long id;
                do {
                    id = random.nextLong(1, Long.MAX_VALUE);
                } while (registry.get(id) != null);
                final Addr addr = Addr.tcp("10." + (i >>> 16 & 255) + "." + (i >>> 8 & 255) + "." + (i & 255), 7000);
                final Peer peer = registry.add(id, addr, 0);
                agronaMap.put(id, peer);
                chm.put(id, peer);
                hashMap.put(addr, peer);
                registered[i] = id;
                registeredAddrs[i] = addr;
            }
            for (int j = 0; j < ORDER; j++) {
                final int i = random.nextInt(peers);
                ids[j] = registered[i];
                addrs[j] = registeredAddrs[i];
            }
        }

        /** The benchmark thread becomes the registry's owner (JMH may change threads between iterations). */
        @Setup(Level.Iteration)
        public void bind() {
            registry.bindOwner(Thread.currentThread());
        }

        int nextIndex() {
            final int i = next;
            next = (i + 1) & (ORDER - 1);
            return i;
        }
    }

    /**
     * Sprocket by id.
     *
     * @param p the peers.
     * @return the peer.
     */
    @Benchmark
    public Peer byId_sprocket(final Peers p) {
        return p.registry.get(p.ids[p.nextIndex()]);
    }

    /**
     * Agrona's map by id.
     *
     * @param p the peers.
     * @return the peer.
     */
    @Benchmark
    public Peer byId_agronaMap(final Peers p) {
        return p.agronaMap.get(p.ids[p.nextIndex()]);
    }

    /**
     * ConcurrentHashMap by boxed id.
     *
     * @param p the peers.
     * @return the peer.
     */
    @Benchmark
    public Peer byId_chm(final Peers p) {
        return p.chm.get(p.ids[p.nextIndex()]);
    }

    /**
     * Sprocket by address.
     *
     * @param p the peers.
     * @return the peer.
     */
    @Benchmark
    public Peer byAddr_sprocket(final Peers p) {
        return p.registry.getByAddr(p.addrs[p.nextIndex()]);
    }

    /**
     * HashMap by address.
     *
     * @param p the peers.
     * @return the peer.
     */
    @Benchmark
    public Peer byAddr_hashMap(final Peers p) {
        return p.hashMap.get(p.addrs[p.nextIndex()]);
    }
}
