package io.sprocket.perf;

import java.util.HashMap;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;

import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.collections.LongHashSet;
import org.agrona.collections.Object2LongHashMap;

import io.sprocket.message.Addr;
import io.sprocket.perf.report.Fmt;
import io.sprocket.registry.Peer;
import io.sprocket.registry.PeerRegistry;

/**
 * The peer registry on one thread (its owner, as the engine is), each operation beside the maps it
 * could have been, interleaved:
 *
 * <ul>
 *   <li>{@code registry-get-id}: {@link PeerRegistry#get(long)} against Agrona's
 *       {@code Long2ObjectHashMap.get} ({@code agrona-map}, what it is built on) and
 *       {@code ConcurrentHashMap<Long, Peer>.get} ({@code chm}, which boxes the key).</li>
 *   <li>{@code registry-get-addr}: {@link PeerRegistry#getByAddr(Addr)} (address to id, then id to
 *       peer) against {@code HashMap<Addr, Peer>.get} ({@code hash-map}).</li>
 *   <li>{@code registry-add-remove}: {@link PeerRegistry#add} (both indexes, a pooled {@link Peer}) +
 *       {@link PeerRegistry#remove} against {@code put} + {@code remove} on {@code agrona-map} and
 *       {@code chm} (id index only).</li>
 * </ul>
 *
 * Peers have random 63-bit ids and distinct TCP addresses; lookups walk a shuffled sequence of them,
 * so neither the hash nor the cache sees a friendly pattern. Every lookup reads the peer's id, so no
 * system can skip the load of the value.
 */
final class RegistrySuite {
    /** The settings of one registry run. */
    static final class Settings {
        int peers = 1000;
        int ops = 2_000_000;
        int rounds = 5;
    }

    private static final int EXTRA = 1024;
    private static final int ORDER = 1 << 16;

    private final Settings s;
    private final PeerRegistry registry;
    private final Long2ObjectHashMap<Peer> agrona;
    private final ConcurrentHashMap<Long, Peer> chm;
    private final HashMap<Addr, Peer> hashMap;
    private final Object2LongHashMap<Addr> addrIndex;
    private final long[] lookupIds = new long[ORDER];
    private final Addr[] lookupAddrs = new Addr[ORDER];
    private final long[] extraIds = new long[EXTRA];
    private final Addr[] extraAddrs = new Addr[EXTRA];
    private final Peer[] extraPeers = new Peer[EXTRA];

    private RegistrySuite(final Settings s) {
        this.s = s;
        final SplittableRandom random = new SplittableRandom(7);
        final LongHashSet used = new LongHashSet(2 * (s.peers + EXTRA));
        final long[] ids = new long[s.peers];
        final Addr[] addrs = new Addr[s.peers];
        for (int i = 0; i < s.peers + EXTRA; i++) {
            long id;
            do {
                id = random.nextLong(1, Long.MAX_VALUE);
            } while (!used.add(id));
            final Addr addr = Addr.tcp("10." + (i >>> 16 & 255) + "." + (i >>> 8 & 255) + "." + (i & 255),
                1024 + (i % 50_000));
            if (i < s.peers) {
                ids[i] = id;
                addrs[i] = addr;
            } else {
                extraIds[i - s.peers] = id;
                extraAddrs[i - s.peers] = addr;
            }
        }
        registry = new PeerRegistry("perf-registry", s.peers + EXTRA);
        registry.bindOwner(Thread.currentThread());
        agrona = new Long2ObjectHashMap<>(2 * (s.peers + EXTRA), 0.65f);
        chm = new ConcurrentHashMap<>(2 * (s.peers + EXTRA));
        hashMap = new HashMap<>(2 * (s.peers + EXTRA));
        addrIndex = new Object2LongHashMap<>(2 * (s.peers + EXTRA), 0.65f, 0);
        for (int i = 0; i < s.peers; i++) {
            final Peer p = registry.add(ids[i], addrs[i], 0);
            agrona.put(ids[i], p);
            chm.put(ids[i], p);
            hashMap.put(addrs[i], p);
            addrIndex.put(addrs[i], ids[i]);
        }
        for (int j = 0; j < ORDER; j++) {
            final int i = random.nextInt(s.peers);
            lookupIds[j] = ids[i];
            lookupAddrs[j] = addrs[i];
        }
        for (int i = 0; i < EXTRA; i++) {
            // Stand-ins for the baselines' values: real Peer objects, never registered under these ids.
            extraPeers[i] = registry.get(ids[i % s.peers]);
        }
    }

    static void run(final Settings s, final io.sprocket.perf.report.Report report, final Progress progress)
        throws Exception {
        new RegistrySuite(s).runAll(report, progress);
    }

