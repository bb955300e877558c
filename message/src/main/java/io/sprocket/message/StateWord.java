package io.sprocket.message;

/**
 * The state word of a {@link MessageDescriptor}: its one job is the word's encoding and every
 * change a message's lifecycle makes to it. The state (released, acquired, claimed, published) is
 * in the low two bits and the generation above them, so a stale compare-and-set from an earlier
 * generation cannot succeed.
 *
 * <p><b>Note:</b> static and stateless; each method takes a descriptor's address. The transitions
 * are called by the thread that owns the message at that moment (its source's acquire, claim,
 * publish or retire); {@link #compareAndRelease} may race with itself from any thread and exactly
 * one caller wins. Allocates nothing and throws nothing.
 */
final class StateWord {
    /** Released: back in its source, touched by nobody. */
    static final int FREE = 0;
    /** Acquired from a pool: its owner (any thread) may touch it. */
    static final int OWNED = 1;
    /** Claimed in a ring: only the producer that claimed it may touch it. */
    static final int CLAIMED = 2;
    /** Published in a ring: only a handler receiving it may touch it. */
    static final int PUBLISHED = 3;

    private static final long STATE_MASK = 3;
    private static final long ONE_GENERATION = 4;
    private static final String[] STATE_NAMES = {"released", "acquired", "claimed", "published"};

    private StateWord() {
    }

    /**
     * The whole word, with volatile semantics.
     *
     * @param d the descriptor's address.
     * @return the word: generation and state.
     */
    static long read(final long d) {
        return Descriptors.getLongVolatile(d, MessageDescriptor.STATE);
    }

    /**
     * The state, with volatile semantics.
     *
     * @param d the descriptor's address.
     * @return {@link #FREE}, {@link #OWNED}, {@link #CLAIMED} or {@link #PUBLISHED}.
     */
    static int state(final long d) {
        return (int)(Descriptors.getLongVolatile(d, MessageDescriptor.STATE) & STATE_MASK);
    }

    /**
     * Whether a word read by {@link #read} says released.
     *
     * @param word the word.
     * @return true when its state is {@link #FREE}.
     */
    static boolean isFree(final long word) {
        return (word & STATE_MASK) == FREE;
    }

    /**
     * The generation, with volatile semantics.
     *
     * @param d the descriptor's address.
     * @return how many acquires (and claims, with checks on) the message has seen.
     */
    static long generation(final long d) {
        return read(d) >>> 2;
    }

    /**
     * A state's name, for a message's description.
     *
     * @param state a state.
     * @return "released", "acquired", "claimed" or "published".
     */
    static String name(final int state) {
        return STATE_NAMES[state];
    }

    /**
     * Marks a new message released, generation 0.
     *
     * @param d the descriptor's address.
     */
    static void init(final long d) {
        Descriptors.putLongOrdered(d, MessageDescriptor.STATE, FREE);
    }

    /**
     * A pool acquire: the next generation, acquired.
     *
     * @param d the descriptor's address.
     */
    static void acquired(final long d) {
        final long word = Descriptors.getLong(d, MessageDescriptor.STATE);
        Descriptors.putLongOrdered(d, MessageDescriptor.STATE, (word & ~STATE_MASK) + ONE_GENERATION | OWNED);
    }

    /**
     * A ring claim. With checks on: the next generation, claimed under {@code sequence} by the
     * calling thread. With checks off only the state is kept, and written only when it changes:
     * the slot stays marked claimed while it is in the ring, and the generation, sequence and
     * owner, which only the checks and their messages use, are not kept.
     *
     * @param d        the descriptor's address.
     * @param sequence the ring sequence.
     */
    static void claimed(final long d, final long sequence) {
        if (Checks.ENABLED) {
            final long word = Descriptors.getLong(d, MessageDescriptor.STATE);
            Descriptors.putLong(d, MessageDescriptor.TOKEN, sequence);
            Descriptors.putLong(d, MessageDescriptor.OWNER, Thread.currentThread().getId());
            Descriptors.putLong(d, MessageDescriptor.STATE, (word & ~STATE_MASK) + ONE_GENERATION | CLAIMED);
        } else if ((Descriptors.getLong(d, MessageDescriptor.STATE) & STATE_MASK) != CLAIMED) {
            Descriptors.putLong(d, MessageDescriptor.STATE, CLAIMED);
        }
    }

    /**
     * A ring publish: with checks on, published and owned by no thread; with checks off, nothing.
     *
     * @param d the descriptor's address.
     */
    static void published(final long d) {
        if (Checks.ENABLED) {
            final long word = Descriptors.getLong(d, MessageDescriptor.STATE);
            Descriptors.putLong(d, MessageDescriptor.OWNER, 0);
            Descriptors.putLong(d, MessageDescriptor.STATE, (word & ~STATE_MASK) | PUBLISHED);
        }
    }

    /**
     * A ring slot recycled or let go: released, owned by no thread, the generation kept.
     *
     * @param d the descriptor's address.
     */
    static void retired(final long d) {
        final long word = Descriptors.getLong(d, MessageDescriptor.STATE);
        Descriptors.putLong(d, MessageDescriptor.OWNER, 0);
        Descriptors.putLongOrdered(d, MessageDescriptor.STATE, word & ~STATE_MASK);
    }

    /**
     * The release: one compare-and-set from the word read to the same generation, released.
     *
     * @param d    the descriptor's address.
     * @param word the word {@link #read} returned.
     * @return true when this call released the message; false when the word changed since.
     */
    static boolean compareAndRelease(final long d, final long word) {
        return Descriptors.compareAndSetLong(d, MessageDescriptor.STATE, word, word & ~STATE_MASK);
    }
}
