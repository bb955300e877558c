package io.sprocket.perf;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

import org.agrona.concurrent.UnsafeBuffer;

import io.sprocket.counters.CountersFile;
import io.sprocket.message.Addr;
import io.sprocket.message.Checks;
import io.sprocket.message.InfraConfig;
import io.sprocket.message.Message;
import io.sprocket.message.PoolStats;
import io.sprocket.perf.report.Fmt;
import io.sprocket.perf.report.Report;
import io.sprocket.perf.report.Result;
import io.sprocket.perf.report.TextTable;
import io.sprocket.registry.Peer;
import io.sprocket.registry.PeerRegistry;
import io.sprocket.registry.SpSocket;
import io.sprocket.engine.Control;
import io.sprocket.ring.MessageHandler;
import io.sprocket.ring.MessageRing;
import io.sprocket.engine.Registries;
import io.sprocket.engine.RegistryStats;
import io.sprocket.ring.RingStats;

/**
 * The zero-allocation verdict: messages through the whole path an embedding service uses, and the
 * exact bytes every thread involved allocated once warm.
 *
 * <ul>
 *   <li>Set-up (not measured): one socket opened and {@code peers} peers connected through the ring's
 *       {@link Control} events, as a transport would.</li>
 *   <li>Producers (threads of their own, each owning a share of the peers): {@code claim} (bounded
 *       wait), set the peer id and address, write the payload, {@code publish}. Every {@code churn}
 *       messages a producer reconnects one of its peers: {@code peerDisconnected}, then
 *       {@code peerConnecting} + {@code peerConnected} under a new id, all control events through the
 *       ring.</li>
 *   <li>The engine: the ring counts each message on its peer (received counters) and applies the
 *       control events; the application's handler looks the peer up in the socket's
 *       {@link PeerRegistry} by id and by address, checks both agree, counts a reply on it
 *       ({@link Registries#recordSent}), and every {@code cloneEvery}th message clones it and keeps the
 *       clone for 16 more clones before releasing it.</li>
 *   <li>A reader beside the engine (a journal): checksums every message.</li>
 * </ul>
 *
 * The warm-up runs in two parts with a pause after each, so that a measured window starts exactly as
 * the second warm-up part did. At each pause the ring has drained and every thread's allocated-bytes
 * counter ({@code ThreadMXBean#getThreadAllocatedBytes}, exact) is read. The verdict passes when one
 * window of at least 1,000,000 consecutive messages leaves every counter unchanged; up to
 * {@code windows} windows are tried, because a late deoptimization can make the JIT re-link a call site
 * in the interpreter once, which allocates a few hundred bytes a single time. An allocation in the code
 * itself (even one per million messages) shows up in every window and fails the verdict. Producers send
 * in chunks of 1,024 messages, so the sending method is compiled as a whole.
 */
final class AllocSuite {
    private static final int KEPT = 16;
    private static final int PROTOCOL_PAIR = 0x10;

    /** The settings of one allocation run. */
    static final class Settings {
        long messages = 1_000_000;
        long warmup = 500_000;
        int producers = 2;
        int peers = 1000;
        int sizeBytes = 64;
        int cloneEvery = 64;
        int churnEvery = 4096;
        boolean snapshots;
        WaitMode wait = WaitMode.YIELD;
        int windows = 3;
        boolean injectAllocation;
        long timeoutNs = 120_000_000_000L;

        /**
         * The messages sent before the first window: {@link #warmup}, raised to one reconnect of every
         * peer ({@code peers x churnEvery}) when peers reconnect. A peer's first reconnect runs paths
         * (an interpreted frame after a deoptimization, a class loaded) that allocate once; a window
         * that holds first reconnects sees those bytes, one that comes after them does not.
         *
         * @return the warm-up in messages.
         */
        long warmupMessages() {
            return churnEvery > 0 ? Math.max(warmup, (long)peers * churnEvery) : warmup;
        }
    }

