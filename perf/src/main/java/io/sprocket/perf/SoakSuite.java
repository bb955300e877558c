package io.sprocket.perf;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import org.HdrHistogram.Histogram;

import io.sprocket.message.Addr;
import io.sprocket.message.Checks;
import io.sprocket.message.InfraConfig;
import io.sprocket.message.Message;
import io.sprocket.perf.report.Comparison;
import io.sprocket.perf.report.Fmt;
import io.sprocket.perf.report.LatencySeries;
import io.sprocket.perf.report.Report;
import io.sprocket.perf.report.Result;
import io.sprocket.perf.report.TextTable;
import io.sprocket.registry.SpSocket;
import io.sprocket.engine.Control;
import io.sprocket.ring.MessageHandler;
import io.sprocket.ring.MessageRing;
import io.sprocket.engine.RegistryStats;
import io.sprocket.ring.RingStats;

/**
 * Mixed traffic for a fixed time, as fast as the machine goes, the same traffic as the ring's
 * {@code SoakTest}: two producers, payloads cycling through 16 B to 2 KiB, one producer replacing one of
 * its peers every 1,000 messages (three control events through the ring), the engine cloning one
 * message in a hundred. Each message carries its publish time; the engine records publish-to-handle
 * latency into the histogram of the window (10 s by default) in which it was published.
 *
 * <p>Reported, not judged: each window's percentiles and rate, the p99.9 of the last window over the
 * first (the drift; the first window includes the JIT's warm-up), and the bytes each thread allocated
 * after the first window. The ring is full most of the time, so the latency is mostly the queue. The
 * run fails (exit status 3) if a message is lost, a control event is refused or the engine sees a
 * message for an unknown peer.
 */
final class SoakSuite {
    static final int MAX_WINDOWS = 100;
    private static final int PEERS_EACH = 32;
    private static final int CHURN_EVERY = 1_000;
    private static final int CLONE_EVERY = 100;
    private static final int PROTOCOL_PULL = 0x51;
    /** Latencies above this are recorded as this. */
    private static final long HIGHEST_NS = 10_000_000_000L;

    /** The settings of one soak run. */
    static final class Settings {
        long durationNs = 60_000_000_000L;
        long windowNs = 10_000_000_000L;
        WaitMode wait = WaitMode.YIELD;
        long timeoutNs = 120_000_000_000L;

        int windows() {
            return (int)(durationNs / windowNs);
        }
    }

    private SoakSuite() {
    }

    /** Records publish-to-handle latency into the publish time's window; clones one message in a hundred. */
    private static final class EngineHandler implements MessageHandler {
        final Histogram[] windows;
        final long windowNs;
        long startNs;
        /** The start in milliseconds since the epoch, for the interval log. */
        long startEpochMs;
        long handled;
        long clones;

        EngineHandler(final int windows, final long windowNs) {
            this.windows = new Histogram[windows];
            for (int w = 0; w < windows; w++) {
                this.windows[w] = new Histogram(HIGHEST_NS, 3);
            }
            this.windowNs = windowNs;
        }

        @Override
        public void onMessage(final Message message, final long sequence, final boolean endOfBatch) {
            final long now = System.nanoTime();
            final long sentNs = message.buffer().getLong(0);
            final int w = (int)Math.max(0, Math.min(windows.length - 1, (sentNs - startNs) / windowNs));
            windows[w].recordValue(Math.max(0, Math.min(now - sentNs, HIGHEST_NS)));
            if (++handled % CLONE_EVERY == 0) {
                message.clone().release();
                clones++;
            }
        }
    }

    /** One producer: connects its peers, then publishes until the end, replacing a peer now and then if it churns. */
    private static final class Producer implements Runnable {
        volatile String failure;
        final AtomicLong sent;
        private final MessageRing ring;
        private final Control control;
        private final SpSocket socket;
        private final boolean churn;
        private final long endNs;
        private final long timeoutNs;
        private final String prefix;
        private final long markNs;
        long reconnects;
        /** This thread's allocated bytes when the first window ended, and when it stopped. */
        long bytesAtMark;
        long bytesAtEnd;

        Producer(final io.sprocket.engine.Engine sprocket, final SpSocket socket, final boolean churn, final int index,
            final long markNs,
            final long endNs, final long timeoutNs, final AtomicLong sent) {
            this.ring = sprocket.ring();
            this.control = sprocket.control();
            this.socket = socket;
            this.churn = churn;
            this.markNs = markNs;
            this.endNs = endNs;
            this.timeoutNs = timeoutNs;
            this.sent = sent;
            this.prefix = "10.7." + (index + 1) + ".";
        }

