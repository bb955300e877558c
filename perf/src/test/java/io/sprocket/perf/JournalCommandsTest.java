package io.sprocket.perf;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.sprocket.journal.Journal;
import io.sprocket.journal.JournalDescriptor;
import io.sprocket.journal.JournalReader;
import io.sprocket.message.InfraConfig;
import io.sprocket.message.Message;
import io.sprocket.ring.MessageRing;

/** {@code journal dump}, {@code verify} and {@code bench}: their output, its structure, and their exit status. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class JournalCommandsTest {
    private static final int RECORDS = 24;

    @TempDir
    Path dir;

    private Path journalDir;
    private final List<byte[]> payloads = new ArrayList<>();

    @BeforeEach
    void writeAJournal() {
        journalDir = dir.resolve("journal");
        payloads.add("hello".getBytes(StandardCharsets.US_ASCII));
        payloads.add("a\"b\\c\n".getBytes(StandardCharsets.US_ASCII));
        payloads.add(new byte[] {0, 1, (byte)0xff});
        payloads.add(new byte[0]);
        while (payloads.size() < RECORDS) {
            payloads.add(("msg-" + payloads.size()).getBytes(StandardCharsets.US_ASCII));
        }
        try (Journal journal = Journal.builder(journalDir).segmentSizeBytes(64 * 1024).maxMessageSizeBytes(64).open()) {
            final MessageRing ring = journal.addTo(MessageRing.builder().name("dump-me").ringSize(64).jmx(false).singleProducer(true)
                    .config(InfraConfig.builder().bufferSizeBytes(64).maxPooledSizeBytes(64)
                        .maxMessageSizeBytes(64).build()), Journal.Placement.BEFORE_ENGINE)
                .handler((m, s, e) -> { }).build().start();
            for (int i = 0; i < RECORDS; i++) {
                final byte[] p = payloads.get(i);
                final long seq = ring.claim(p.length, TimeUnit.SECONDS.toNanos(10));
                final Message m = ring.message(seq);
                m.buffer().putBytes(0, p);
                m.peerId(100 + i);
                ring.publish(seq);
            }
            assertThat(ring.close(TimeUnit.SECONDS.toNanos(10))).isZero();
        }
    }

    @Test
    void shouldDumpEveryRecordOnALineWithItsSequencePeerLengthAndTime() {
        final Run run = Run.of("journal", "dump", journalDir.toString());
        assertThat(run.exitCode).as(run.toString()).isZero();
        final String[] lines = run.out.split("\n");
        assertThat(lines).hasSize(RECORDS);
        assertThat(lines[0]).matches("0 peer 100, 5 B, \\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z: \"hello\"");
        assertThat(lines[1]).endsWith(": \"a\\\"b\\\\c\\n\"");
        assertThat(lines[2]).startsWith("2 peer 102, 3 B, ").endsWith(": \"\\x00\\x01\\xff\"");
        assertThat(lines[3]).startsWith("3 peer 103, 0 B, ").endsWith(": \"\"");
        assertThat(lines[RECORDS - 1]).startsWith((RECORDS - 1) + " peer " + (100 + RECORDS - 1) + ", ");
    }

    @Test
    void shouldDumpPayloadsExactlyAsCatPrintsThemWithHexOrQuoted() {
        for (final CatFormat format : new CatFormat[] {CatFormat.HEX, CatFormat.QUOTED}) {
            final Run run = Run.of("journal", "dump", journalDir.toString(), format == CatFormat.HEX ? "--hex" : "--quoted");
            assertThat(run.exitCode).as(run.toString()).isZero();
            final StringBuilder expected = new StringBuilder();
            for (final byte[] p : payloads) {
                expected.append(format.format(p));
            }
            assertThat(run.out).isEqualTo(expected.toString());
        }
        final Run from = Run.of("journal", "dump", journalDir.toString(), "--from", "20", "--hex");
        assertThat(from.exitCode).isZero();
        assertThat(from.out.split("\n")).hasSize(RECORDS - 20);
        assertThat(from.out).startsWith(CatFormat.HEX.format(payloads.get(20)));
        assertThat(Run.of("journal", "dump", journalDir.toString(), "--hex", "--quoted").exitCode)
            .as("one format at a time").isEqualTo(Session.EXIT_USAGE);
    }

    @Test
    void shouldVerifyAnIntactJournalAndReportACorruptRecordAtItsPositionWithExitStatus1() throws IOException {
        final Run ok = Run.of("journal", "verify", journalDir.toString());
        assertThat(ok.exitCode).as(ok.toString()).isZero();
        assertThat(ok.out).startsWith("OK: 1 segment(s), " + RECORDS + " records (sequences 0 to " + (RECORDS - 1) + ")");

        final long last = positionOf(RECORDS - 1);
        final int offset = JournalDescriptor.offset(last, 64 * 1024);
        try (FileChannel ch = FileChannel.open(journalDir.resolve(JournalDescriptor.fileName(0)), StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(new byte[] {'X'}), offset + JournalDescriptor.RECORD_HEADER_LENGTH + 1);
        }
        final String where = "position " + last + " (segment 0, offset " + offset + ")";
        final Run corrupt = Run.of("journal", "verify", journalDir.toString());
        assertThat(corrupt.exitCode).as(corrupt.toString()).isEqualTo(1);
        assertThat(corrupt.out).startsWith("CORRUPT at " + where + ": CRC, its CRC does not match; before it: 1 segment(s), "
            + (RECORDS - 1) + " records");
        assertThat(corrupt.err).contains("corrupt record at " + where);

        final Run dump = Run.of("journal", "dump", journalDir.toString(), "--quoted");
        assertThat(dump.exitCode).isEqualTo(1);
        assertThat(dump.out.split("\n")).as("every record before the corrupt one").hasSize(RECORDS - 1);
        assertThat(dump.err).contains("stopped at a corrupt record at " + where + ": CRC");
    }

    @Test
    void shouldAnswerBadUsageWithExitStatus2() throws IOException {
        final Path file = Files.writeString(dir.resolve("not-a-journal"), "x");
        final Run notADirectory = Run.of("journal", "verify", file.toString());
        assertThat(notADirectory.exitCode).isEqualTo(Session.EXIT_USAGE);
        assertThat(notADirectory.err).contains("is not a directory");
        final Run empty = Run.of("journal", "dump", Files.createDirectory(dir.resolve("empty")).toString());
        assertThat(empty.exitCode).isEqualTo(Session.EXIT_USAGE);
        assertThat(empty.err).contains("no journal segments");
        final Run bare = Run.of("journal");
        assertThat(bare.exitCode).isEqualTo(Session.EXIT_USAGE);
        assertThat(bare.out).contains("dump", "verify", "bench");
        assertThat(Run.of("journal", "bench", "--mode", "sideways", "-q").exitCode).isEqualTo(Session.EXIT_USAGE);
    }

    @Test
    void shouldBenchThroughputAndLatencyBesideTheirBaselinesAndWriteTheResults() throws IOException {
        final Path out = dir.resolve("out");
        final Run run = Run.of("journal", "bench", "--messages", "20000", "--count", "500", "--warmup", "200", "--rounds",
            "2", "--segment-size", "1048576", "--timeout", "60", "-q", "--out", out.toString(), "--dir",
            dir.resolve("bench").toString());
        assertThat(run.exitCode).as(run.toString()).isZero();
        assertThat(run.out).contains("JOURNAL THROUGHPUT", "JOURNAL LATENCY", "msgs/s journal/raw-mapped",
            "msgs/s journal-shared/raw-mapped", "p99 journal/ring", "p99 journal-shared/ring", "p99 journal-inline/ring",
            "msgs/s journal-inline/raw-mapped", "msgs/s disruptor-mapped/raw-mapped",
            "msgs/s journal-shared/disruptor-mapped", "JOURNAL GOALS",
            "journalled throughput (NONE), journal-shared / raw mapped write",
            "ping-pong p99, journal then engine (SHARED) / no journal");
        assertThat(run.out).as("each goal row says its own verdict").containsPattern("(PASS|MISS|INCONCLUSIVE)\\s*\\n");
        assertThat(run.out).contains("CPU time per message by thread, last round");
        for (final String system : JournalThroughputSuite.SYSTEMS) {
            assertThat(run.out).as("the CPU time of " + system + "'s threads").containsPattern(
                "\\n    " + system + ": [^\\n]*producer \\d+ ns");
        }
        final List<Map<String, String>> rows = Results.read(out.resolve("results.json"));
        assertThat(rows).hasSize(JournalThroughputSuite.SYSTEMS.length + JournalLatencySuite.SYSTEMS.length);
        for (final String system : JournalThroughputSuite.SYSTEMS) {
            assertThat(Results.doubleOf(Results.row(rows, "journal-throughput", system), "msgsPerSec")).isPositive();
        }
        for (final String system : JournalLatencySuite.SYSTEMS) {
            final Map<String, String> row = Results.row(rows, "journal-latency", system);
            assertThat(Results.longOf(row, "p99Ns")).isGreaterThanOrEqualTo(Results.longOf(row, "p50Ns")).isPositive();
            assertThat(Files.readString(out.resolve("journal-latency-" + system + ".hgrm"), StandardCharsets.UTF_8))
                .as("2 rounds x 500 recorded").containsPattern("Total count\\s*=\\s*1000\\b");
            assertThat(CommandsTest.intervalCounts(out.resolve("journal-latency-" + system + ".hlog")))
                .containsExactly(500L, 500L);
        }
        try (var left = Files.list(dir.resolve("bench"))) {
            assertThat(left).as("every run's journal deleted after it").isEmpty();
        }
    }

    private long positionOf(final long sequence) {
        try (JournalReader reader = JournalReader.open(journalDir).seekToSequence(sequence)) {
            return reader.position();
        }
    }
}
