package io.sprocket.perf.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One figure of Sprocket against one baseline, measured in the same JVM, interleaved round by round
 * (Sprocket, baseline, Sprocket, baseline…), with the ratio of each round's pair and the median of
 * those ratios. The ratio is {@code system / baseline} of the figure, whichever way is better: for
 * latency and ns/op below 1 is better, for msgs/s above 1 is better ({@link #higherIsBetter()}).
 *
 * <p>Each round also carries the mode the two-thread canary saw around it ({@code near},
 * {@code far}, {@code mixed}, or {@code -} for single-thread figures), because on this kind of
 * machine a two-thread figure taken in one mode cannot be compared with one taken in the other.
 *
 * <p><b>Note:</b> not thread-safe; filled and read by the harness's main thread between
 * measurements. It allocates.
 */
public final class Comparison {
    private final String benchmark;
    private final String metric;
    private final String system;
    private final String baseline;
    private final boolean higherIsBetter;
    private final List<double[]> rounds = new ArrayList<>();
    private final List<String> modes = new ArrayList<>();

    /**
     * Creates an empty comparison.
     *
     * @param benchmark      the benchmark, as in the results file (for example {@code latency}).
     * @param metric         the figure compared (for example {@code p99} or {@code msgs/s}).
     * @param system         the numerator's system (usually {@code sprocket}).
     * @param baseline       the denominator's system (for example {@code disruptor}).
     * @param higherIsBetter true when a larger figure is better (a rate).
     */
    public Comparison(
        final String benchmark, final String metric, final String system, final String baseline,
        final boolean higherIsBetter) {
        this.benchmark = benchmark;
        this.metric = metric;
        this.system = system;
        this.baseline = baseline;
        this.higherIsBetter = higherIsBetter;
    }

    /**
     * Adds one round's pair.
     *
     * @param systemValue   the numerator's figure in this round.
     * @param baselineValue the denominator's figure in the same round.
     * @param mode          what the canary saw around the round: {@code near}, {@code far},
     *                      {@code mixed}, or {@code -}.
     * @return this comparison.
     */
    public Comparison addRound(final double systemValue, final double baselineValue, final String mode) {
        rounds.add(new double[] {systemValue, baselineValue});
        modes.add(mode);
        return this;
    }

    /**
     * The benchmark's name.
     *
     * @return as in the results file.
     */
    public String benchmark() {
        return benchmark;
    }

    /**
     * The figure compared.
     *
     * @return for example {@code p99}.
     */
    public String metric() {
        return metric;
    }

    /**
     * The numerator's system.
     *
     * @return for example {@code sprocket}.
     */
    public String system() {
        return system;
    }

    /**
     * The denominator's system.
     *
     * @return for example {@code disruptor}.
     */
    public String baseline() {
        return baseline;
    }

    /**
     * Whether a larger figure is better.
     *
     * @return true for rates.
     */
    public boolean higherIsBetter() {
        return higherIsBetter;
    }

    /**
     * The number of rounds.
     *
     * @return rounds added so far.
     */
    public int roundCount() {
        return rounds.size();
    }

    /**
     * One round's ratio.
     *
     * @param round from 0.
     * @return {@code system / baseline}; NaN when the baseline figure is 0.
     */
    public double ratio(final int round) {
        final double[] pair = rounds.get(round);
        return pair[1] == 0 ? Double.NaN : pair[0] / pair[1];
    }

    /**
     * One round's figure of the numerator's system.
     *
     * @param round from 0.
     * @return the figure as added (for example ns/op).
     */
    public double systemValue(final int round) {
        return rounds.get(round)[0];
    }

    /**
     * One round's mode.
     *
     * @param round from 0.
     * @return {@code near}, {@code far}, {@code mixed} or {@code -}.
     */
    public String mode(final int round) {
        return modes.get(round);
    }

    /**
     * The median of the rounds' ratios (the mean of the middle two for an even count).
     *
     * @return the median ratio; NaN when there is no round.
     */
    public double medianRatio() {
        final double[] ratios = new double[rounds.size()];
        for (int i = 0; i < ratios.length; i++) {
            ratios[i] = ratio(i);
        }
        return median(ratios);
    }

    /**
     * The median of the numerator's figures over the rounds.
     *
     * @return the median of {@link #systemValue(int)}; NaN when there is no round.
     */
    public double medianSystemValue() {
        final double[] values = new double[rounds.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = systemValue(i);
        }
        return median(values);
    }

    /** The median of the values that are not NaN (the mean of the middle two for an even count); NaN if none. */
    static double median(final double[] values) {
        final double[] sorted = new double[values.length];
        int n = 0;
        for (final double v : values) {
            if (!Double.isNaN(v)) {
                sorted[n++] = v;
            }
        }
        if (n == 0) {
            return Double.NaN;
        }
        Arrays.sort(sorted, 0, n);
        return (n & 1) == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /**
     * The modes of all rounds in one word.
     *
     * @return {@code near} or {@code far} when every round agrees, {@code -} for single-thread
     *         figures, otherwise {@code mixed}.
     */
    public String modeSummary() {
        String first = null;
        for (final String m : modes) {
            if (first == null) {
                first = m;
            } else if (!first.equals(m)) {
                return "mixed";
            }
        }
        return first == null ? "-" : first;
    }

    /**
     * One line for the console: the rounds' ratios with their modes, and the median.
     *
     * @return for example {@code p99 sprocket/disruptor  1.02 (near)  0.97 (near)  ->  median 1.02x}.
     */
    public String describe() {
        final StringBuilder line = new StringBuilder(96)
            .append(metric).append(' ').append(system).append('/').append(baseline).append(":  ");
        for (int i = 0; i < rounds.size(); i++) {
            line.append(Fmt.ratio(ratio(i)));
            if (!"-".equals(modes.get(i))) {
                line.append(" (").append(modes.get(i)).append(')');
            }
            line.append("  ");
        }
        return line.append("->  median ").append(Fmt.ratio(medianRatio())).append('x').toString();
    }
}
