package io.sprocket.journal;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;

import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.OffsetEpochNanoClock;
import org.agrona.concurrent.SleepingMillisIdleStrategy;

import io.sprocket.message.InfraConfig;
import io.sprocket.ring.MessageHandler;
import io.sprocket.ring.MessageRing;
import io.sprocket.ring.MessageRingBuilder;

/**
 * A journal: every data message of a ring, appended to memory-mapped segment files in a directory
 * before (or while) the engine handles it, so that a restart or another machine can replay it.
 *
 * <pre>{@code
 * Journal journal = Journal.builder(Path.of("/var/lib/orders/journal"))
 *     .durability(Durability.BATCH)                  // or NONE, everyN(n), interval(ns)
 *     .open();                                       // recovers whatever the last run left
 * MessageRing ring = journal.addTo(MessageRing.builder().name("orders"), Journal.Placement.BEFORE_ENGINE)
 *     .handler(businessLogic)
 *     .build()
 *     .start();
 * ...
 * ring.close(timeoutNs);                             // first the ring: its journal thread stops
 * journal.close();
 *
 * try (JournalReader reader = JournalReader.open(dir)) {   // later, or elsewhere: replay
 *     while (reader.poll(handler, 256) > 0) { }
 * }
 * }</pre>
 *
 * <p>{@link JournalBuilder#open()} recovers: it scans the last segment, stops at the first record whose length or
 * CRC does not hold, clears what follows and appends after the last whole record ({@link #recovery()}
 * says what it found). {@link Placement} decides whether the engine waits for the journal's thread;
 * {@link #journalThen(MessageHandler)} journals on the engine's own thread instead.
 *
 * <p>A failure to write (a full disk when a segment is created, say) is thrown from the journaller:
 * the ring counts it and hands it to its {@code HandlerErrorListener}. The ring then passes the
 * message on, so with {@link Placement#BEFORE_ENGINE} the engine still sees it, unjournalled; a
 * service that must never act on an unjournalled message closes the ring from its error listener.
 *
 * <p><b>Note:</b> open, close, {@link #addTo} and {@link #newReader} run on any one thread and
 * allocate. The journaller runs on the ring's reader thread and allocates nothing per message.
 * {@link #writtenSequence()}, {@link #durableSequence()} and {@link #stats} may be read from any
 * thread without allocating.
 */
public final class Journal implements AutoCloseable {
    /** The ring reader's name that {@link #addTo} uses. */
    public static final String READER_NAME = "journal";
    /** {@link JournalBuilder#retainSegments(int)}: keep every segment. */
    public static final int RETAIN_ALL = 0;

    /**
     * Where the journal sits among the ring's consumers: the Disruptor's dependency graph decides the
     * guarantee.
     *
     * <p><b>Note:</b> constants: any thread, no allocation.
     */
    public enum Placement {
        /**
         * "Journal, then business logic" (LMAX): the engine handles a message only after the journal
         * has written it (and forced it, under {@link Durability#BATCH}). After a crash, every message
         * the engine acted on is in the journal. Costs one more hand-off between threads on each
         * message's way to the engine.
         */
        BEFORE_ENGINE,
        /**
         * Beside the engine, on its own thread: the engine does not wait, and a crash can lose
         * messages the engine already handled but the journal had not yet written. Costs the engine
         * nothing but a core; the ring's slots come back when both have passed them.
         */
        BESIDE_ENGINE
    }

    private final JournalBuilder config;
    private final DirectoryLock lock;
    private final RecoveryReport recovery;
    private final JournalWriter writer;
    private final Journaller journaller;
    private final AgentRunner flusher;
    private final SegmentPreparer preparer;
    private final AgentRunner preparerRunner;
    private final long openedLastSequence;
    private final AtomicBoolean handedOut = new AtomicBoolean();
    private boolean closed;

