package io.sprocket.perf;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code sprocket-perf all}, the default: every measurement on short settings, then the goals. */
@Command(name = "all", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "The default: every measurement on short settings, then the goals with PASS or MISS.",
        "Runs latency, throughput, pool (one thread, and one pool shared by 1, 2, 4 and 8 threads), registry and"
            + " alloc (about a minute on a 2-vCPU machine), then prints each goal with its measured median and PASS or"
            + " MISS. Run a subcommand on its own for longer, more settled figures.",
        ""})
final class AllCommand implements Callable<Integer> {
    @Option(names = "--wait", paramLabel = "busy|yield|block|sleep", defaultValue = "busy",
        description = "Consumer wait strategy of the two-thread measurements. Default: ${DEFAULT-VALUE}.")
    WaitMode wait;

    @Option(names = "--scale", paramLabel = "FACTOR", defaultValue = "1",
        description = "Multiplies every count (2 = twice as long); the allocation verdict keeps at least its"
            + " 1,000,000 messages. Default: ${DEFAULT-VALUE}.")
    double scale;

    @Option(names = "--rounds", paramLabel = "N", defaultValue = "5",
        description = "Interleaved rounds of every series. Default: ${DEFAULT-VALUE}.")
    int rounds;

    @Mixin
    CommonOptions common = new CommonOptions();

    private final PrintStream out;
    private final PrintStream err;

    AllCommand(final PrintStream out, final PrintStream err) {
        this.out = out;
        this.err = err;
        // Picocli sets the defaults when it parses; these are the same values for a direct call().
        this.wait = WaitMode.BUSY;
        this.scale = 1;
        this.rounds = 5;
    }

    @Override
    public Integer call() throws Exception {
        if (!(scale > 0) || scale > 1000) {
            throw new IllegalArgumentException("--scale must be above 0 and at most 1000, got " + scale);
        }
        Settings.positive("--rounds", rounds);
        final long timeoutNs = common.timeoutNs();

        final LatencySuite.Settings latency = new LatencySuite.Settings();
        latency.wait = wait;
        latency.rounds = rounds;
        latency.count = Settings.scaled(20_000, scale, 100);
        latency.warmup = Settings.scaled(10_000, scale, 100);
        latency.oneWayCount = Settings.scaled(2_000, scale, 100);
        latency.oneWayWarmup = Settings.scaled(1_000, scale, 100);
        latency.timeoutNs = timeoutNs;

        final ThroughputSuite.Settings throughput = new ThroughputSuite.Settings();
        throughput.wait = wait;
        throughput.rounds = rounds;
        throughput.messages = Settings.scaled(5_000_000L, scale, 1000);
        throughput.timeoutNs = timeoutNs;

        final PoolSuite.Settings pool = new PoolSuite.Settings();
        pool.wait = wait;
        pool.rounds = rounds;
        pool.claimOps = Settings.scaled(2_000_000, scale, 1000);
        pool.acquireOps = Settings.scaled(100_000, scale, 100);
        pool.cloneOps = Settings.scaled(1_000_000, scale, 1000);
        pool.concurrentOps = Settings.scaled(100_000, scale, 100);
        pool.timeoutNs = timeoutNs;

        final RegistrySuite.Settings registry = new RegistrySuite.Settings();
        registry.rounds = rounds;
        registry.ops = Settings.scaled(1_000_000, scale, 1000);

        final AllocSuite.Settings alloc = new AllocSuite.Settings();
        alloc.messages = Math.max(AllocSuite.VERDICT_MINIMUM, Settings.scaled(1_000_000L, scale, 1));
        alloc.warmup = Math.max(300_000, Settings.scaled(300_000L, scale, 1));
        alloc.timeoutNs = timeoutNs;

        final String settings = String.format(Locale.ROOT, "all: wait %s, %d rounds, scale %s", wait.label(), rounds,
            scale == Math.rint(scale) ? Long.toString((long)scale) : Double.toString(scale));
        final Session session = Session.open(common, out, err, "all", settings);
        out.println("  " + LatencyCommand.describe(latency));
        out.println("  " + ThroughputCommand.describe(throughput));
        out.println("  " + PoolCommand.describe(pool));
        out.println("  " + RegistryCommand.describe(registry));
        out.println("  " + AllocCommand.describe(alloc));
        LatencySuite.run(latency, session.report, session.progress);
        ThroughputSuite.run(throughput, session.report, session.progress);
        PoolSuite.run(pool, session.report, session.progress);
        RegistrySuite.run(registry, session.report, session.progress);
        final boolean allocationPassed = AllocSuite.run(alloc, session.report, session.progress);
        return session.finish(allocationPassed);
    }
}
