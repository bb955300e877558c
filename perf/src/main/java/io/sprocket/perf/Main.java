package io.sprocket.perf;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code sprocket-perf} command line: proves Sprocket's latency, throughput and zero-allocation
 * claims on the machine it runs on, every figure beside its baseline (the raw LMAX Disruptor,
 * {@code ArrayBlockingQueue}, Agrona's maps, plain heap copies) measured in the same JVM, interleaved
 * round by round, with the ratio of each pair.
 *
 * <pre>
 * java -jar perf/target/sprocket-perf.jar              # the default suite (all), about a minute
 * java -jar perf/target/sprocket-perf.jar latency --wait busy --size 64
 * java -jar perf/target/sprocket-perf.jar alloc        # exit status 1 if any thread allocated
 * java -jar perf/target/sprocket-perf.jar soak --duration 60s   # p99.9 per 10 s window, and its drift
 * java -jar perf/target/sprocket-perf.jar jmh Clone    # the JMH benchmarks whose name matches
 * </pre>
 *
 * <p><b>Note:</b> a program entry point: call {@link #main} or {@link #run} from one thread; a run
 * starts and stops its own measuring threads. It allocates freely outside the measured loops.
 */
@Command(name = "sprocket-perf", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
    description = {
        "Measures Sprocket beside its baselines (the raw LMAX Disruptor, ArrayBlockingQueue, Agrona's maps, heap"
            + " copies) in the same JVM, interleaved round by round, and prints the ratio of each pair.",
        "Without a subcommand it runs 'all'; options given without a subcommand go to 'all'."},
    footer = {"",
        "Exit status: 0 done (goals are reported, not enforced, unless --fail-on-miss); 1 the allocation verdict"
            + " failed; 2 bad usage; 3 a run did not complete (timeout, refused claim, lost message); 4 a goal was"
            + " missed, or could not be judged (INCONCLUSIVE), and --fail-on-miss was given.",
        "",
        "On a 2-vCPU guest two-thread figures flip between a 'near' and a 'far' mode: each series prints what a"
            + " bare ping-pong canary saw around each round. Compare ratios within a run, not absolute figures"
            + " across runs."})
public final class Main implements Callable<Integer> {
    private static final String[] HELP = {"-h", "--help", "-V", "--version"};

    private final PrintStream out;
    private final PrintStream err;

    private Main(final PrintStream out, final PrintStream err) {
        this.out = out;
        this.err = err;
    }

    /**
     * Runs the command line and exits with its status.
     *
     * @param args the arguments; none runs {@code all}.
     */
    public static void main(final String[] args) {
        System.exit(run(System.out, System.err, args));
    }

    /**
     * Runs the command line without exiting: what {@link #main} does, for tests and embedding.
     *
     * @param out  where tables and help go.
     * @param err  where the progress line and errors go.
     * @param args the arguments; none runs {@code all}.
     * @return the exit status (0 done, 1 allocation verdict failed, 2 usage, 3 run failed, 4 goal missed
     *         with {@code --fail-on-miss}).
     */
    public static int run(final PrintStream out, final PrintStream err, final String... args) {
        System.setProperty("java.awt.headless", "true");
        final Main main = new Main(out, err);
        final CommandLine cl = new CommandLine(main)
            .addSubcommand(new AllCommand(out, err))
            .addSubcommand(new LatencyCommand(out, err))
            .addSubcommand(new ThroughputCommand(out, err))
            .addSubcommand(new AllocCommand(out, err))
            .addSubcommand(new RegistryCommand(out, err))
            .addSubcommand(new PoolCommand(out, err))
            .addSubcommand(new SoakCommand(out, err))
            .addSubcommand(new JmhCommand(out, err))
            .addSubcommand(new CatCommand(out, err))
            .addSubcommand(new StatCommand(out))
            .addSubcommand(JournalCommand.create(out, err))
            .setCaseInsensitiveEnumValuesAllowed(true)
            .setUsageHelpWidth(100)
            .setOut(new PrintWriter(new java.io.OutputStreamWriter(out, Charset.defaultCharset()), true))
            .setErr(new PrintWriter(new java.io.OutputStreamWriter(err, Charset.defaultCharset()), true))
            .setExecutionExceptionHandler((e, commandLine, parseResult) -> {
                if (e instanceof IllegalArgumentException) {
                    commandLine.getErr().println("error: " + e.getMessage());
                    commandLine.getErr().println("see: sprocket-perf " + commandLine.getCommandName() + " --help");
                    // cat answers a bad option as nngcat does: 1.
                    return commandLine.getCommandSpec().exitCodeOnInvalidInput();
                }
                if (e instanceof RunFailure) {
                    commandLine.getErr().println();
                    commandLine.getErr().println("error: a run did not complete: " + e.getMessage());
                    return Session.EXIT_RUN_FAILED;
                }
                throw e;
            });
        // cat takes an unambiguous beginning of a long option, as nngcat does (--recv-time, --respond).
        cl.getSubcommands().get("cat").setAbbreviatedOptionsAllowed(true);
        return cl.execute(withDefaultCommand(args));
    }

    /** No arguments, or options only: {@code all} is the default subcommand. */
    static String[] withDefaultCommand(final String[] args) {
        if (args.length == 0) {
            return new String[] {"all"};
        }
        if (args[0].startsWith("-")) {
            for (final String help : HELP) {
                if (help.equals(args[0])) {
                    return args;
                }
            }
            final String[] withAll = new String[args.length + 1];
            withAll[0] = "all";
            System.arraycopy(args, 0, withAll, 1, args.length);
            return withAll;
        }
        return args;
    }

    /** Reached only when picocli is given no subcommand after all: runs {@code all} with its defaults. */
    @Override
    public Integer call() throws Exception {
        return new AllCommand(out, err).call();
    }

    static String version() {
        final String v = Main.class.getPackage().getImplementationVersion();
        return v != null ? v : "dev";
    }

    /**
     * Answers {@code --version}.
     *
     * <p><b>Note:</b> stateless; picocli calls it once. It allocates its answer.
     */
    public static final class Version implements CommandLine.IVersionProvider {
        /** Created by picocli. */
        public Version() {
        }

        @Override
        public String[] getVersion() {
            return new String[] {"sprocket-perf " + version(), Session.jvm()};
        }
    }
}
