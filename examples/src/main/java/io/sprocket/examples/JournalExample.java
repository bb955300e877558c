package io.sprocket.examples;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import io.sprocket.journal.Durability;
import io.sprocket.journal.Journal;
import io.sprocket.journal.JournalReader;
import io.sprocket.ring.MessageRing;

/**
 * Journal, then business logic: every order is on disk before the engine handles it, and the
 * journal gives the orders back, in order, after the ring is gone. The build runs it, and the
 * README quotes its {@code run} method.
 *
 * <p><b>Note:</b> an example program: single-threaded apart from the ring's own consumers; it
 * allocates freely outside the ring.
 */
public final class JournalExample {
    private JournalExample() {
    }

    /**
     * Journals a few orders in a fresh directory, then reads them back.
     *
     * @param args ignored.
     * @throws Exception when the directory cannot be made.
     */
    public static void main(final String[] args) throws Exception {
        System.out.println(run(Files.createTempDirectory("orders-journal"), 1_000));
    }

    /**
     * Publishes {@code orders} orders through a journalled ring, closes it, and replays the journal.
     *
     * @param dir    an empty directory for the journal's segments.
     * @param orders how many orders to publish.
     * @return what the engine saw and what the journal gave back, on one line.
     */
    // tag::journal[]
    public static String run(final Path dir, final int orders) {
        long[] handled = new long[1];                            // the engine thread's count
        Journal journal = Journal.builder(dir).durability(Durability.BATCH).open();
        MessageRing ring = journal.addTo(MessageRing.builder().name("journalled"), Journal.Placement.BEFORE_ENGINE)
            .handler((message, sequence, endOfBatch) -> handled[0]++)   // runs once the order is on disk
            .build()
            .start();
        for (long orderId = 1; orderId <= orders; orderId++) {
            long seq = ring.claim(8, TimeUnit.SECONDS.toNanos(1));
            if (seq < 0) {
                throw new IllegalStateException("ring refused the claim: " + seq);
            }
            ring.message(seq).buffer().putLong(0, orderId);
            ring.publish(seq);
        }
        ring.close(TimeUnit.SECONDS.toNanos(10));                 // the ring first, then its journal
        journal.close();

        long[] replayed = new long[2];                           // records, and the sum of their order ids
        try (JournalReader reader = JournalReader.open(dir).seekToSequence(0)) {
            while (reader.poll(record -> {
                replayed[0]++;
                replayed[1] += record.buffer().getLong(0);
                return true;
            }, 256) > 0) {
                // poll hands up to 256 records per call; 0 once it has read everything
            }
        }
        return "engine handled " + handled[0] + " orders; the journal replayed " + replayed[0]
            + " records, order ids summing to " + replayed[1];
    }
    // end::journal[]
}
