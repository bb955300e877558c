package io.sprocket.journal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.sprocket.message.Waits;
import io.sprocket.ring.MessageRing;

/**
 * A child JVM journals at full speed and is killed with SIGKILL ({@code destroyForcibly}) at a random
 * moment, 20 times over one journal. After each kill: no corrupt record; every record the child
 * reported written is there, intact, in order; recovery finds no torn record and leaves a clean
 * tail; and the next child (then this test) goes on appending after the last record.
 */
@Tag("slow")
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class JournalCrashTest {
    private static final int ROUNDS = 20;
    private static final int SEGMENT = 256 * 1024;
    private static final int RETAIN = 16;
    private static final int MAX_KILL_DELAY_MS = 300;

    @TempDir
    Path dir;

    @Test
    void shouldFindEveryReportedRecordIntactAfterEachKillAndKeepAppending() throws Exception {
        final Path journalDir = dir.resolve("journal");
        final long seed = System.nanoTime();
        final SplittableRandom random = new SplittableRandom(seed);
        long expectedBase = 0;
        int unfinishedTails = 0;
        long lastRecovered = -1;
        for (int round = 0; round < ROUNDS; round++) {
            final String where = "round " + round + " (seed " + seed + ")";
            final Path out = dir.resolve("child-" + round + ".out");
            final Process child = startChild(journalDir, out, dir.resolve("child-" + round + ".err"));
            try {
                Waits.await(where + ": the child's first report", 60_000, () -> read(out).contains("written "));
                final long delayMs = random.nextInt(MAX_KILL_DELAY_MS + 1);
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(delayMs));
            } finally {
                child.destroyForcibly();
                assertThat(child.waitFor(30, TimeUnit.SECONDS)).as(where + ": the child died").isTrue();
            }
            final List<String> lines = lines(out);
            assertThat(lines.get(0)).as(where).isEqualTo("ready " + expectedBase);
            final long reported = maxReported(lines);
            assertThat(reported).as(where + ": the child reported records").isGreaterThanOrEqualTo(expectedBase);

            final VerifyReport before = JournalVerifier.verify(journalDir);
            assertThat(before.ok()).as(where + ": " + before).isTrue();
            assertThat(before.lastSequence()).as(where + ": records found vs reported written").isGreaterThanOrEqualTo(reported);
            if (before.unfinishedTailPosition() >= 0) {
                unfinishedTails++;
            }
            assertThat(checkAll(journalDir)).as(where).isEqualTo(before.lastSequence());

            try (Journal journal = open(journalDir)) {
                final RecoveryReport recovery = journal.recovery();
                assertThat(recovery.torn()).as(where + ": " + recovery).isFalse();
                assertThat(recovery.lastSequence()).as(where).isEqualTo(before.lastSequence());
                lastRecovered = recovery.lastSequence();
            }
            final VerifyReport after = JournalVerifier.verify(journalDir);
            assertThat(after.ok()).as(where + ": " + after).isTrue();
            assertThat(after.unfinishedTailPosition()).as(where + ": a clean tail after recovery").isEqualTo(-1);
            assertThat(after.lastSequence()).isEqualTo(lastRecovered);
            expectedBase = lastRecovered + 1;
        }
        assertThat(unfinishedTails).as("kills that caught a record half-written (informative: not every kill does)")
            .isBetween(0, ROUNDS);

        // The journal keeps appending after the last kill.
        final AtomicLong handled = new AtomicLong();
        try (Journal journal = open(journalDir)) {
            final MessageRing ring = journal.addTo(MessageRing.builder().name("after-crashes")
                    .config(Journals.ringConfig(CrashChild.MAX_LENGTH, CrashChild.MAX_LENGTH)).ringSize(256).jmx(false),
                Journal.Placement.BEFORE_ENGINE).handler((m, s, e) -> handled.incrementAndGet()).build().start();
            for (long q = expectedBase; q < expectedBase + 1000; q++) {
                Journals.publish(ring, q, Payloads.length(q, CrashChild.MAX_LENGTH, CrashChild.MAX_LENGTH, 0));
            }
            assertThat(ring.close(Journals.TIMEOUT_NS)).isZero();
        }
        assertThat(handled.get()).isEqualTo(1000);
        assertThat(checkAll(journalDir)).isEqualTo(expectedBase + 999);
        assertThat(JournalVerifier.verify(journalDir).ok()).isTrue();
    }

    private static Journal open(final Path journalDir) {
        return Journal.builder(journalDir).segmentSizeBytes(SEGMENT).retainSegments(RETAIN).recoveryListener(r -> { })
            .maxMessageSizeBytes(CrashChild.MAX_LENGTH).open();
    }

    /** Reads every record kept, checking order and content; answers the last sequence. */
    private static long checkAll(final Path journalDir) {
        final long[] last = {-1};
        final String[] problem = {null};
        try (JournalReader reader = JournalReader.open(journalDir)) {
            last[0] = reader.nextSequence() - 1;
            while (reader.poll(record -> {
                if (problem[0] == null) {
                    problem[0] = record.sequence() != last[0] + 1 ? "sequence " + record.sequence() + " after " + last[0]
                        : Journals.problem(record, CrashChild.MAX_LENGTH, CrashChild.MAX_LENGTH, 0);
                }
                last[0] = record.sequence();
                return true;
            }, 1000) > 0) {
                // reading
            }
            assertThat(reader.fault()).as(reader.toString()).isNull();
        }
        assertThat(problem[0]).isNull();
        return last[0];
    }

    private static Process startChild(final Path journalDir, final Path out, final Path err) throws IOException {
        final String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        final List<String> command = new ArrayList<>(List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED",
            "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx128m",
            "-cp", classpath, CrashChild.class.getName(),
            journalDir.toString(), Integer.toString(SEGMENT), Integer.toString(RETAIN)));
        return new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    }

    private static String read(final Path file) {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII);
        } catch (final IOException e) {
            return "";
        }
    }

    private static List<String> lines(final Path file) throws IOException {
        return Files.readAllLines(file, StandardCharsets.US_ASCII);
    }

    /** The highest "written N" line (a line cut short by the kill could only read as a smaller number). */
    private static long maxReported(final List<String> lines) {
        long max = -1;
        for (final String line : lines) {
            if (line.startsWith("written ")) {
                try {
                    max = Math.max(max, Long.parseLong(line.substring("written ".length())));
                } catch (final NumberFormatException cutShort) {
                    // "written " and no digits yet
                }
            }
        }
        return max;
    }
}
