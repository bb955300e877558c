package io.sprocket.journal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.sprocket.message.Waits;
import io.sprocket.ring.MessageRing;
import io.sprocket.ring.RingStats;

/**
 * A million messages of random sizes (one in 50 longer than a slot) through a ring whose engine runs
 * after the journal; the journal gives back the same bytes, peer ids and order, read directly and
 * replayed into another ring.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class JournalRoundTripTest {
    private static final int MESSAGES = 1_000_000;
    private static final int SLOT = 256;
    private static final int LARGE = 4 * SLOT;
    private static final int RARE = 50;

    @TempDir
    Path dir;

    @Test
    void shouldGiveBackTheSameBytesPeersAndOrderForAMillionMessagesOfRandomSizes() {
        final AtomicLong engineSeen = new AtomicLong();
        final AtomicReference<String> engineProblem = new AtomicReference<>();
        long oversized;
        try (Journal journal = Journal.builder(dir).segmentSizeBytes(16 << 20).maxMessageSizeBytes(LARGE).open()) {
            final MessageRing ring = journal.addTo(MessageRing.builder().name("round-trip")
                    .config(Journals.ringConfig(SLOT, LARGE))
                    .ringSize(4096).singleProducer(true), Journal.Placement.BEFORE_ENGINE)
                .handler((m, seq, eob) -> {
                    // The journal has written this message before the engine sees it.
                    if (journal.writtenSequence() < seq && engineProblem.get() == null) {
                        engineProblem.set("engine saw " + seq + " before the journal wrote it");
                    }
                    engineSeen.incrementAndGet();
                })
                .jmx(false).build().start();
            for (long q = 0; q < MESSAGES; q++) {
                Journals.publish(ring, q, Payloads.length(q, SLOT, LARGE, RARE));
            }
            oversized = ring.stats(new RingStats()).oversized();
            assertThat(ring.close(Journals.TIMEOUT_NS)).isZero();
            assertThat(journal.writtenSequence()).isEqualTo(MESSAGES - 1);
        }
        assertThat(engineProblem.get()).isNull();
        assertThat(engineSeen.get()).isEqualTo(MESSAGES);
        assertThat(oversized).as("messages longer than a slot").isGreaterThan(MESSAGES / RARE / 2);

        final long[] next = {0};
        final String[] problem = {null};
        try (JournalReader reader = JournalReader.open(dir)) {
            while (reader.poll(record -> {
                if (problem[0] == null) {
                    problem[0] = record.sequence() != next[0] ? "sequence " + record.sequence() + ", expected " + next[0]
                        : Journals.problem(record, SLOT, LARGE, RARE);
                }
                next[0]++;
                return true;
            }, 1000) > 0) {
                // reading
            }
            assertThat(reader.fault()).isNull();
        }
        assertThat(problem[0]).isNull();
        assertThat(next[0]).isEqualTo(MESSAGES);
        assertThat(JournalVerifier.verify(dir).records()).isEqualTo(MESSAGES);
    }

    @Test
    void shouldReplayIntoAnotherRingInOrderWithTheSamePeersAndBytes() {
        final int messages = 100_000;
        try (Journal journal = Journals.small(dir, 1 << 20).open()) {
            Journals.append(journal, 0, messages, SLOT);
        }
        final AtomicLong next = new AtomicLong();
        final AtomicReference<String> problem = new AtomicReference<>();
        final MessageRing target = MessageRing.builder().name("replay-target")
            .config(Journals.ringConfig(SLOT, SLOT)).ringSize(1024)
            .singleProducer(true).jmx(false)
            .handler((m, seq, eob) -> {
                final long q = next.getAndIncrement();
                final int length = Payloads.length(q, SLOT, SLOT, 0);
                if (problem.get() == null && (m.length() != length || m.peerId() != Payloads.peer(q)
                    || Payloads.mismatch(m.buffer(), 0, q, length) >= 0)) {
                    problem.set("message " + q + " differs: " + m);
                }
            }).build().start();
        try (JournalReader reader = JournalReader.open(dir)) {
            final RingReplayer replayer = new RingReplayer(target);
            assertThat(replayer.replay(reader, Journals.TIMEOUT_NS)).isEqualTo(messages);
            assertThat(replayer.replayed()).isEqualTo(messages);
            assertThat(reader.fault()).isNull();
            Waits.await("replayed messages handled", 30_000, () -> next.get() == messages);
        } finally {
            target.close(Journals.TIMEOUT_NS);
        }
        assertThat(problem.get()).isNull();
    }
}
