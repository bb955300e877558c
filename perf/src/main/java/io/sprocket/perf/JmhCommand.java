package io.sprocket.perf;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.ProfilerConfig;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

import io.sprocket.perf.report.Fmt;
import io.sprocket.perf.report.Result;
import io.sprocket.perf.report.TextTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Unmatched;

/**
 * {@code sprocket-perf jmh [JMH options] [regex...]}: the JMH benchmarks in this jar. Every argument but
 * this command's own options goes unparsed to JMH's own command line ({@link CommandLineOptions}), so
 * JMH's options work as they do with a benchmarks jar ({@code -w 1s -r 1s -f 1 -t 2 -prof gc -rf json}).
 * Where they say nothing, this command's defaults apply: 1 fork, 3 x 1 s warm-up, 5 x 1 s measured, the
 * gc profiler, and a JSON result file in the output folder; forks always get {@link #FORK_FLAGS}.
 */
@Command(name = "jmh", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "The JMH benchmarks in this jar (BufferPoolGet, BufferPoolConcurrent, PeerRegistry*, MessageClone,"
            + " RingFootprint, ClaimPublish), each class with its baselines beside Sprocket's benchmark.",
        "Every argument that is not one of the options below goes to JMH's own command line, as with a benchmarks"
            + " jar: a REGEX (one or more) selects the benchmarks (all by default), and JMH's options apply, for"
            + " example -f 1 (forks), -wi 3 -w 1s (warm-up iterations and time), -i 5 -r 1s (measured iterations"
            + " and time), -t 2 (threads), -p size=1024 (a parameter), -prof gc (a profiler), -rf json -rff FILE"
            + " (JMH's result file), -jvmArgsAppend '...', -l (list the benchmarks), -lprof (list the profilers).",
        "Where JMH's options say nothing: -f 1, -wi 3 -w 1s, -i 5 -r 1s, -prof gc (so B/op shows) and"
            + " -rf json -rff <out>/jmh-result.json. Forks always get -Xms1g -Xmx1g, the Agrona export flag and the"
            + " checks switch, after any -jvmArgsAppend. The whole set takes about 10 minutes with the defaults; a"
            + " regex narrows it.",
        "Example: sprocket-perf jmh -w 1s -r 1s -f 1 -t 2 -prof gc -rf json BufferPoolConcurrent",
        ""})
final class JmhCommand implements Callable<Integer> {
    private static final String PACKAGE = "io.sprocket.perf.jmh.";
    /** The JVM flags every fork gets, after the user's {@code -jvmArgsAppend}. */
    static final List<String> FORK_FLAGS = List.of("-Xms1g", "-Xmx1g", "--add-exports",
        "java.base/jdk.internal.misc=ALL-UNNAMED", "-Djava.awt.headless=true");

    /** JMH's own arguments, in the order given; parsed by JMH, not here. */
    @Unmatched
    List<String> jmhArgs = new ArrayList<>();

    @Option(names = "--out", paramLabel = "DIR",
        description = "Folder for results.json and JMH's own jmh-result.json (default: perf-results/<timestamp>).")
    Path out;

    @Option(names = "--json", paramLabel = "FILE", description = "Write the results JSON here instead of <out>/results.json.")
    Path json;

    @Option(names = "--checks", paramLabel = "on|off",
        description = "Sprocket's misuse checks in the benchmarks (default off, the production setting).")
    String checks;

    @Option(names = {"-q", "--quiet"}, description = "JMH prints only the summary.")
    boolean quiet;

    private final PrintStream stdout;
    private final PrintStream err;

    JmhCommand(final PrintStream out, final PrintStream err) {
        this.stdout = out;
        this.err = err;
    }

    /**
     * JMH's own parse of the arguments this command did not take.
     *
     * @throws IllegalArgumentException with JMH's message when JMH does not understand them.
     */
    CommandLineOptions jmhCommandLine() {
        try {
            return new CommandLineOptions(jmhArgs.toArray(new String[0]));
        } catch (final CommandLineOptionException e) {
            throw new IllegalArgumentException("JMH option: " + e.getMessage(), e);
        }
    }

