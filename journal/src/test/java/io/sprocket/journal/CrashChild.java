package io.sprocket.journal;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import io.sprocket.message.Message;
import io.sprocket.ring.MessageRing;

/**
 * The child JVM of {@link JournalCrashTest}: opens (and so recovers) the journal, then journals
 * {@link Payloads} messages as fast as it can, "journal, then business logic", until it is killed.
 * A reporter thread prints {@code written N} each time {@link Journal#writtenSequence()} has moved
 * (at most every millisecond): what the child reported written, which the parent holds it to. It
 * exits by itself after 60 s, so a parent that died cannot leave it running.
 */
public final class CrashChild {
    static final int MAX_LENGTH = 300;

    private CrashChild() {
    }

    public static void main(final String[] args) {
        final Path dir = Path.of(args[0]);
        final int segmentSize = Integer.parseInt(args[1]);
        final int retain = Integer.parseInt(args[2]);
        final PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), false,
            StandardCharsets.US_ASCII);
        final Journal journal = Journal.builder(dir).segmentSizeBytes(segmentSize).retainSegments(retain)
            .maxMessageSizeBytes(MAX_LENGTH).open();
        final long base = journal.recovery().nextSequence();
        out.println("ready " + base);
        out.flush();
        final MessageRing ring = journal.addTo(MessageRing.builder().name("crash-child")
                .config(Journals.ringConfig(MAX_LENGTH, MAX_LENGTH)).ringSize(1024).singleProducer(true).jmx(false),
            Journal.Placement.BEFORE_ENGINE)
            .handler((m, seq, eob) -> { })
            .build().start();
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        final Thread reporter = new Thread(() -> {
            long reported = base - 1;
            while (System.nanoTime() - deadline < 0) {
                final long written = journal.writtenSequence();
                if (written != reported) {
                    out.println("written " + written);
                    out.flush();
                    reported = written;
                }
                LockSupport.parkNanos(1_000_000);
            }
        }, "reporter");
        reporter.setDaemon(true);
        reporter.start();
        for (long q = base; System.nanoTime() - deadline < 0; q++) {
            final int length = Payloads.length(q, MAX_LENGTH, MAX_LENGTH, 0);
            final long seq = ring.claim(length, TimeUnit.SECONDS.toNanos(10));
            if (seq < 0) {
                System.err.println("claim refused: " + seq);
                System.exit(3);
            }
            final Message m = ring.message(seq);
            Payloads.fill(m.buffer(), 0, q, length);
            m.peerId(Payloads.peer(q));
            ring.publish(seq);
        }
        ring.close(TimeUnit.SECONDS.toNanos(10));
        journal.close();
        System.exit(2);
    }
}
