package io.sprocket.perf;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.Callable;

import io.sprocket.perf.report.Fmt;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code sprocket-perf alloc}: the zero-allocation verdict. */
@Command(name = "alloc", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "The zero-allocation verdict: bytes allocated by every thread once warm; exit status 1 if any.",
        "Messages go through claim / publish / handle with peers connected and reconnected through the ring's"
            + " control events, per-peer counters, PeerRegistry lookups by id and by address and clone / release in"
            + " the engine's handler, and a reader beside the engine. Each thread's bytes come from"
            + " ThreadMXBean#getThreadAllocatedBytes, which is exact.",
        ""})
final class AllocCommand implements Callable<Integer> {
    @Option(names = "--messages", paramLabel = "N", defaultValue = "1000000",
        description = "Messages per measured window. The verdict needs at least 1,000,000 to PASS: below that, a"
            + " window in which no thread allocated is INCONCLUSIVE (one that allocated still FAILs)."
            + " Default: ${DEFAULT-VALUE}.")
    long messages;

    @Option(names = "--warmup", paramLabel = "N", defaultValue = "500000",
        description = "Messages before measuring, while the JIT settles; raised to one reconnect of every peer"
            + " (--peers x --churn messages) when peers reconnect, so that no window holds a peer's first"
            + " reconnect. Default: ${DEFAULT-VALUE}.")
    long warmup;

    @Option(names = "--producers", paramLabel = "N", defaultValue = "2",
        description = "Producer threads. Default: ${DEFAULT-VALUE}.")
    int producers;

    @Option(names = "--peers", paramLabel = "N", defaultValue = "1000",
        description = "Peers in the engine's registry. Default: ${DEFAULT-VALUE}.")
    int peers;

    @Option(names = "--size", paramLabel = "BYTES", defaultValue = "64",
        description = "Payload bytes (at least 16). Default: ${DEFAULT-VALUE}.")
    int size;

    @Option(names = "--clone-every", paramLabel = "N", defaultValue = "64",
        description = "The engine clones every Nth message and releases it 16 clones later. Default: ${DEFAULT-VALUE}.")
    int cloneEvery;

    @Option(names = "--churn", paramLabel = "N", defaultValue = "4096",
        description = "Each producer reconnects one of its peers every N messages (peerDisconnected, then"
            + " peerConnecting + peerConnected under a new id, through the ring); 0 for none. Default: ${DEFAULT-VALUE}.")
    int churn;

    @Option(names = "--snapshots",
        description = "Build the ring with registry snapshots on (the library default): the engine then republishes"
            + " the membership after each batch that changed it, which allocates whenever peers reconnect. Off by"
            + " default here, as a zero-allocation deployment builds it.")
    boolean snapshots;

    @Option(names = "--windows", paramLabel = "N", defaultValue = "3",
        description = "Measured windows of --messages each to try: the verdict passes at the first window in which"
            + " no thread allocated a byte, and fails if none is clean (a late JIT deoptimization can allocate a few"
            + " hundred bytes once; an allocation in the code shows in every window). Default: ${DEFAULT-VALUE}.")
    int windows;

    @Option(names = "--wait", paramLabel = "busy|yield|block|sleep", defaultValue = "yield",
        description = "Consumer wait strategy. Default: ${DEFAULT-VALUE}.")
    WaitMode wait;

    /** For the harness's own test: proves the verdict can fail. */
    @Option(names = "--inject-allocation", hidden = true,
        description = "Make the engine allocate 48 bytes every 1,024 messages (the verdict must fail).")
    boolean injectAllocation;

    @Mixin
    CommonOptions common = new CommonOptions();

    private final PrintStream out;
    private final PrintStream err;

    AllocCommand(final PrintStream out, final PrintStream err) {
        this.out = out;
        this.err = err;
    }

    AllocSuite.Settings settings() {
        final AllocSuite.Settings s = new AllocSuite.Settings();
        s.messages = Settings.positive("--messages", messages);
        s.warmup = Settings.atLeast("--warmup", warmup, 0);
        s.producers = Settings.positive("--producers", producers);
        s.peers = Settings.positive("--peers", peers);
        s.sizeBytes = Settings.atLeast("--size", size, 16);
        s.cloneEvery = Settings.positive("--clone-every", cloneEvery);
        s.windows = Settings.positive("--windows", windows);
        s.churnEvery = Settings.atLeast("--churn", churn, 0);
        s.snapshots = snapshots;
        s.wait = wait;
        s.injectAllocation = injectAllocation;
        s.timeoutNs = common.timeoutNs();
        return s;
    }

    static String describe(final AllocSuite.Settings s) {
        return String.format(Locale.ROOT, "alloc: windows of %s messages (up to %d) after %s warm-up, %d producers, %s"
                + " peers, %d B, clone every %d, reconnect every %s, snapshots %s, wait %s%s", Fmt.count(s.messages),
            s.windows, Fmt.count(s.warmupMessages()), s.producers, Fmt.count(s.peers), s.sizeBytes, s.cloneEvery,
            s.churnEvery == 0 ? "never" : Fmt.count(s.churnEvery), s.snapshots ? "on" : "off", s.wait.label(),
            s.injectAllocation ? ", INJECTED ALLOCATION" : "");
    }

    @Override
    public Integer call() throws Exception {
        final AllocSuite.Settings s = settings();
        final Session session = Session.open(common, out, err, "alloc", describe(s));
        final boolean pass = AllocSuite.run(s, session.report, session.progress);
        return session.finish(pass);
    }
}