        @Override
        public void run() {
            final long[] live = new long[PEERS_EACH];
            final Addr[] addrs = new Addr[PEERS_EACH];
            for (int i = 0; i < PEERS_EACH; i++) {
                addrs[i] = Addr.tcp(prefix + i, 7000);
                live[i] = control.newPeerId();
                if (!connect(live[i], addrs[i])) {
                    return;
                }
            }
            long count = 0;
            boolean marked = false;
            for (long i = 0; ; i++) {
                final long now = System.nanoTime();
                if (!marked && now - markNs >= 0) {
                    bytesAtMark = Support.allocatedBytes();
                    marked = true;
                }
                if (now - endNs >= 0) {
                    break;
                }
                final int slot = (int)(i % PEERS_EACH);
                if (churn && i % CHURN_EVERY == CHURN_EVERY - 1) {
                    if (control.peerDisconnected(socket, live[slot], timeoutNs) < 0) {
                        failure = "a peerDisconnected event was refused";
                        break;
                    }
                    live[slot] = control.newPeerId();
                    if (!connect(live[slot], addrs[slot])) {
                        break;
                    }
                    reconnects++;
                }
                final long seq = ring.claim(16 << (int)(i % 8), timeoutNs);
                if (seq < 0) {
                    failure = "a claim was refused (" + seq + ")";
                    break;
                }
                final Message m = ring.message(seq);
                m.peerId(live[slot]);
                m.buffer().putLong(8, i);
                m.buffer().putLong(0, System.nanoTime());
                ring.publish(seq);
                count++;
            }
            bytesAtEnd = Support.allocatedBytes();
            sent.addAndGet(count);
        }

        private boolean connect(final long id, final Addr addr) {
            if (control.peerConnecting(socket, id, addr, timeoutNs) < 0
                || control.peerConnected(socket, id, timeoutNs) < 0) {
                failure = "a peer's connect events were refused";
                return false;
            }
            return true;
        }
    }

    static void run(final Settings s, final Report report, final Progress progress) {
        final int windows = s.windows();
        final EngineHandler engine = new EngineHandler(windows, s.windowNs);
        final io.sprocket.engine.Engine sprocket = io.sprocket.engine.Engine.builder().name("soak")
            .config(InfraConfig.builder().bufferSizeBytes(2048).maxPooledSizeBytes(2048).maxRetained(16).build())
            .initialPeerCapacity(4 * PEERS_EACH)
            .ring(MessageRing.builder().ringSize(1024).engineWait(s.wait.engineWait()))
            .registrySnapshots(false).handler(engine)
            .jmx(false).build();
        final MessageRing ring = sprocket.ring();
        Support.initClaimRaceException();
        progress.step("soak: canary");
        final long canaryBefore = Canary.medianNs();
        final AtomicLong sent = new AtomicLong();
        final Producer[] producers = new Producer[2];
        final Thread[] threads = new Thread[2];
        final long[] engineBytes = new long[2];
        final RingStats stats = new RingStats();
        final RegistryStats registryStats = new RegistryStats();
        final long startNs = System.nanoTime();
        final long endNs = startNs + windows * s.windowNs;
        engine.startNs = startNs;
        engine.startEpochMs = System.currentTimeMillis();
        sprocket.start();
        final Thread engineThread = ring.engineThread();
        try {
            final SpSocket socket = sprocket.control().newSocket("soak", PROTOCOL_PULL);
            if (sprocket.control().openSocket(socket, s.timeoutNs) < 0) {
                throw new RunFailure("soak: the socket's open event was refused");
            }
            for (int p = 0; p < producers.length; p++) {
                producers[p] = new Producer(sprocket, socket, p == 0, p, startNs + s.windowNs, endNs, s.timeoutNs, sent);
                threads[p] = Support.daemon(producers[p], "soak-producer-" + p);
                threads[p].start();
            }
            for (int w = 1; w <= windows; w++) {
                progress.step(String.format(Locale.ROOT, "soak: window %d/%d", w, windows));
                sleepUntil(startNs + w * s.windowNs, producers);
                if (w == 1) {
                    engineBytes[0] = Support.allocatedBytes(engineThread);
                }
            }
            for (final Thread t : threads) {
                Support.join(t, s.timeoutNs);
                if (t.isAlive()) {
                    throw new RunFailure("soak: a producer did not stop within the timeout");
                }
            }
            awaitDrained(ring, stats, s.timeoutNs);
            engineBytes[1] = Support.allocatedBytes(engineThread);
            sprocket.registries().stats(registryStats);
        } finally {
            sprocket.close(s.timeoutNs);
            progress.clear();
        }
        for (final Producer p : producers) {
            if (p.failure != null) {
                throw new RunFailure("soak: " + p.failure);
            }
        }
        progress.step("soak: canary");
        final long canaryAfter = Canary.medianNs();
        progress.clear();
        if (engine.handled != sent.get()) {
            throw new RunFailure("soak: " + sent.get() + " messages sent but " + engine.handled + " handled");
        }
        if (registryStats.controlErrors() != 0 || registryStats.unknownPeerMessages() != 0) {
            throw new RunFailure("soak: " + registryStats.controlErrors() + " control errors and "
                + registryStats.unknownPeerMessages() + " messages for unknown peers");
        }
        print(s, report, engine, producers, engineBytes[1] - engineBytes[0], Canary.mode(canaryBefore, canaryAfter),
            canaryBefore, canaryAfter);
    }

