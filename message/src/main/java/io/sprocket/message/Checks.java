package io.sprocket.message;

/**
 * The switch for Sprocket's misuse checks, and the per-thread read scope that lets a ring consumer
 * prove it is inside the handler that received a message.
 *
 * <p>Checks are on unless the JVM is started with {@code -Dsprocket.checks=false}. {@link #ENABLED}
 * is a {@code static final} constant, so with checks off the JIT folds every guarded branch away.
 *
 * <p><b>Note:</b> all methods may be called from any thread. {@link #enterRead(long)},
 * {@link #exitRead()} and {@link #readToken()} allocate once per thread (the first call on that
 * thread creates its scope) and never afterwards.
 */
public final class Checks {
    /** Whether misuse checks run. Read once, from the system property {@code sprocket.checks}. */
    public static final boolean ENABLED = !"false".equalsIgnoreCase(System.getProperty("sprocket.checks"));

    /** The token of a thread that is not inside any read scope. */
    public static final long NO_TOKEN = Long.MIN_VALUE;

    private static final ThreadLocal<ReadScope> SCOPE = ThreadLocal.withInitial(ReadScope::new);

    private Checks() {
    }

    /**
     * Marks the calling thread as reading the message published under {@code token} (a ring
     * sequence), until {@link #exitRead()}.
     *
     * @param token the sequence of the message the calling thread's handler is about to receive.
     */
    public static void enterRead(final long token) {
        SCOPE.get().token = token;
    }

    /** Ends the calling thread's read scope: no published message may be touched by it now. */
    public static void exitRead() {
        SCOPE.get().token = NO_TOKEN;
    }

    /**
     * The token of the calling thread's read scope.
     *
     * @return the token passed to the last {@link #enterRead(long)}, or {@link #NO_TOKEN} outside one.
     */
    public static long readToken() {
        return SCOPE.get().token;
    }

    private static final class ReadScope {
        long token = NO_TOKEN;
    }
}
