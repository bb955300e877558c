package io.sprocket.perf;

import java.io.PrintStream;
import java.math.BigDecimal;
import java.util.Locale;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code sprocket-perf soak}: mixed traffic for a while, and how the latency's tail drifts. */
@Command(name = "soak", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "Soak: mixed traffic for a fixed time, with the p99.9 of each window and its drift, last window / first.",
        "The traffic of the soak test: 2 producers as fast as they go, payloads from 16 B to 2 KiB, one producer"
            + " replacing a peer every 1,000 messages through the ring's control events, the engine cloning one"
            + " message in a hundred. Prints each window's publish-to-handle percentiles and rate, the p99.9 drift"
            + " (reported, not judged), and the bytes each thread allocated after the first window; the run fails"
            + " (exit status 3) if a message is lost.",
        ""})
final class SoakCommand implements Callable<Integer> {
    @Option(names = "--duration", paramLabel = "TIME", defaultValue = "60s", converter = Nanos.class,
        description = "How long to run: 60s, 90s, 2m, 1500ms (a plain number is seconds). Rounded down to whole"
            + " windows. Default: ${DEFAULT-VALUE}.")
    long durationNs;

    @Option(names = "--window", paramLabel = "TIME", defaultValue = "10s", converter = Nanos.class,
        description = "The length of a window; the run needs 2 to 100 of them. Default: ${DEFAULT-VALUE}.")
    long windowNs;

    @Option(names = "--wait", paramLabel = "busy|yield|block|sleep", defaultValue = "yield",
        description = "The engine's wait strategy. Default: ${DEFAULT-VALUE}.")
    WaitMode wait;

    @Mixin
    CommonOptions common = new CommonOptions();

    private final PrintStream out;
    private final PrintStream err;

    SoakCommand(final PrintStream out, final PrintStream err) {
        this.out = out;
        this.err = err;
    }

    SoakSuite.Settings settings() {
        final SoakSuite.Settings s = new SoakSuite.Settings();
        s.windowNs = Settings.atLeast("--window", windowNs, 1_000_000L);
        s.durationNs = durationNs;
        final long windows = durationNs / windowNs;
        if (windows < 2 || windows > SoakSuite.MAX_WINDOWS) {
            throw new IllegalArgumentException("--duration must hold 2 to " + SoakSuite.MAX_WINDOWS + " windows of --window,"
                + " got " + Nanos.text(durationNs) + " / " + Nanos.text(windowNs));
        }
        s.wait = wait;
        s.timeoutNs = common.timeoutNs();
        return s;
    }

    static String describe(final SoakSuite.Settings s) {
        return String.format(Locale.ROOT, "soak: %s in %d windows of %s, wait %s", Nanos.text(s.windows() * s.windowNs),
            s.windows(), Nanos.text(s.windowNs), s.wait.label());
    }

    @Override
    public Integer call() throws Exception {
        final SoakSuite.Settings s = settings();
        final Session session = Session.open(common, out, err, "soak", describe(s));
        SoakSuite.run(s, session.report, session.progress);
        return session.finish(true);
    }

    /**
     * Reads a time for an option: a number with {@code ms}, {@code s} or {@code m}, or a plain number of
     * seconds; answers nanoseconds.
     *
     * <p><b>Note:</b> stateless; picocli calls it while parsing. It allocates.
     */
    static final class Nanos implements CommandLine.ITypeConverter<Long> {
        @Override
        public Long convert(final String value) {
            final String v = value.trim().toLowerCase(Locale.ROOT);
            final long unitNs;
            final String number;
            if (v.endsWith("ms")) {
                unitNs = 1_000_000L;
                number = v.substring(0, v.length() - 2);
            } else if (v.endsWith("s")) {
                unitNs = 1_000_000_000L;
                number = v.substring(0, v.length() - 1);
            } else if (v.endsWith("m")) {
                unitNs = 60_000_000_000L;
                number = v.substring(0, v.length() - 1);
            } else {
                unitNs = 1_000_000_000L;
                number = v;
            }
            final BigDecimal ns;
            try {
                ns = new BigDecimal(number.trim()).multiply(BigDecimal.valueOf(unitNs));
            } catch (final NumberFormatException e) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not a time such as 60s, 2m or 500ms");
            }
            if (ns.signum() <= 0 || ns.compareTo(BigDecimal.valueOf(24L * 3600 * 1_000_000_000L)) > 0) {
                throw new CommandLine.TypeConversionException("'" + value + "' must be above 0 and at most 24 hours");
            }
            return ns.longValue();
        }

        /** A time as the options take it: {@code 60s}, {@code 1.5s}, {@code 250ms}. */
        static String text(final long ns) {
            if (ns % 1_000_000_000L == 0) {
                return ns / 1_000_000_000L + "s";
            }
            if (ns >= 1_000_000_000L) {
                return BigDecimal.valueOf(ns, 9).stripTrailingZeros().toPlainString() + "s";
            }
            return BigDecimal.valueOf(ns, 6).stripTrailingZeros().toPlainString() + "ms";
        }
    }
}
