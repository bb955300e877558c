package io.sprocket.perf;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.Callable;

import io.sprocket.perf.report.Fmt;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code sprocket-perf registry}: peer lookups and add + remove. */
@Command(name = "registry", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "Peer registry: lookup by id, by address, add + remove, beside Agrona's map and ConcurrentHashMap.",
        "On the registry's owner thread, in ns/op and bytes/op, beside Agrona's Long2ObjectHashMap,"
            + " ConcurrentHashMap<Long, Peer> and HashMap<Addr, Peer>, interleaved round by round.",
        ""})
final class RegistryCommand implements Callable<Integer> {
    @Option(names = "--peers", paramLabel = "N", defaultValue = "1000",
        description = "Registered peers. Default: ${DEFAULT-VALUE}.")
    int peers;

    @Option(names = "--ops", paramLabel = "N", defaultValue = "2000000",
        description = "Operations per system per round. Default: ${DEFAULT-VALUE}.")
    int ops;

    @Option(names = "--rounds", paramLabel = "N", defaultValue = "5",
        description = "Interleaved rounds. Default: ${DEFAULT-VALUE}.")
    int rounds;

    @Mixin
    CommonOptions common = new CommonOptions();

    private final PrintStream out;
    private final PrintStream err;

    RegistryCommand(final PrintStream out, final PrintStream err) {
        this.out = out;
        this.err = err;
    }

    RegistrySuite.Settings settings() {
        final RegistrySuite.Settings s = new RegistrySuite.Settings();
        s.peers = Settings.positive("--peers", peers);
        s.ops = Settings.positive("--ops", ops);
        s.rounds = Settings.positive("--rounds", rounds);
        common.timeoutNs();
        return s;
    }

    static String describe(final RegistrySuite.Settings s) {
        return String.format(Locale.ROOT, "registry: %s peers, %s ops, %d rounds", Fmt.count(s.peers), Fmt.count(s.ops),
            s.rounds);
    }

    @Override
    public Integer call() throws Exception {
        final RegistrySuite.Settings s = settings();
        final Session session = Session.open(common, out, err, "registry", describe(s));
        RegistrySuite.run(s, session.report, session.progress);
        return session.finish(true);
    }
}
