package io.sprocket.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sprocket.message.Waits;
import io.sprocket.ring.MessageRing;
import io.sprocket.ring.RingStats;

/** Every entry point refuses bad input naming the bound, and leaves the journal as it was. */
class BadInputTest {
    @TempDir
    Path dir;

    @Test
    void shouldRefuseBadBuilderValuesNamingTheBound() {
        final JournalBuilder b = Journal.builder(dir);
        assertThatThrownBy(() -> Journal.builder(null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.segmentSizeBytes(4095)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("multiple of 4096 from 4096 to 1073741824");
        assertThatThrownBy(() -> b.segmentSizeBytes(6000)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.segmentSizeBytes((1 << 30) + 4096)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.retainSegments(-1)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("RETAIN_ALL");
        assertThatThrownBy(() -> b.durability(null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.maxMessageSizeBytes(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Durability.everyN(0)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("1 record or more");
        assertThatThrownBy(() -> Durability.interval(999_999)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("from 1 ms to 1 hour");
        // A segment too small for the largest message is refused before anything is created.
        assertThatThrownBy(() -> Journal.builder(dir.resolve("small")).segmentSizeBytes(4096).open())
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("holds messages of at most 3984 bytes")
            .hasMessageContaining("maxMessageSizeBytes is 16777216");
        assertThat(Files.exists(dir.resolve("small"))).isFalse();
    }

    @Test
    void shouldHandOutOneJournallerAndRefuseToCloseUnderARunningRing() {
        final Journal journal = Journals.small(dir, 64 * 1024).open();
        final MessageRing ring = journal.addTo(MessageRing.builder().name("bad-input")
            .config(Journals.ringConfig(64, 64)).ringSize(64)
            .jmx(false), Journal.Placement.BEFORE_ENGINE).handler((m, s, e) -> { }).build().start();
        try {
            assertThatThrownBy(journal::journaller).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("one journaller per journal");
            assertThatThrownBy(() -> journal.addTo(null, Journal.Placement.BEFORE_ENGINE))
                .isInstanceOf(IllegalArgumentException.class);
            Journals.publish(ring, 0, 10);
            Waits.await("journalled", 10_000, () -> journal.writtenSequence() == 0);
            assertThatThrownBy(journal::close).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("close the ring first");
            Journals.publish(ring, 1, 10);
            Waits.await("still journalling", 10_000, () -> journal.writtenSequence() == 1);
        } finally {
            ring.close(Journals.TIMEOUT_NS);
        }
        journal.close();
        journal.close();
        assertThat(JournalVerifier.verify(dir).records()).isEqualTo(2);
    }

    @Test
    void shouldRefuseAMessageTooLargeForASegmentAndCountItInTheRing() {
        final AtomicLong errors = new AtomicLong();
        try (Journal journal = Journal.builder(dir).segmentSizeBytes(4096).maxMessageSizeBytes(1000).preallocate(false).open()) {
            final MessageRing ring = journal.addTo(MessageRing.builder().name("too-large")
                .config(Journals.ringConfig(64, 8192))
                .ringSize(64).errorListener((name, t, seq, m, count) -> errors.incrementAndGet())
                .jmx(false), Journal.Placement.BESIDE_ENGINE).handler((m, s, e) -> { }).build().start();
            Journals.publish(ring, 0, 5000);
            Journals.publish(ring, 1, 10);
            Waits.await("the small one journalled", 10_000, () -> journal.writtenSequence() == 0);
            assertThat(ring.close(Journals.TIMEOUT_NS)).isZero();
            assertThat(ring.stats(new RingStats()).handlerExceptions()).isEqualTo(1);
            assertThat(errors.get()).isEqualTo(1);
            final UnsafeBuffer big = new UnsafeBuffer(new byte[5000]);
            assertThatThrownBy(() -> journal.writer().append(big, 0, 5000, 0, 0, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most 3984 payload bytes");
        }
        assertThat(JournalVerifier.verify(dir).records()).isEqualTo(1);
    }

    @Test
    void shouldRefuseASecondJournalOnTheSameDirectoryUntilTheFirstCloses() {
        final Journal first = Journals.small(dir, 4096).open();
        try {
            Journals.append(first, 0, 5, 50);
            assertThatThrownBy(() -> Journals.small(dir, 4096).open()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("one writer per journal");
            Journals.append(first, 5, 10, 50);
        } finally {
            first.close();
        }
        try (Journal second = Journals.small(dir, 4096).open()) {
            assertThat(second.recovery().nextSequence()).isEqualTo(10);
        }
        assertThat(JournalVerifier.verify(dir).records()).isEqualTo(10);
    }

    @Test
    void shouldRefuseBadReaderArguments() {
        assertThatThrownBy(() -> JournalReader.open(dir)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("no journal segments");
        try (Journal journal = Journals.small(dir, 4096).open()) {
            Journals.append(journal, 0, 10, 50);
        }
        try (JournalReader reader = JournalReader.open(dir)) {
            assertThatThrownBy(() -> reader.poll(r -> true, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("limit must be 1 or more");
            assertThatThrownBy(() -> reader.seek(-1)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> reader.seekToSequence(-1)).isInstanceOf(IllegalArgumentException.class);
            assertThat(SegmentRollTest.readAll(reader.seekToStart())).hasSize(10);
        }
        assertThatThrownBy(() -> new RingReplayer(null)).isInstanceOf(IllegalArgumentException.class);
    }
}
