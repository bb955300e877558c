package io.sprocket.perf;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
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
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

import io.sprocket.perf.report.Fmt;
import io.sprocket.perf.report.Result;
import io.sprocket.perf.report.TextTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sprocket-perf jmh [regex]}: the JMH benchmarks in this jar, with the gc profiler. */
@Command(name = "jmh", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "The JMH benchmarks in this jar (BufferPoolGet, BufferPoolConcurrent, PeerRegistry*, MessageClone).",
        "Runs those whose name matches REGEX (all by default), each class with its baseline beside Sprocket's"
            + " benchmark. Forks get -Xms1g -Xmx1g, the Agrona export flag and the checks switch; the gc profiler"
            + " reports bytes per operation. The whole set takes about 10 minutes with the defaults; a regex narrows"
            + " it.",
        ""})
final class JmhCommand implements Callable<Integer> {
    private static final String PACKAGE = "io.sprocket.perf.jmh.";

    @Parameters(arity = "0..1", paramLabel = "REGEX", defaultValue = PACKAGE,
        description = "Benchmarks to run (a regex found in io.sprocket.perf.jmh.Class.method). Default: all.")
    String regex;

    @Option(names = {"-f", "--forks"}, paramLabel = "N", defaultValue = "1",
        description = "Forked JVMs per benchmark; 0 runs in this JVM (for a quick check only). Default: ${DEFAULT-VALUE}.")
    int forks;

    @Option(names = {"-wi", "--warmup-iterations"}, paramLabel = "N", defaultValue = "3",
        description = "Warm-up iterations. Default: ${DEFAULT-VALUE}.")
    int warmupIterations;

    @Option(names = {"-i", "--iterations"}, paramLabel = "N", defaultValue = "5",
        description = "Measured iterations. Default: ${DEFAULT-VALUE}.")
    int iterations;

    @Option(names = {"-w", "--warmup-time"}, paramLabel = "MS", defaultValue = "1000",
        description = "Milliseconds per warm-up iteration. Default: ${DEFAULT-VALUE}.")
    long warmupMillis;

    @Option(names = {"-r", "--time"}, paramLabel = "MS", defaultValue = "1000",
        description = "Milliseconds per measured iteration. Default: ${DEFAULT-VALUE}.")
    long measureMillis;

    @Option(names = {"-l", "--list"}, description = "List the matching benchmarks and exit.")
    boolean list;

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

    @Override
    public Integer call() throws Exception {
        Settings.atLeast("--forks", forks, 0);
        Settings.atLeast("--warmup-iterations", warmupIterations, 0);
        Settings.positive("--iterations", iterations);
        Settings.positive("--warmup-time", warmupMillis);
        Settings.positive("--time", measureMillis);
        if (list) {
            new Runner(new OptionsBuilder().include(regex).build(),
                OutputFormatFactory.createFormatInstance(stdout, VerboseMode.NORMAL)).list();
            return 0;
        }
        final CommonOptions common = new CommonOptions();
        common.out = out;
        common.json = json;
        common.checks = checks;
        common.quiet = true;
        final Session session = Session.open(common, stdout, err, "jmh",
            String.format(Locale.ROOT, "jmh: '%s', %d fork(s), %d x %d ms warm-up, %d x %d ms measured, gc profiler",
                regex, forks, warmupIterations, warmupMillis, iterations, measureMillis));
        final boolean checksOn = io.sprocket.message.Checks.ENABLED;
        Files.createDirectories(session.report.dir());
        final ChainedOptionsBuilder options = new OptionsBuilder()
            .include(regex)
            .forks(forks)
            .warmupIterations(warmupIterations)
            .warmupTime(TimeValue.milliseconds(warmupMillis))
            .measurementIterations(iterations)
            .measurementTime(TimeValue.milliseconds(measureMillis))
            .jvmArgsAppend("-Xms1g", "-Xmx1g", "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED",
                "-Dsprocket.checks=" + checksOn, "-Djava.awt.headless=true")
            .addProfiler(GCProfiler.class)
            .resultFormat(ResultFormatType.JSON)
            .result(session.report.dir().resolve("jmh-result.json").toString())
            .verbosity(quiet ? VerboseMode.SILENT : VerboseMode.NORMAL);
        final Runner runner = new Runner(options.build(),
            OutputFormatFactory.createFormatInstance(stdout, quiet ? VerboseMode.SILENT : VerboseMode.NORMAL));
        final Collection<RunResult> results = runner.run();
        if (results.isEmpty()) {
            throw new IllegalArgumentException("no benchmark matches '" + regex + "' (try: sprocket-perf jmh --list)");
        }
        print(results, session);
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