    /**
     * The fewest messages a window needs for "0 bytes" to be a PASS: a million consecutive messages.
     * The byte counter is exact (HotSpot adds the used part of the thread's current TLAB), so the bound
     * is not about its granularity but about coverage: an allocation the code makes only now and then
     * must fall inside the window, many times over. With the default settings a million messages wrap
     * the 4,096-slot ring 244 times, reconnect a peer 244 times (3 control events each, every 4,096
     * messages per producer), clone 15,625 times and look each of the 1,000 peers up 1,000 times, so a
     * path that allocates once per ring wrap, per reconnect, per registry resize or per few thousand
     * messages shows up in it. A window of a few thousand messages can fall between two such
     * allocations and see 0 bytes: below the minimum a clean window is INCONCLUSIVE, while a window that
     * allocated is a FAIL whatever its length (one allocation seen is proof enough).
     */
    static final long VERDICT_MINIMUM = 1_000_000;

    private AllocSuite() {
    }

    /** Runs the verdict; answers true when one window left every thread's counter unchanged. */
    static boolean run(final Settings s, final Report report, final Progress progress) {
        if (s.sizeBytes < 16) {
            throw new IllegalArgumentException("--size must be at least 16 bytes for the alloc run, got " + s.sizeBytes);
        }
        final EngineHandler engine = new EngineHandler(s);
        final Journal journal = new Journal();
        final List<Thread> consumerThreads = new ArrayList<>();
        // The run's own counters file, sized for its peers (four counters each) and the ring's: the
        // process's shared one holds 4,096 counters, fewer than 1,000 peers and the ring need, and a full
        // file keeps further counters in this process's memory, which is not the path a service with a
        // file of the right size runs.
        final CountersFile counters = countersFile(s.peers);
        final io.sprocket.engine.Engine sprocket;
        try {
            sprocket = newEngine(s, engine, journal, consumerThreads, counters);
        } catch (final RuntimeException e) {
            counters.close();
            throw e;
        }

        final long[] ids = new long[s.peers];
        final Addr[] addrs = new Addr[s.peers];
        final AllocProducer.Phases phases = new AllocProducer.Phases();
        final AllocProducer[] producers = new AllocProducer[s.producers];
        final Thread[] producerThreads = new Thread[s.producers];
        final long[] windowNs = new long[s.windows];
        final long[][] bytes = new long[s.windows][];
        final long[] poolBuffersAllocated = new long[s.windows];
        final RegistryStats registryStats = new RegistryStats();
        Thread[] threads = new Thread[0];
        String[] roles = new String[0];
        int windows = 0;
        int clean = -1;
        try {
            final MessageRing ring = sprocket.ring();
            final Control control = sprocket.control();
            final SpSocket socket = control.newSocket("perf", PROTOCOL_PAIR);
            engine.bind(sprocket.registries(), socket.peers());
            sprocket.start();
            check(control.openSocket(socket, s.timeoutNs), "openSocket");
            for (int i = 0; i < s.peers; i++) {
                ids[i] = control.newPeerId();
                addrs[i] = Addr.tcp("10.1." + (i >>> 8 & 255) + "." + (i & 255), 5555);
                check(control.peerConnecting(socket, ids[i], addrs[i], s.timeoutNs), "peerConnecting");
                check(control.peerConnected(socket, ids[i], s.timeoutNs), "peerConnected");
            }
            Support.initClaimRaceException();
            final UnsafeBuffer template = Support.template(s.sizeBytes);
            for (int p = 0; p < s.producers; p++) {
                producers[p] = new AllocProducer(p, sprocket, socket, phases, ids, addrs, template, s);
                producerThreads[p] = Support.daemon(producers[p], "alloc-producer-" + p);
            }
            threads = new Thread[s.producers + consumerThreads.size()];
            roles = new String[threads.length];
            for (int p = 0; p < s.producers; p++) {
                threads[p] = producerThreads[p];
                roles[p] = "producer: claim, tag peer id + addr, write " + s.sizeBytes + " B, publish"
                    + (s.churnEvery > 0 ? "; reconnect a peer every " + Fmt.count(s.churnEvery) + " (3 control events)"
                        : "");
            }
            for (int c = 0; c < consumerThreads.size(); c++) {
                threads[s.producers + c] = consumerThreads.get(c);
                roles[s.producers + c] = c == 0
                    ? "engine: control events, peer counters; handler: PeerRegistry get by id + by addr, recordSent,"
                        + " clone every " + s.cloneEvery + " (released 16 clones later)"
                        + (s.injectAllocation ? ", INJECTED ALLOCATION" : "")
                    : "reader (journal): checksum";
            }
            for (final Thread t : producerThreads) {
                t.start();
            }
            progress.step("alloc: warm-up, " + Fmt.count(s.warmupMessages()) + " messages");
            awaitPause(phases, 1, ring, producers, s.timeoutNs);
            phases.phase = 1;
            awaitPause(phases, 2, ring, producers, s.timeoutNs);
            final long[] before = new long[threads.length];
            final PoolStats pool = new PoolStats();
            while (windows < s.windows && clean < 0) {
                final int w = windows;
                for (int i = 0; i < threads.length; i++) {
                    before[i] = Support.allocatedBytes(threads[i]);
                }
                final long allocatedBefore = ring.clonePool().stats(pool).buffersAllocated();
                progress.step("alloc: measuring window " + (w + 1) + ", " + Fmt.count(s.messages) + " messages");
                final long t0 = System.nanoTime();
                phases.phase = 2 + w;
                awaitPause(phases, 3 + w, ring, producers, s.timeoutNs);
                windowNs[w] = System.nanoTime() - t0;
                bytes[w] = new long[threads.length];
                long total = 0;
                for (int i = 0; i < threads.length; i++) {
                    bytes[w][i] = Support.allocatedBytes(threads[i]) - before[i];
                    total += bytes[w][i];
                }
                poolBuffersAllocated[w] = ring.clonePool().stats(pool).buffersAllocated() - allocatedBefore;
                windows++;
                if (total == 0) {
                    clean = w;
                }
            }
            sprocket.registries().stats(registryStats);
        } finally {
            phases.phase = AllocProducer.Phases.DONE;
            for (final Thread t : producerThreads) {
                if (t != null) {
                    Support.join(t, s.timeoutNs);
                }
            }
            sprocket.close(s.timeoutNs);
            engine.releaseKept();
            counters.close();
            progress.clear();
        }
        return verdict(s, report, threads, roles, bytes, windowNs, poolBuffersAllocated, windows, clean, engine,
            journal, producers, registryStats);
    }