    Journal(final JournalBuilder b) {
        this.config = b.copy();
        final EpochNanoClock clock = new OffsetEpochNanoClock();
        this.lock = DirectoryLock.acquire(config.dir);
        this.preparer = config.prepareAhead
            ? new SegmentPreparer(config.dir, config.segmentSizeBytes, config.preallocate) : null;
        try {
            final Recovery recovered = Recovery.run(config, clock.nanoTime());
            this.recovery = recovered.report;
            this.writer = new JournalWriter(recovered, config, clock, preparer);
        } catch (final RuntimeException | Error e) {
            lock.release();
            throw e;
        }
        if (preparer != null) {
            // It sleeps 1 ms between looks: a roll-over comes a segment's worth of records after the ask.
            this.preparerRunner = new AgentRunner(new SleepingMillisIdleStrategy(1),
                t -> System.getLogger("io.sprocket.journal").log(System.Logger.Level.ERROR,
                    "journal segment preparer failed in " + config.dir, t),
                null, preparer);
            AgentRunner.startOnThread(preparerRunner, task -> {
                final Thread t = new Thread(task, preparer.roleName());
                t.setDaemon(true);
                return t;
            });
        } else {
            this.preparerRunner = null;
        }
        this.openedLastSequence = recovery.lastSequence();
        this.journaller = new Journaller(writer, clock, config.durability);
        if (config.durability.kind() == Durability.Kind.INTERVAL) {
            final long intervalMs = Math.max(1, config.durability.intervalNs() / 1_000_000 / 4);
            this.flusher = new AgentRunner(new SleepingMillisIdleStrategy(Math.min(intervalMs, 10)),
                t -> System.getLogger("io.sprocket.journal").log(System.Logger.Level.ERROR,
                    "journal flusher failed in " + config.dir, t),
                null, new Flusher(writer, config.durability.intervalNs(), "journal-flusher"));
            AgentRunner.startOnThread(flusher, task -> {
                final Thread t = new Thread(task, "journal-flusher-" + config.dir.getFileName());
                t.setDaemon(true);
                return t;
            });
        } else {
            this.flusher = null;
        }
    }

    /**
     * A builder for a journal in {@code dir}.
     *
     * @param dir the directory; created if missing.
     * @return a builder with the defaults: 64 MiB segments, every segment kept, {@link Durability#NONE},
     *         preallocated segments, messages up to {@link InfraConfig#DEFAULT_MAX_MESSAGE_SIZE_BYTES}.
     * @throws IllegalArgumentException when {@code dir} is null.
     */
    public static JournalBuilder builder(final Path dir) {
        if (dir == null) {
            throw new IllegalArgumentException("journal directory must not be null");
        }
        return new JournalBuilder(dir);
    }

    /**
     * The ring consumer that journals. Add it with {@link #addTo}, or as a reader of your own naming
     * (then {@code engineAfter(name)} makes it {@link Placement#BEFORE_ENGINE}).
     *
     * @return the handler; one per journal.
     * @throws IllegalStateException when it was already handed out (one ring per journal).
     */
    public MessageHandler journaller() {
        if (!handedOut.compareAndSet(false, true)) {
            throw new IllegalStateException("journal " + config.dir + " already journals a ring: one journaller"
                + " per journal");
        }
        return journaller;
    }

    /**
     * Adds the journaller to a ring's builder as the reader {@value #READER_NAME}, and with
     * {@link Placement#BEFORE_ENGINE}, makes the engine wait for it.
     *
     * @param ring      the ring's builder.
     * @param placement before the engine, or beside it.
     * @return {@code ring}, to go on building.
     * @throws IllegalArgumentException when an argument is null.
     * @throws IllegalStateException    when the journaller was already handed out.
     */
    public MessageRingBuilder addTo(final MessageRingBuilder ring, final Placement placement) {
        if (ring == null || placement == null) {
            throw new IllegalArgumentException("addTo needs a ring builder and a placement");
        }
        ring.addReader(READER_NAME, journaller());
        if (placement == Placement.BEFORE_ENGINE) {
            ring.engineAfter(READER_NAME);
        }
        return ring;
    }