    private static void print(final Settings s, final Report report, final EngineHandler engine, final Producer[] producers,
        final long engineBytes, final String mode, final long canaryBefore, final long canaryAfter) {
        final int windows = engine.windows.length;
        final double windowSec = s.windowNs / 1e9;
        final TextTable table = new TextTable("window", "from s", "messages", "msgs/s", "p50 ns", "p99 ns", "p99.9 ns",
            "max ns");
        final Histogram all = new Histogram(HIGHEST_NS, 3);
        final LatencySeries series = new LatencySeries("soak", "sprocket", "soak, publish to handle, all windows", all);
        final long windowMs = s.windowNs / 1_000_000;
        for (int w = 0; w < windows; w++) {
            final Histogram h = engine.windows[w];
            all.add(h);
            h.setStartTimeStamp(engine.startEpochMs + w * windowMs);
            h.setEndTimeStamp(engine.startEpochMs + (w + 1) * windowMs);
            series.addInterval(h);
            final String benchmark = "soak-window-" + (w + 1);
            final double rate = h.getTotalCount() / windowSec;
            if (h.getTotalCount() > 0) {
                report.add(new Result(benchmark, "sprocket").latency(h).msgsPerSec(rate));
            }
            table.row(Integer.toString(w + 1), trim(w * windowSec), Fmt.count(h.getTotalCount()), Fmt.rate(rate),
                percentile(h, 50), percentile(h, 99), percentile(h, 99.9), h.getTotalCount() == 0 ? "-"
                    : Fmt.ns(h.getMaxValue()));
        }
        if (all.getTotalCount() > 0) {
            report.add(new Result("soak", "sprocket").latency(all).msgsPerSec(all.getTotalCount() / (windows * windowSec)));
            report.add(series);
        }
        final long first = engine.windows[0].getValueAtPercentile(99.9);
        final long last = engine.windows[windows - 1].getValueAtPercentile(99.9);
        final Comparison drift = report.add(new Comparison("soak", "p99.9", "last-window", "first-window", false))
            .addRound(last, first, mode);
        long reconnects = 0;
        for (final Producer p : producers) {
            reconnects += p.reconnects;
        }

        final PrintStream out = report.out();
        out.println();
        out.println(String.format(Locale.ROOT,
            "SOAK  %s s in %d windows of %s s: 2 producers (16 B to 2 KiB, one replaces a peer every %s messages),"
                + " engine clones 1 in %d, wait %s, ring 1,024 x 2 KiB, checks %s", trim(windows * windowSec), windows,
            trim(windowSec), Fmt.count(CHURN_EVERY), CLONE_EVERY, s.wait.label(), Checks.ENABLED ? "on" : "off"));
        out.println("  publish-to-handle latency by the window a message was published in (the ring is full most of"
            + " the time: this is mostly the queue):");
        table.print(out, "  ");
        out.println(String.format(Locale.ROOT, "  p99.9 drift, last window / first window: %s / %s ns = %s"
            + "  (reported, not judged; the first window includes the JIT's warm-up)", Fmt.ns(last), Fmt.ns(first),
            Fmt.ratio(drift.ratio(0))));
        out.println(String.format(Locale.ROOT, "  %s messages handled = sent, %s clones, %s peer replacements;"
                + " bytes allocated after the first window: producer-0 %s, producer-1 %s, engine %s",
            Fmt.count(engine.handled), Fmt.count(engine.clones), Fmt.count(reconnects),
            Fmt.count(producers[0].bytesAtEnd - producers[0].bytesAtMark),
            Fmt.count(producers[1].bytesAtEnd - producers[1].bytesAtMark), Fmt.count(engineBytes)));
        out.println("  canary (bare 2-thread ping-pong p50, near < " + Canary.NEAR_BELOW_NS + " ns) before and after: "
            + (canaryBefore < 0 ? "busy" : canaryBefore + " ns") + ", " + (canaryAfter < 0 ? "busy" : canaryAfter + " ns")
            + "  ->  " + mode);
    }

    private static String percentile(final Histogram h, final double p) {
        return h.getTotalCount() == 0 ? "-" : Fmt.ns(h.getValueAtPercentile(p));
    }

    private static String trim(final double seconds) {
        return seconds == Math.rint(seconds) ? Long.toString((long)seconds)
            : String.format(Locale.ROOT, "%.1f", seconds);
    }

    /** Parks until {@code deadlineNs}, giving up early only when a producer has failed. */
    private static void sleepUntil(final long deadlineNs, final Producer[] producers) {
        long left;
        while ((left = deadlineNs - System.nanoTime()) > 0) {
            for (final Producer p : producers) {
                if (p.failure != null) {
                    return;
                }
            }
            LockSupport.parkNanos(Math.min(left, 100_000_000L));
        }
    }

    private static void awaitDrained(final MessageRing ring, final RingStats stats, final long timeoutNs) {
        final long deadline = System.nanoTime() + timeoutNs;
        while (ring.stats(stats).recycled() < stats.claims()) {
            if (System.nanoTime() - deadline > 0) {
                throw new RunFailure("soak: the engine did not drain the ring within the timeout (" + stats + ")");
            }
            LockSupport.parkNanos(1_000_000);
        }
    }
}
