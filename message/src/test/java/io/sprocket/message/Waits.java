package io.sprocket.message;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * The bounded wait every test uses: poll a condition, parking between polls, and fail after the
 * timeout. Shared with the other modules' tests through this module's test jar.
 */
public final class Waits {
    private static final long PARK_NANOS = 100_000;

    private Waits() {
    }

    /** Waits until {@code condition} holds; throws {@link AssertionError} naming {@code what} after the timeout. */
    public static void await(final String what, final long timeoutMillis, final BooleanSupplier condition) {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out after " + timeoutMillis + " ms waiting for " + what);
            }
            LockSupport.parkNanos(PARK_NANOS);
        }
    }
}