    private static boolean verdict(final Settings s, final Report report, final Thread[] threads, final String[] roles,
        final long[][] bytes, final long[] windowNs, final long[] poolBuffersAllocated, final int windows,
        final int clean, final EngineHandler engine, final Journal journal, final AllocProducer[] producers, final RegistryStats registryStats) {
        final int verdictWindow = clean >= 0 ? clean : windows - 1;
        final String[] headers = new String[windows + 2];
        headers[0] = "thread";
        for (int w = 0; w < windows; w++) {
            headers[w + 1] = "window " + (w + 1);
        }
        headers[windows + 1] = "role";
        final TextTable table = new TextTable(headers).leftAligned(windows + 1);
        long verdictBytes = 0;
        for (int i = 0; i < threads.length; i++) {
            final String[] row = new String[windows + 2];
            row[0] = threads[i].getName();
            for (int w = 0; w < windows; w++) {
                row[w + 1] = Fmt.count(bytes[w][i]);
            }
            row[windows + 1] = roles[i];
            table.row(row);
            verdictBytes += bytes[verdictWindow][i];
        }
        long reconnects = 0;
        for (final AllocProducer p : producers) {
            reconnects += p.reconnects;
        }
        final boolean pass = clean >= 0;
        report.add(new Result("alloc", "sprocket")
            .msgsPerSec(s.messages * 1e9 / windowNs[verdictWindow])
            .bytesPerOp((double)verdictBytes / s.messages));
        report.allocation(verdictBytes, s.messages, VERDICT_MINIMUM);

        final PrintStream out = report.out();
        out.println();
        out.println(String.format(java.util.Locale.ROOT,
            "ALLOC  windows of %s messages after %s warm-up: %d producers -> engine + journal reader, wait %s, %d B,"
                + " %s peers, checks %s, registry snapshots %s", Fmt.count(s.messages), Fmt.count(s.warmupMessages()),
            s.producers, s.wait.label(), s.sizeBytes, Fmt.count(s.peers), Checks.ENABLED ? "on" : "off",
            s.snapshots ? "on" : "off"));
        out.println("  bytes each thread allocated in each window (ThreadMXBean#getThreadAllocatedBytes, exact):");
        table.print(out, "  ");
        out.println(String.format(java.util.Locale.ROOT,
            "  engine: %s handled, %s peer mismatches, %s reconnects, %s clones; registries: %s control events,"
                + " %s control errors, %s messages for unknown peers; clone pool buffers created per window: %s",
            Fmt.count(engine.handled), Fmt.count(engine.mismatches), Fmt.count(reconnects), Fmt.count(engine.clones),
            Fmt.count(registryStats.controlEvents()), Fmt.count(registryStats.controlErrors()),
            Fmt.count(registryStats.unknownPeerMessages()), Arrays.toString(Arrays.copyOf(poolBuffersAllocated, windows))));
        if (engine.mismatches != 0 || registryStats.controlErrors() != 0 || registryStats.unknownPeerMessages() != 0) {
            throw new RunFailure("alloc: the engine saw " + engine.mismatches + " peer mismatches, "
                + registryStats.controlErrors() + " control errors and " + registryStats.unknownPeerMessages()
                + " messages for unknown peers (journal " + journal.checksum + ")");
        }
        if (s.snapshots && s.churnEvery > 0) {
            out.println("  Registry snapshots are on and peers reconnect: the engine republishes the membership after"
                + " each batch that changed it, which allocates by design.");
        }
        if (clean > 0) {
            out.println("  A window before the clean one allocated: the JIT was still settling (a late deoptimization"
                + " re-runs code in the interpreter, which links call sites and allocates a few hundred bytes once)."
                + " An allocation in the code itself shows up in every window.");
        }
        out.println("  VERDICT: " + verdictLine(pass, s.messages, clean, windows, verdictBytes));
        return pass;
    }

