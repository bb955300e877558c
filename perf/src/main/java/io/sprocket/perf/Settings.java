package io.sprocket.perf;

/** Argument checks shared by the subcommands: a bad value is an {@link IllegalArgumentException} naming the option. */
final class Settings {
    private Settings() {
    }

    static long positive(final String option, final long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(option + " must be greater than 0, got " + value);
        }
        return value;
    }

    static int positive(final String option, final int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(option + " must be greater than 0, got " + value);
        }
        return value;
    }

    static int atLeast(final String option, final int value, final int min) {
        if (value < min) {
            throw new IllegalArgumentException(option + " must be at least " + min + ", got " + value);
        }
        return value;
    }

    static long atLeast(final String option, final long value, final long min) {
        if (value < min) {
            throw new IllegalArgumentException(option + " must be at least " + min + ", got " + value);
        }
        return value;
    }

    static int powerOfTwo(final String option, final int value) {
        if (value <= 0 || Integer.bitCount(value) != 1) {
            throw new IllegalArgumentException(option + " must be a power of two, got " + value);
        }
        return value;
    }

    static int scaled(final int value, final double scale, final int min) {
        return (int)Math.max(min, Math.min(Integer.MAX_VALUE, Math.round(value * scale)));
    }

    static long scaled(final long value, final double scale, final long min) {
        return Math.max(min, Math.round(value * scale));
    }
}
