package io.sprocket.perf;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.Callable;

import io.sprocket.perf.report.Fmt;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code sprocket-perf pool}: getting a buffer, four ways. */
@Command(name = "pool", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "Getting a buffer: ring claim + publish, BufferPool acquire, 1 KiB clone, and one BufferPool shared by 1, 2,"
            + " 4 and 8 threads, each beside its baseline.",
        "In ns/op and bytes/op, interleaved round by round: claim + publish (producer side) beside the raw"
            + " Disruptor's next() + publish; BufferPool acquire + release beside new byte[]; Message.clone() +"
            + " release beside UnsafeBuffer.putBytes (the floor of any copy) and Arrays.copyOf; a BufferPool shared"
            + " by N threads (acquire + write + release) beside the same threads doing new byte[], with the bytes"
            + " every thread allocated and the buffers the pool still created after its warm-up.",
        ""})
final class PoolCommand implements Callable<Integer> {
    @Option(names = "--wait", paramLabel = "busy|yield|block|sleep", defaultValue = "busy",
        description = "Consumer wait strategy for claim + publish. Default: ${DEFAULT-VALUE}.")
    WaitMode wait;

    @Option(names = "--rounds", paramLabel = "N", defaultValue = "5",
        description = "Interleaved rounds. Default: ${DEFAULT-VALUE}.")
    int rounds;

    @Option(names = "--claim-ops", paramLabel = "N", defaultValue = "5000000",
        description = "Claims + publishes per system per round. Default: ${DEFAULT-VALUE}.")
    int claimOps;

    @Option(names = "--ring-size", paramLabel = "SLOTS", defaultValue = "1024",
        description = "Ring size for claim + publish, a power of two. Default: ${DEFAULT-VALUE}.")
    int ringSize;

    @Option(names = "--acquire-ops", paramLabel = "N", defaultValue = "200000",
        description = "Acquires per system per round. Default: ${DEFAULT-VALUE}.")
    int acquireOps;

    @Option(names = "--acquire-size", paramLabel = "BYTES", defaultValue = "65536",
        description = "Buffer size acquired (the pool's buffer size). Default: ${DEFAULT-VALUE}.")
    int acquireSize;

    @Option(names = "--clone-ops", paramLabel = "N", defaultValue = "2000000",
        description = "Clones per system per round. Default: ${DEFAULT-VALUE}.")
    int cloneOps;

    @Option(names = "--clone-size", paramLabel = "BYTES", defaultValue = "1024",
        description = "Size of the cloned message. Default: ${DEFAULT-VALUE}.")
    int cloneSize;

    @Option(names = "--threads", paramLabel = "N[,N...]", split = ",", defaultValue = "1,2,4,8",
        description = "Thread counts sharing one BufferPool, each from 1 to 64, or 0 for no shared-pool series."
            + " Default: ${DEFAULT-VALUE}.")
    int[] threads;

    @Option(names = "--concurrent-ops", paramLabel = "N", defaultValue = "200000",
        description = "Acquires per thread per round in the shared-pool series. Default: ${DEFAULT-VALUE}.")
    int concurrentOps;

    @Option(names = "--concurrent-size", paramLabel = "BYTES", defaultValue = "1024",
        description = "Buffer size acquired in the shared-pool series (the pool's buffer size). Default:"
            + " ${DEFAULT-VALUE}.")
    int concurrentSize;

    @Mixin
    CommonOptions common = new CommonOptions();

    private final PrintStream out;
    private final PrintStream err;

    PoolCommand(final PrintStream out, final PrintStream err) {
        this.out = out;
        this.err = err;
    }

    PoolSuite.Settings settings() {
        final PoolSuite.Settings s = new PoolSuite.Settings();
        s.wait = wait;
        s.rounds = Settings.positive("--rounds", rounds);
        s.claimOps = Settings.positive("--claim-ops", claimOps);
        s.ringSize = Settings.powerOfTwo("--ring-size", Settings.atLeast("--ring-size", ringSize, 2));
        s.acquireOps = Settings.positive("--acquire-ops", acquireOps);
        s.acquireSizeBytes = Settings.positive("--acquire-size", acquireSize);
        s.cloneOps = Settings.positive("--clone-ops", cloneOps);
        s.cloneSizeBytes = Settings.positive("--clone-size", cloneSize);
        s.threads = threadCounts(threads);
        s.concurrentOps = Settings.positive("--concurrent-ops", concurrentOps);
        s.concurrentSizeBytes = Settings.positive("--concurrent-size", concurrentSize);
        s.timeoutNs = common.timeoutNs();
        return s;
    }

    /** The thread counts, checked: {@code 0} alone means no shared-pool series. */
    static int[] threadCounts(final int[] counts) {
        if (counts.length == 1 && counts[0] == 0) {
            return new int[0];
        }
        for (final int n : counts) {
            if (n < 1 || n > ConcurrentPoolSuite.MAX_THREADS) {
                throw new IllegalArgumentException("--threads takes counts from 1 to " + ConcurrentPoolSuite.MAX_THREADS
                    + " (or 0 alone for none), got " + n);
            }
        }
        return counts.clone();
    }

    static String describe(final PoolSuite.Settings s) {
        final StringBuilder threads = new StringBuilder();
        for (final int n : s.threads) {
            threads.append(threads.length() == 0 ? "" : "/").append(n);
        }
        return String.format(Locale.ROOT, "pool: wait %s, claim %s (ring %s), acquire %s x %s B, clone %s x %s B,"
                + " shared by %s threads %s x %s B, %d rounds", s.wait.label(), Fmt.count(s.claimOps),
            Fmt.count(s.ringSize), Fmt.count(s.acquireOps), Fmt.count(s.acquireSizeBytes), Fmt.count(s.cloneOps),
            Fmt.count(s.cloneSizeBytes), threads.length() == 0 ? "no" : threads, Fmt.count(s.concurrentOps),
            Fmt.count(s.concurrentSizeBytes), s.rounds);
    }

    @Override
    public Integer call() throws Exception {
        final PoolSuite.Settings s = settings();
        final Session session = Session.open(common, out, err, "pool", describe(s));
        PoolSuite.run(s, session.report, session.progress);
        return session.finish(true);
    }
}
