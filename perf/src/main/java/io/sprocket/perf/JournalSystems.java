package io.sprocket.perf;

import io.sprocket.journal.Journal;
import io.sprocket.ring.MessageHandler;
import io.sprocket.ring.MessageRingBuilder;
import io.sprocket.ring.ThreadingMode;

/**
 * The journalled systems of {@code journal bench}, the first four of both its suites, and how each
 * puts the journal on the ring: before the engine on a thread of its own ({@link #JOURNAL}), before
 * the engine on the engine's thread ({@link #SHARED}), beside the engine ({@link #BESIDE}), or inside
 * the engine's handler ({@link #INLINE}).
 *
 * <p><b>Note:</b> constants and a builder step, used while a run is set up; any thread.
 */
final class JournalSystems {
    /** The journal before the engine, each on its own thread. */
    static final int JOURNAL = 0;
    /** The journal before the engine, both on one thread ({@link ThreadingMode#SHARED}). */
    static final int SHARED = 1;
    /** The journal beside the engine: the engine does not wait for it. */
    static final int BESIDE = 2;
    /** The engine's handler journals each message, then handles it. */
    static final int INLINE = 3;

    private JournalSystems() {
    }

    /**
     * Gives {@code ring} its engine handler, with the journal placed as {@code system} says.
     *
     * @param ring    the ring's builder.
     * @param journal the journal, or null for the ring without one.
     * @param system  {@link #JOURNAL}, {@link #SHARED}, {@link #BESIDE} or {@link #INLINE}; ignored without a journal.
     * @param handler the engine's handler.
     * @return the builder to build the ring with.
     */
    static MessageRingBuilder handle(final MessageRingBuilder ring, final Journal journal, final int system,
        final MessageHandler handler) {
        if (journal == null) {
            return ring.handler(handler);
        }
        if (system == INLINE) {
            return ring.handler(journal.journalThen(handler));
        }
        final MessageRingBuilder b = journal.addTo(ring,
            system == BESIDE ? Journal.Placement.BESIDE_ENGINE : Journal.Placement.BEFORE_ENGINE).handler(handler);
        return system == SHARED ? b.threading(ThreadingMode.SHARED) : b;
    }
}