    /**
     * The options JMH runs with: JMH's parse of the passed arguments, and this command's defaults where
     * they say nothing.
     *
     * @param jmh       JMH's parse of the passed arguments.
     * @param resultDir where the default result file goes.
     * @param checksOn  the checks switch the forks get.
     */
    static Options options(final CommandLineOptions jmh, final Path resultDir, final boolean checksOn) {
        final ChainedOptionsBuilder b = new OptionsBuilder().parent(jmh);
        if (jmh.getIncludes().isEmpty()) {
            b.include(PACKAGE);
        }
        if (!jmh.getForkCount().hasValue()) {
            b.forks(1);
        }
        if (!jmh.getWarmupIterations().hasValue()) {
            b.warmupIterations(3);
        }
        if (!jmh.getWarmupTime().hasValue()) {
            b.warmupTime(TimeValue.seconds(1));
        }
        if (!jmh.getMeasurementIterations().hasValue()) {
            b.measurementIterations(5);
        }
        if (!jmh.getMeasurementTime().hasValue()) {
            b.measurementTime(TimeValue.seconds(1));
        }
        boolean hasGc = false;
        for (final ProfilerConfig p : jmh.getProfilers()) {
            hasGc |= "gc".equals(p.getKlass()) || GCProfiler.class.getName().equals(p.getKlass());
        }
        if (!hasGc) {
            b.addProfiler(GCProfiler.class);
        }
        final ResultFormatType format = jmh.getResultFormat().orElse(ResultFormatType.JSON);
        b.resultFormat(format);
        if (!jmh.getResult().hasValue()) {
            b.result(resultDir.resolve("jmh-result." + format.name().toLowerCase(Locale.ROOT)).toString());
        }
        final List<String> append = new ArrayList<>(jmh.getJvmArgsAppend().orElse(List.of()));
        append.addAll(FORK_FLAGS);
        append.add("-Dsprocket.checks=" + checksOn);
        b.jvmArgsAppend(append.toArray(new String[0]));
        return b.build();
    }

    @Override
    public Integer call() throws Exception {
        final CommandLineOptions jmh = jmhCommandLine();
        if (jmh.shouldListProfilers()) {
            jmh.listProfilers();
            return 0;
        }
        if (jmh.shouldListResultFormats()) {
            jmh.listResultFormats();
            return 0;
        }
        final VerboseMode verbosity = quiet ? VerboseMode.SILENT : jmh.verbosity().orElse(VerboseMode.NORMAL);
        if (jmh.shouldList() || jmh.shouldListWithParams()) {
            final Runner lister = new Runner(options(jmh, Paths.get("."), false),
                OutputFormatFactory.createFormatInstance(stdout, VerboseMode.NORMAL));
            if (jmh.shouldListWithParams()) {
                lister.listWithParams(jmh);
            } else {
                lister.list();
            }
            return 0;
        }
        final CommonOptions common = new CommonOptions();
        common.out = out;
        common.json = json;
        common.checks = checks;
        common.quiet = true;
        final Session session = Session.open(common, stdout, err, "jmh",
            "jmh: " + (jmhArgs.isEmpty() ? "(JMH's options: none given)" : "JMH's options " + String.join(" ", jmhArgs)));
        Files.createDirectories(session.report.dir());
        final Options chosen = options(jmh, session.report.dir(), io.sprocket.message.Checks.ENABLED);
        final Options options = quiet ? new OptionsBuilder().parent(chosen).verbosity(VerboseMode.SILENT).build() : chosen;
        stdout.println(String.format(Locale.ROOT, "  JMH runs: %s; %s fork(s), %s x %s warm-up, %s x %s measured,"
                + " %s thread(s), profilers %s, result %s", options.getIncludes(), options.getForkCount().get(),
            options.getWarmupIterations().get(), options.getWarmupTime().get(), options.getMeasurementIterations().get(),
            options.getMeasurementTime().get(), options.getThreads().orElse(1), options.getProfilers(),
            options.getResult().get()));
        final Runner runner = new Runner(options, OutputFormatFactory.createFormatInstance(stdout, verbosity));
        final Collection<RunResult> results = runner.run();
        if (results.isEmpty()) {
            throw new IllegalArgumentException("no benchmark matches " + options.getIncludes()
                + " (try: sprocket-perf jmh -l)");
        }
        print(results, session);
        if (options.getThreads().hasValue()) {
            session.report.out().println("  -t " + options.getThreads().get() + " overrides each benchmark's own thread"
                + " count (@Threads): every row above ran with " + options.getThreads().get() + " thread(s), whatever its"
                + " name says (BufferPoolConcurrent.acquireRelease4t, say).");
        }
        return session.finish(true);
    }