    /**
     * The verdict as the console prints it after {@code VERDICT: }: PASS, FAIL, or INCONCLUSIVE when no
     * thread allocated in a window of fewer than {@link #VERDICT_MINIMUM} messages.
     */
    static String verdictLine(final boolean clean, final long messages, final int cleanWindow, final int windows,
        final long lastBytes) {
        if (!clean) {
            return "FAIL, every one of " + windows + " windows allocated; the last: " + Fmt.count(lastBytes) + " bytes";
        }
        if (messages < VERDICT_MINIMUM) {
            return "INCONCLUSIVE (" + Fmt.count(messages) + " messages < minimum " + Fmt.count(VERDICT_MINIMUM)
                + "): 0 bytes on every thread in window " + (cleanWindow + 1) + ", but a window this short can miss a"
                + " path that allocates once every few thousand messages; run with --messages "
                + VERDICT_MINIMUM + " or more";
        }
        return "PASS, 0 bytes on every thread over " + Fmt.count(messages) + " consecutive messages (window "
            + (cleanWindow + 1) + ")";
    }

    /** The run's engine, not started: the engine handler, a journal reader, its threads recorded as they are made. */
    private static io.sprocket.engine.Engine newEngine(final Settings s, final EngineHandler engine, final Journal journal,
        final List<Thread> consumerThreads, final CountersFile counters) {
        return io.sprocket.engine.Engine.builder()
            .name("alloc")
            .counters(counters)
            .config(InfraConfig.builder().bufferSizeBytes(s.sizeBytes).maxPooledSizeBytes(s.sizeBytes).build())
            .initialPeerCapacity(2 * s.peers + 16)
            .ring(MessageRing.builder().ringSize(4096)
                .engineWait(s.wait.engineWait())
                .addReader("journal", journal)
                .threadFactory(task -> {
                    final Thread t = new Thread(task);
                    t.setDaemon(true);
                    consumerThreads.add(t);
                    return t;
                }))
            .handler(engine)
            .registrySnapshots(s.snapshots)
            .jmx(false)
            .build();
    }

