package io.sprocket.perf.report;

import java.util.Locale;

/**
 * Number formats for the console tables: plain ASCII (no micro sign, no multiplication sign), so the
 * output reads the same on any terminal encoding.
 *
 * <p><b>Note:</b> stateless; any thread may call it. Every method allocates the string it returns.
 */
public final class Fmt {
    private Fmt() {
    }

    /**
     * Whole nanoseconds with thousands separators.
     *
     * @param ns nanoseconds.
     * @return for example {@code 45,120}.
     */
    public static String ns(final long ns) {
        return String.format(Locale.ROOT, "%,d", ns);
    }

    /**
     * A cost per operation: one decimal below 100, none above.
     *
     * @param ns nanoseconds.
     * @return for example {@code 8.4} or {@code 1,912}; {@code -} for NaN.
     */
    public static String nsPerOp(final double ns) {
        if (Double.isNaN(ns)) {
            return "-";
        }
        return ns < 100 ? String.format(Locale.ROOT, "%.1f", ns) : String.format(Locale.ROOT, "%,.0f", ns);
    }

    /**
     * A rate in millions per second.
     *
     * @param perSec per second.
     * @return for example {@code 112.4 M}.
     */
    public static String rate(final double perSec) {
        if (Double.isNaN(perSec)) {
            return "-";
        }
        return perSec >= 10e6 ? String.format(Locale.ROOT, "%.1f M", perSec / 1e6)
            : String.format(Locale.ROOT, "%.2f M", perSec / 1e6);
    }

    /**
     * Bytes per operation.
     *
     * @param bytes bytes.
     * @return for example {@code 0}, {@code 0.25} or {@code 1,040}; {@code < 0.01} for a figure above 0 that
     *         two decimals would show as 0; {@code -} for NaN.
     */
    public static String bytes(final double bytes) {
        if (Double.isNaN(bytes)) {
            return "-";
        }
        if (bytes > 0 && bytes < 0.005) {
            return "< 0.01";
        }
        return bytes == Math.rint(bytes) || bytes >= 100 ? String.format(Locale.ROOT, "%,.0f", bytes)
            : String.format(Locale.ROOT, "%.2f", bytes);
    }

    /**
     * A ratio with two decimals, or as a whole number when it is 100 or more.
     *
     * @param ratio the ratio.
     * @return for example {@code 1.02} or {@code 214}; {@code -} for NaN.
     */
    public static String ratio(final double ratio) {
        if (Double.isNaN(ratio)) {
            return "-";
        }
        return ratio >= 100 ? String.format(Locale.ROOT, "%.0f", ratio) : String.format(Locale.ROOT, "%.2f", ratio);
    }

    /**
     * A count with thousands separators.
     *
     * @param count the count.
     * @return for example {@code 1,000,000}.
     */
    public static String count(final long count) {
        return String.format(Locale.ROOT, "%,d", count);
    }
}
