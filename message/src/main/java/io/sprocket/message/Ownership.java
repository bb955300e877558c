package io.sprocket.message;

/**
 * The misuse check: its one job is deciding whether the calling thread may touch a message now
 * (acquired from a pool; claimed in a ring by this thread; published and received by this thread's
 * handler) and wording the {@link IllegalStateException} that refuses it otherwise.
 *
 * <p><b>Note:</b> static and stateless; any thread, each method takes a descriptor's address. The
 * check allocates nothing and throws nothing when access is allowed (with checks off it is empty);
 * only {@link #refusal} allocates, to build the exception, and looks up a thread's name.
 */
final class Ownership {
    private Ownership() {
    }

    /**
     * With checks on, throws unless the calling thread may touch the message; with checks off,
     * nothing.
     *
     * @param d         the message's descriptor address.
     * @param message   the message, named in the exception.
     * @param operation the accessor called, named in the exception.
     * @throws IllegalStateException when the calling thread may not touch the message.
     */
    static void check(final long d, final Message message, final String operation) {
        if (Checks.ENABLED) {
            final int s = StateWord.state(d);
            if (s == StateWord.OWNED
                || (s == StateWord.CLAIMED && Descriptors.getLong(d, MessageDescriptor.OWNER) == Thread.currentThread().getId())
                || (s == StateWord.PUBLISHED && Checks.readToken() == Descriptors.getLong(d, MessageDescriptor.TOKEN))) {
                return;
            }
            throw refusal(d, message, operation);
        }
    }

    /**
     * With checks on: whether the message is claimed under {@code sequence} by the calling thread.
     *
     * @param d        the message's descriptor address.
     * @param sequence the ring sequence.
     * @return true when so; always false with checks off.
     */
    static boolean isClaimedBy(final long d, final long sequence) {
        return Checks.ENABLED && StateWord.state(d) == StateWord.CLAIMED && Descriptors.getLong(d, MessageDescriptor.TOKEN) == sequence
            && Descriptors.getLong(d, MessageDescriptor.OWNER) == Thread.currentThread().getId();
    }

    /**
     * The exception that refuses an operation: it names the operation, the message, the calling
     * thread and why (released, claimed by another thread, or published outside a handler).
     *
     * @param d         the message's descriptor address.
     * @param message   the message.
     * @param operation the accessor called.
     * @return the exception, for the caller to throw.
     */
    static IllegalStateException refusal(final long d, final Message message, final String operation) {
        final long token = Descriptors.getLong(d, MessageDescriptor.TOKEN);
        final String what;
        switch (StateWord.state(d)) {
            case StateWord.FREE:
                what = "it was released" + (token >= 0 ? " (last sequence " + token + ")" : "")
                    + "; clone() a message that must outlive its handler";
                break;
            case StateWord.CLAIMED:
                what = "it is claimed by thread '" + threadName(Descriptors.getLong(d, MessageDescriptor.OWNER))
                    + "' for sequence " + token + ", and only that producer may touch it before publish"
                    + readScopeHint();
                break;
            case StateWord.PUBLISHED:
                what = "it was published as sequence " + token
                    + " and only a handler receiving it may touch it" + readScopeHint();
                break;
            default:
                what = "it is in an unexpected state";
                break;
        }
        return new IllegalStateException(operation + " on " + message + " refused by thread '"
            + Thread.currentThread().getName() + "': " + what);
    }

    /** The name of a live thread, looked up only to word an exception; "?" when it is gone. */
    private static String threadName(final long threadId) {
        final Thread current = Thread.currentThread();
        if (current.getId() == threadId) {
            return current.getName();
        }
        for (final Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getId() == threadId) {
                return t.getName();
            }
        }
        return "?";
    }

    private static String readScopeHint() {
        final long t = Checks.readToken();
        return t == Checks.NO_TOKEN ? "; the calling thread is in no handler"
            : "; the calling thread's handler received sequence " + t
            + " (a handler that keeps a message past its return must clone() it)";
    }
}
