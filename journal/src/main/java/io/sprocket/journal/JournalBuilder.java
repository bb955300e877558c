package io.sprocket.journal;

import java.nio.file.Path;
import java.util.function.Consumer;

import io.sprocket.message.InfraConfig;

/**
 * A journal's settings, from {@link Journal#builder(Path)}; every bad value is an
 * {@link IllegalArgumentException} naming the bound.
 *
 * <p><b>Note:</b> not thread-safe; use one builder on one thread.
 */
public final class JournalBuilder {
    /** The default {@link #recoveryListener}: a warning on the journal's logger. */
    private static final Consumer<RecoveryReport> LOG_RECOVERY = report -> System.getLogger("io.sprocket.journal")
        .log(System.Logger.Level.WARNING, "journal recovered: " + report);

    final Path dir;
    int segmentSizeBytes = JournalDescriptor.DEFAULT_SEGMENT_SIZE;
    int retainSegments = Journal.RETAIN_ALL;
    Durability durability = Durability.NONE;
    boolean preallocate = true;
    boolean prepareAhead = true;
    int maxMessageSizeBytes = InfraConfig.DEFAULT_MAX_MESSAGE_SIZE_BYTES;
    Consumer<RecoveryReport> recoveryListener = LOG_RECOVERY;

    JournalBuilder(final Path dir) {
        this.dir = dir;
    }

    JournalBuilder copy() {
        final JournalBuilder c = new JournalBuilder(dir);
        c.segmentSizeBytes = segmentSizeBytes;
        c.retainSegments = retainSegments;
        c.durability = durability;
        c.preallocate = preallocate;
        c.prepareAhead = prepareAhead;
        c.maxMessageSizeBytes = maxMessageSizeBytes;
        c.recoveryListener = recoveryListener;
        return c;
    }

    /**
     * Sets who hears what opening the journal found when it was more than a clean tail: a torn
     * record cut off, bytes cleared after the tail, a half-created or empty segment dropped.
     * Default: a {@code WARNING} on the {@code io.sprocket.journal} {@link System.Logger}. The same
     * report is {@link Journal#recovery()} either way.
     *
     * @param listener called once, on the thread that opens the journal.
     * @return this builder.
     * @throws IllegalArgumentException when null.
     */
    public JournalBuilder recoveryListener(final Consumer<RecoveryReport> listener) {
        if (listener == null) {
            throw new IllegalArgumentException("recoveryListener must not be null");
        }
        this.recoveryListener = listener;
        return this;
    }

    /**
     * Sets the size of each segment file. A journal is opened with the size it was written with.
     *
     * @param bytes a multiple of 4096 from 4 KiB to 1 GiB; default 64 MiB.
     * @return this builder.
     * @throws IllegalArgumentException when out of range.
     */
    public JournalBuilder segmentSizeBytes(final int bytes) {
        this.segmentSizeBytes = JournalDescriptor.checkSegmentSize(bytes);
        return this;
    }

    /**
     * Keeps only the newest {@code segments} segment files, deleting older ones as new ones are
     * created.
     *
     * @param segments 1 or more, or {@link Journal#RETAIN_ALL} (the default).
     * @return this builder.
     * @throws IllegalArgumentException when negative.
     */
    public JournalBuilder retainSegments(final int segments) {
        if (segments < 0) {
            throw new IllegalArgumentException("retainSegments must be 1 or more, or RETAIN_ALL (0), got " + segments);
        }
        this.retainSegments = segments;
        return this;
    }

    /**
     * Sets when written records are forced to the storage device.
     *
     * @param policy the policy; default {@link Durability#NONE}.
     * @return this builder.
     * @throws IllegalArgumentException when null.
     */
    public JournalBuilder durability(final Durability policy) {
        if (policy == null) {
            throw new IllegalArgumentException("durability must not be null");
        }
        this.durability = policy;
        return this;
    }

    /**
     * Whether a new segment is filled with zeros through the file system and touched page by page
     * before records go into it. On (the default), a full disk is an exception when a segment is
     * created, and writing a record takes no page fault; a roll-over costs the time to write the
     * segment once. Off, segments are sparse files: cheap to create, but each new page faults
     * when first written, and a full disk can fault the process while it writes a record.
     *
     * @param fill false for sparse segments.
     * @return this builder.
     */
    public JournalBuilder preallocate(final boolean fill) {
        this.preallocate = fill;
        return this;
    }

    /**
     * Whether the next segment file is made ahead of need on a thread of the journal's own
     * ({@code journal-preparer-DIR}, a daemon that sleeps 1 ms between looks), so a roll-over
     * writes only the new segment's header and renames it instead of making the whole file on the
     * journaller's thread (with {@link #preallocate}, about 20 ms for 64 MiB here: a stall of
     * every message behind it). Costs that thread and one segment of disk space ahead of the
     * records (a {@code .journal.tmp} file, deleted at {@link Journal#close()}, or by the next
     * open after a crash). Default on.
     *
     * @param ahead false to make each segment at its roll-over, on the journaller's thread.
     * @return this builder.
     */
    public JournalBuilder prepareAhead(final boolean ahead) {
        this.prepareAhead = ahead;
        return this;
    }

    /**
     * The largest message the ring will hand the journal ({@link InfraConfig#maxMessageSizeBytes()}):
     * {@link #open()} checks that a segment holds one.
     *
     * @param bytes 0 or more; default {@link InfraConfig#DEFAULT_MAX_MESSAGE_SIZE_BYTES}.
     * @return this builder.
     * @throws IllegalArgumentException when negative.
     */
    public JournalBuilder maxMessageSizeBytes(final int bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("maxMessageSizeBytes must be 0 or more, got " + bytes);
        }
        this.maxMessageSizeBytes = bytes;
        return this;
    }

    /**
     * Opens the journal: creates the directory if needed, recovers what is there, and gets ready
     * to append.
     *
     * @return the journal.
     * @throws IllegalArgumentException when a segment cannot hold the largest message, or the
     *                                  journal was written with another segment size.
     * @throws IllegalStateException    when another {@code Journal} has the directory open (in this
     *                                  process or another), or the journal is damaged beyond a torn
     *                                  tail (a missing segment, a damaged header in a segment holding
     *                                  records).
     * @throws java.io.UncheckedIOException when the file system refuses.
     */
    public Journal open() {
        final int maxPayload = JournalDescriptor.maxPayloadLength(segmentSizeBytes);
        if (maxMessageSizeBytes > maxPayload) {
            throw new IllegalArgumentException("a " + segmentSizeBytes + "-byte segment holds messages of at most "
                + maxPayload + " bytes, but maxMessageSizeBytes is " + maxMessageSizeBytes
                + ": use larger segments, or a smaller maximum");
        }
        return new Journal(this);
    }
}