    /** A counters file of the run's own in the temporary directory, for {@code peers} peers and the ring's counters; closing deletes it. */
    private static CountersFile countersFile(final int peers) {
        try {
            return CountersFile.create(Files.createTempFile("sprocket-alloc-", CountersFile.SUFFIX), 4 * peers + 1024);
        } catch (final IOException e) {
            throw new UncheckedIOException("alloc: could not create its counters file", e);
        }
    }

    private static void check(final long result, final String what) {
        if (result < 0) {
            throw new RunFailure("alloc: " + what + " was refused (" + result + ")");
        }
    }

    /** The first warm-up part: 80 % of the warm-up. */
    static long firstWarmup(final long warmup) {
        return warmup * 4 / 5;
    }

    static long share(final int p, final long messages, final int producers) {
        return messages / producers + (p == 0 ? messages % producers : 0);
    }

    /** Waits until every producer has arrived at pause {@code arrivals} and every claimed slot is consumed. */
    private static void awaitPause(final AllocProducer.Phases phases, final int arrivals, final MessageRing ring,
        final AllocProducer[] producers, final long timeoutNs) {
        final RingStats stats = new RingStats();
        final long deadline = System.nanoTime() + timeoutNs;
        while (phases.arrived.get() < arrivals * producers.length
            || ring.stats(stats).recycled() < stats.claims()) {
            for (final AllocProducer p : producers) {
                if (p.failure != null) {
                    throw new RunFailure("alloc: " + p.failure);
                }
            }
            if (System.nanoTime() - deadline > 0) {
                throw new RunFailure("alloc: the run did not reach its pause within the timeout (" + stats + ")");
            }
            LockSupport.parkNanos(1_000_000);
        }
    }

    /** The application's handler on the engine thread: registry lookups, a counter, clones. */
    private static final class EngineHandler implements MessageHandler {
        long handled;
        long mismatches;
        long clones;
        /** Where the injected allocation goes, so escape analysis cannot remove it. */
        Object sink;
        private final boolean inject;
        private final int cloneEvery;
        private final Message[] kept = new Message[KEPT];
        private int keptNext;
        private Registries registries;
        private PeerRegistry peers;

        EngineHandler(final Settings s) {
            this.inject = s.injectAllocation;
            this.cloneEvery = Math.max(1, s.cloneEvery);
        }

        void bind(final Registries ringRegistries, final PeerRegistry socketPeers) {
            this.registries = ringRegistries;
            this.peers = socketPeers;
        }

        @Override
        public void onMessage(final Message message, final long sequence, final boolean endOfBatch) {
            final long id = message.peerId();
            final Peer byId = peers.get(id);
            if (byId == null || byId != peers.getByAddr(message.addr()) || !registries.recordSent(id, message.length())) {
                mismatches++;
            }
            if (++handled % cloneEvery == 0) {
                final int k = keptNext++ & (KEPT - 1);
                if (kept[k] != null) {
                    kept[k].release();
                }
                kept[k] = message.clone();
                clones++;
            }
            if (inject && (handled & 1023) == 0) {
                sink = new long[4];
            }
        }

        /** After the ring has stopped: gives the kept clones back. */
        void releaseKept() {
            for (int k = 0; k < KEPT; k++) {
                if (kept[k] != null) {
                    kept[k].release();
                    kept[k] = null;
                }
            }
        }
    }

    /** A reader beside the engine: checksums every message, as a journal would before writing it. */
    private static final class Journal implements MessageHandler {
        long checksum;

        @Override
        public void onMessage(final Message message, final long sequence, final boolean endOfBatch) {
            checksum = checksum * 31 + (message.buffer().getLong(AllocProducer.SEQUENCE) ^ message.peerId());
        }
    }
}