    private void runAll(final io.sprocket.perf.report.Report report, final Progress progress) throws Exception {
        final int ops = s.ops;
        series(report, progress, "registry-get-id", new String[] {"sprocket", "agrona-map", "chm"},
            "REGISTRY  lookup by id",
            new Op[] {() -> getById(registry, lookupIds, ops), () -> getById(agrona, lookupIds, ops),
                () -> getById(chm, lookupIds, ops)},
            "chm boxes each key (Long.valueOf): its B/op is that garbage, unless escape analysis removes it.");
        series(report, progress, "registry-get-addr", new String[] {"sprocket", "hash-map", "agrona-addr-index"},
            "REGISTRY  lookup by address",
            new Op[] {() -> getByAddr(registry, lookupAddrs, ops), () -> getByAddr(hashMap, lookupAddrs, ops),
                () -> getIdByAddr(addrIndex, lookupAddrs, ops)},
            "sprocket looks the address up in an Object2LongHashMap<Addr> (agrona-addr-index: that step alone, the id"
                + " summed instead of a peer's), then the id in the Long2ObjectHashMap.");
        series(report, progress, "registry-add-remove", new String[] {"sprocket", "agrona-map", "chm"},
            "REGISTRY  add + remove",
            new Op[] {() -> addRemove(registry, extraIds, extraAddrs, ops), () -> addRemove(agrona, extraIds, extraPeers, ops),
                () -> addRemove(chm, extraIds, extraPeers, ops)},
            "sprocket updates both indexes and the dense peer array and recycles a pooled Peer; the maps update one"
                + " index.");
    }

    @FunctionalInterface
    private interface Op {
        long run();
    }

    private void series(final io.sprocket.perf.report.Report report, final Progress progress, final String benchmark,
        final String[] systems, final String title, final Op[] ops, final String note) throws Exception {
        final PoolSuite.Figures f = new PoolSuite.Figures(systems.length, s.rounds);
        final Rounds.Trial[] trials = new Rounds.Trial[systems.length];
        for (int i = 0; i < systems.length; i++) {
            final int system = i;
            trials[i] = round -> {
                final long overhead = Support.allocationProbeOverhead();
                final long b0 = Support.allocatedBytes();
                final long t0 = System.nanoTime();
                PoolSuite.sink = ops[system].run();
                final long t1 = System.nanoTime();
                final long bytes = Math.max(0, Support.allocatedBytes() - b0 - overhead);
                f.put(system, round, (double)(t1 - t0) / s.ops, (double)bytes / s.ops);
            };
        }
        final Rounds rounds = Rounds.run(benchmark, s.rounds, false, progress, systems, trials);
        PoolSuite.print(report, benchmark, String.format(java.util.Locale.ROOT,
            "%s  one thread (the owner), %s peers, %d rounds x %s ops", title, Fmt.count(s.peers), s.rounds,
            Fmt.count(s.ops)), systems, f, rounds, new String[] {note});
    }

    // Each loop is its own method, so the JIT compiles and profiles each system separately.

    private static long getById(final PeerRegistry registry, final long[] ids, final int ops) {
        long sum = 0;
        for (int i = 0; i < ops; i++) {
            sum += registry.get(ids[i & (ORDER - 1)]).id();
        }
        return sum;
    }

    private static long getById(final Long2ObjectHashMap<Peer> map, final long[] ids, final int ops) {
        long sum = 0;
        for (int i = 0; i < ops; i++) {
            sum += map.get(ids[i & (ORDER - 1)]).id();
        }
        return sum;
    }

    private static long getById(final ConcurrentHashMap<Long, Peer> map, final long[] ids, final int ops) {
        long sum = 0;
        for (int i = 0; i < ops; i++) {
            sum += map.get(ids[i & (ORDER - 1)]).id();
        }
        return sum;
    }

    private static long getByAddr(final PeerRegistry registry, final Addr[] addrs, final int ops) {
        long sum = 0;
        for (int i = 0; i < ops; i++) {
            sum += registry.getByAddr(addrs[i & (ORDER - 1)]).id();
        }
        return sum;
    }

    private static long getByAddr(final HashMap<Addr, Peer> map, final Addr[] addrs, final int ops) {
        long sum = 0;
        for (int i = 0; i < ops; i++) {
            sum += map.get(addrs[i & (ORDER - 1)]).id();
        }
        return sum;
    }

    private static long getIdByAddr(final Object2LongHashMap<Addr> map, final Addr[] addrs, final int ops) {
        long sum = 0;
        for (int i = 0; i < ops; i++) {
            sum += map.getValue(addrs[i & (ORDER - 1)]);
        }
        return sum;
    }

    private static long addRemove(final PeerRegistry registry, final long[] ids, final Addr[] addrs, final int ops) {
        long sum = 0;
        for (int i = 0; i < ops; i++) {
            final int k = i & (EXTRA - 1);
            sum += registry.add(ids[k], addrs[k], i).id();
            registry.remove(ids[k]);
        }
        return sum;
    }

    private static long addRemove(final Long2ObjectHashMap<Peer> map, final long[] ids, final Peer[] peers, final int ops) {
        long sum = 0;
        for (int i = 0; i < ops; i++) {
            final int k = i & (EXTRA - 1);
            map.put(ids[k], peers[k]);
            sum += map.remove(ids[k]).id();
        }
        return sum;
    }

    private static long addRemove(final ConcurrentHashMap<Long, Peer> map, final long[] ids, final Peer[] peers,
        final int ops) {
        long sum = 0;
        for (int i = 0; i < ops; i++) {
            final int k = i & (EXTRA - 1);
            map.put(ids[k], peers[k]);
            sum += map.remove(ids[k]).id();
        }
        return sum;
    }
}