    /** Pairs each benchmark's systems by method name ({@code <benchmark>_<system>}) and prints ratios to Sprocket. */
    private static void print(final Collection<RunResult> results, final Session session) {
        final Map<String, List<Result>> groups = new LinkedHashMap<>();
        final Map<Result, Double> errors = new LinkedHashMap<>();
        for (final RunResult rr : results) {
            final BenchmarkParams params = rr.getParams();
            final String full = params.getBenchmark();
            final String method = full.substring(full.lastIndexOf('.') + 1);
            final String owner = full.substring(0, full.lastIndexOf('.'));
            final String className = owner.substring(owner.lastIndexOf('.') + 1);
            final int cut = method.lastIndexOf('_');
            final String bench = cut > 0 ? method.substring(0, cut) : method;
            final String system = cut > 0 ? kebab(method.substring(cut + 1)) : "sprocket";
            final StringBuilder name = new StringBuilder(className).append('.').append(bench);
            if (!params.getParamsKeys().isEmpty()) {
                name.append('[');
                boolean first = true;
                for (final String key : params.getParamsKeys()) {
                    name.append(first ? "" : ",").append(key).append('=').append(params.getParam(key));
                    first = false;
                }
                name.append(']');
            }
            final org.openjdk.jmh.results.Result<?> primary = rr.getPrimaryResult();
            final Result row = new Result(name.toString(), system).nsPerOp(primary.getScore());
            for (final String key : rr.getSecondaryResults().keySet()) {
                if (key.endsWith("gc.alloc.rate.norm")) {
                    row.bytesPerOp(rr.getSecondaryResults().get(key).getScore());
                }
            }
            session.report.add(row);
            errors.put(row, primary.getScoreError());
            groups.computeIfAbsent(name.toString(), k -> new ArrayList<>()).add(row);
        }
        final TextTable table = new TextTable("benchmark", "system", "ns/op", "+-", "B/op", "x sprocket");
        boolean concurrent = false;
        for (final Map.Entry<String, List<Result>> g : groups.entrySet()) {
            double ours = sprocketTime(g.getValue());
            if (Double.isNaN(ours)) {
                // A baseline whose state has other parameters (the inline ring has none): compare it with the
                // Sprocket row of the same benchmark when there is exactly one.
                final String bare = bareName(g.getKey());
                int found = 0;
                for (final Map.Entry<String, List<Result>> other : groups.entrySet()) {
                    final double t = sprocketTime(other.getValue());
                    if (bareName(other.getKey()).equals(bare) && !Double.isNaN(t)) {
                        ours = t;
                        found++;
                    }
                }
                if (found != 1) {
                    ours = Double.NaN;
                }
            }
            for (final Result r : g.getValue()) {
                table.row(g.getKey(), r.system(), Fmt.nsPerOp(r.nsPerOp()), Fmt.nsPerOp(errors.get(r)),
                    Fmt.bytes(r.bytesPerOp()), "sprocket".equals(r.system()) ? "" : Fmt.ratio(ours / r.nsPerOp()));
            }
            concurrent |= g.getKey().startsWith("BufferPoolConcurrent");
        }
        final PrintStream out = session.report.out();
        out.println();
        out.println("JMH  average time per operation (lower is better), bytes per operation from -prof gc;"
            + " 'x sprocket' = Sprocket's time / this system's time");
        table.print(out, "  ");
        if (concurrent) {
            out.println("  BufferPoolConcurrent on " + Runtime.getRuntime().availableProcessors() + " CPUs: 1 thread is"
                + " uncontended and 2 threads is the only truly contended figure; 4 and 8 threads time-share the cores,"
                + " so even perfect scaling shows 2x and 4x the 2-thread time: it cannot show scaling past the core"
                + " count.");
        }
    }

    private static double sprocketTime(final List<Result> rows) {
        for (final Result r : rows) {
            if ("sprocket".equals(r.system())) {
                return r.nsPerOp();
            }
        }
        return Double.NaN;
    }

    private static String bareName(final String benchmark) {
        final int bracket = benchmark.indexOf('[');
        return bracket < 0 ? benchmark : benchmark.substring(0, bracket);
    }

    private static String kebab(final String camel) {
        final StringBuilder s = new StringBuilder(camel.length() + 4);
        for (int i = 0; i < camel.length(); i++) {
            final char c = camel.charAt(i);
            if (Character.isUpperCase(c)) {
                s.append('-').append(Character.toLowerCase(c));
            } else {
                s.append(c);
            }
        }
        return s.toString();
    }
}