    /**
     * "Journal, then business logic" on the engine's own thread: an engine handler that appends each
     * message and then calls {@code businessLogic}. The guarantee of {@link Placement#BEFORE_ENGINE}
     * (the business logic sees only what is written) without its hand-off between threads: the ring
     * keeps its two threads, and the engine pays the write (the right trade on a machine with few
     * cores). A message the journal could not write never reaches the business logic. Under
     * {@link Durability#BATCH} the force comes at the end of each batch (at the latest every 32
     * slots), so the business logic may see a message written but not yet forced; {@code Durability.everyN(1)}
     * forces each one first.
     *
     * <pre>{@code
     * MessageRing ring = MessageRing.builder().name("orders").handler(journal.journalThen(businessLogic))
     *     .build().start();
     * }</pre>
     *
     * @param businessLogic the application's engine handler.
     * @return the handler to give the ring's builder.
     * @throws IllegalArgumentException when null.
     * @throws IllegalStateException    when the journaller was already handed out (one ring per journal).
     */
    public MessageHandler journalThen(final MessageHandler businessLogic) {
        if (businessLogic == null) {
            throw new IllegalArgumentException("journalThen needs the business logic's handler");
        }
        journaller();
        return new JournalThen(journaller, businessLogic);
    }

    /**
     * A reader of this journal, at its first record.
     *
     * @return a new reader; the caller closes it.
     */
    public JournalReader newReader() {
        return JournalReader.open(config.dir);
    }

    /**
     * The last record reported written: whole in the page cache, so a process crash cannot lose it.
     * Read with acquire semantics after the journaller's release store.
     *
     * @return its sequence, or -1 when the journal holds none.
     */
    public long writtenSequence() {
        return writer.writtenSequence();
    }

    /**
     * The last record forced to the storage device, so a power loss cannot lose it.
     *
     * @return its sequence, or -1 when none was forced (always, under {@link Durability#NONE}).
     */
    public long durableSequence() {
        return writer.durableSequence();
    }

    /**
     * Where the next record goes.
     *
     * @return a journal position ({@link JournalDescriptor}).
     */
    public long writtenPosition() {
        return writer.writtenPosition();
    }

    /**
     * What opening found and did.
     *
     * @return the recovery report.
     */
    public RecoveryReport recovery() {
        return recovery;
    }

    /**
     * Fills a snapshot of the journal's figures.
     *
     * @param into the caller's snapshot object.
     * @return {@code into}.
     */
    public JournalStats stats(final JournalStats into) {
        into.durableSequence = writer.durableSequence();
        into.bytesWritten = writer.bytesWritten();
        into.writtenPosition = writer.writtenPosition();
        into.writtenSequence = writer.writtenSequence();
        into.recordsWritten = into.writtenSequence - openedLastSequence;
        into.segmentsCreated = writer.segmentsCreated();
        into.segmentsPreparedAhead = writer.segmentsPreparedAhead();
        into.segmentsDeleted = writer.segmentsDeleted();
        into.forces = writer.forces();
        return into;
    }

    /**
     * The journal's directory.
     *
     * @return the path it was opened with.
     */
    public Path directory() {
        return config.dir;
    }

    /**
     * The segment size.
     *
     * @return bytes.
     */
    public int segmentSizeBytes() {
        return config.segmentSizeBytes;
    }

    /**
     * The durability policy.
     *
     * @return the policy it was opened with.
     */
    public Durability durability() {
        return config.durability;
    }

    /** For tests: the writer, to append without a ring. */
    JournalWriter writer() {
        return writer;
    }

    /**
     * Stops the flusher and the segment preparer (deleting a segment file it made that was not used),
     * forces what is written (with a forcing policy) and unmaps the segment. Close the ring first: its
     * journal thread must have stopped.
     *
     * @throws IllegalStateException when the ring's journal thread is still running.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        final Thread journalling = journaller.thread;
        if (journalling != null && journalling.isAlive() && journalling != Thread.currentThread()) {
            throw new IllegalStateException("journal " + config.dir + " is still journalling on thread '"
                + journalling.getName() + "': close the ring first, then the journal");
        }
        closed = true;
        if (flusher != null) {
            flusher.close();
        }
        if (preparerRunner != null) {
            preparerRunner.close();
            preparer.discardUnused();
        }
        writer.close();
        lock.release();
    }

    @Override
    public String toString() {
        return "Journal[" + config.dir + ", " + config.segmentSizeBytes + " B segments, " + config.durability
            + ", written " + writtenSequence() + "]";
    }
}
