package io.sprocket.journal;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import org.agrona.concurrent.Agent;

/**
 * Prepares the journal's next segment file ahead of need, on a thread of its own, so a roll-over
 * costs the journaller a header and a rename instead of writing a whole segment of zeros (about
 * 20 ms for 64 MiB here, 30 ns a record spread over a segment of 64-byte messages).
 *
 * <p>The writer {@link #ask asks} for segment {@code n + 1} as it starts segment {@code n}; the
 * agent {@link SegmentFile#prepare prepares} it as {@code NNN.journal.tmp}; the writer's next
 * roll-over {@link #take takes} it. A roll-over that comes before the agent has started on it makes
 * the segment itself (the agent then skips it); one that comes while the agent is at work waits for
 * it. At most one prepared segment exists: one segment of disk space ahead of the records.
 *
 * <pre>
 *   IDLE --ask--&gt; ASKED --agent--&gt; PREPARING --&gt; READY or FAILED --take--&gt; IDLE
 *                   \--take (not started: the writer makes it)--&gt; IDLE
 * </pre>
 *
 * <p><b>Note:</b> {@link #ask} and {@link #take} on the journaller's thread, {@link #doWork} on
 * the agent's; {@link #discardUnused} once both have stopped. The state is one atomic integer; the
 * prepared segment is handed over by its release store. Preparing allocates and does I/O (off the
 * journaller's thread); asking and taking allocate nothing.
 */
final class SegmentPreparer implements Agent {
    private static final int IDLE = 0;
    private static final int ASKED = 1;
    private static final int PREPARING = 2;
    private static final int READY = 3;
    private static final int FAILED = 4;
    /** How long a roll-over that waits for the agent parks between looks. */
    private static final long WAIT_PARK_NS = 50_000;

    private final String roleName;
    private final Path dir;
    private final int segmentSize;
    private final boolean preallocate;
    private final AtomicInteger state = new AtomicInteger(IDLE);
    /** Written by the journaller before the state becomes ASKED. */
    private long askedIndex;
    /** Written by the agent before the state becomes READY. */
    private SegmentFile prepared;

    SegmentPreparer(final Path dir, final int segmentSize, final boolean preallocate) {
        this.dir = dir;
        this.segmentSize = segmentSize;
        this.preallocate = preallocate;
        this.roleName = "journal-preparer-" + dir.getFileName();
    }

    /** Asks for segment {@code index}; journaller thread, after a {@link #take} (or first). */
    void ask(final long index) {
        if (state.get() != IDLE) {
            return;
        }
        askedIndex = index;
        state.set(ASKED);
    }

    /**
     * The segment {@code index}, prepared: ready, or waited for while the agent prepares it.
     *
     * @return the prepared segment (under its temporary name), or null when the agent had not
     *         started on it, failed, or prepared another index: the caller creates the segment.
     */
    SegmentFile take(final long index) {
        if (state.compareAndSet(ASKED, IDLE)) {
            return null;
        }
        int s;
        while ((s = state.get()) == PREPARING) {
            LockSupport.parkNanos(WAIT_PARK_NS);
        }
        if (s != READY) {
            // FAILED: the caller's own attempt reports the file system's refusal; IDLE: never asked.
            state.set(IDLE);
            return null;
        }
        final SegmentFile f = prepared;
        prepared = null;
        state.set(IDLE);
        if (f.index() != index) {
            f.discard();
            return null;
        }
        return f;
    }

    @Override
    public int doWork() {
        if (state.get() != ASKED || !state.compareAndSet(ASKED, PREPARING)) {
            return 0;
        }
        try {
            prepared = SegmentFile.prepare(dir, askedIndex, segmentSize, preallocate);
            state.set(READY);
        } catch (final Throwable t) {
            // The roll-over then tries itself and throws what the file system says, on the journaller.
            state.set(FAILED);
        }
        return 1;
    }

    /** Deletes a segment prepared and never taken; once the agent and the journaller have stopped. */
    void discardUnused() {
        if (state.get() == READY) {
            final SegmentFile f = prepared;
            prepared = null;
            state.set(IDLE);
            f.discard();
        }
    }

    @Override
    public String roleName() {
        return roleName;
    }
}
