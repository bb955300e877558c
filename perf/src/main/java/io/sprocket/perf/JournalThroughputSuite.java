package io.sprocket.perf;

import static io.sprocket.perf.JournalSystems.BESIDE;
import static io.sprocket.perf.JournalSystems.INLINE;
import static io.sprocket.perf.JournalSystems.JOURNAL;
import static io.sprocket.perf.JournalSystems.SHARED;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;

import com.lmax.disruptor.BatchEventProcessor;
import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.InsufficientCapacityException;
import com.lmax.disruptor.RingBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import io.sprocket.journal.Journal;
import io.sprocket.message.BufferPool;
import io.sprocket.message.InfraConfig;
import io.sprocket.message.Message;
import io.sprocket.perf.report.Comparison;
import io.sprocket.perf.report.Fmt;
import io.sprocket.perf.report.Report;
import io.sprocket.perf.report.Result;
import io.sprocket.perf.report.TextTable;
import io.sprocket.ring.MessageHandler;
import io.sprocket.ring.MessageRing;
import io.sprocket.ring.MessageRingBuilder;

/**
 * Journalled throughput (benchmark {@code journal-throughput}): one producer publishing fixed-size
 * messages into a ring whose engine counts them, interleaved round by round, with and without the journal:
 *
 * <ul>
 *   <li>{@code journal}: the journal before the engine ("journal, then business logic"), policy NONE,
 *       each consumer on its own thread;</li>
 *   <li>{@code journal-shared}: the same, with the journal and the engine run by one thread
 *       ({@code ThreadingMode.SHARED}): the goal's system;</li>
 *   <li>{@code journal-beside}: the journal beside the engine; the clock stops when both have every message;</li>
 *   <li>{@code journal-inline}: the journal on the engine's own thread ({@code Journal.journalThen}): no
 *       hand-off, the engine writes;</li>
 *   <li>{@code journal-alone}: no ring: one thread handing the journaller one message over and over, what the
 *       journal's own write costs beside the raw write;</li>
 *   <li>{@code ring}: the same ring without a journal;</li>
 *   <li>{@code raw-mapped}: no ring at all: one thread writing the same record bytes into mapped segment
 *       files created the same way ({@link RawMappedWriter}), the physical limit of this design;</li>
 *   <li>{@code disruptor-mapped}: raw-mapped's write behind a hand-off: a raw Disruptor ring whose one consumer
 *       thread writes each slot's payload as raw-mapped does (no Sprocket, no CRC). Beside raw-mapped it says
 *       what moving each message from the producer's core to the writer's costs on this machine, whoever
 *       does it.</li>
 * </ul>
 *
 * Each journal run writes into a fresh directory, deleted after the run (outside the clock); every
 * segment is created inside the clock, the first one included, for the journal and the raw writer
 * alike (the journal's ring is built inside it as well).
 */
final class JournalThroughputSuite {
    static final String BENCHMARK = "journal-throughput";
    static final String[] SYSTEMS = {"journal", "journal-shared", "journal-beside", "journal-inline", "journal-alone",
        "ring", "raw-mapped", "disruptor-mapped"};
    private static final int ALONE = 4;
    private static final int RING = 5;
    private static final int RAW = 6;
    private static final int RAW_RING = 7;

    /** The settings of one run. */
    static final class Settings {
        WaitMode wait = WaitMode.YIELD;
        int sizeBytes = 64;
        long messages = 2_000_000;
        int rounds = 5;
        int ringSize = 16_384;
        int segmentSizeBytes = 64 << 20;
        Path dir;
        long timeoutNs = 120_000_000_000L;
    }

    private JournalThroughputSuite() {
    }

    static void run(final Settings s, final Report report, final Progress progress) throws Exception {
        final UnsafeBuffer template = Support.template(s.sizeBytes);
        final double[][] rates = new double[SYSTEMS.length][s.rounds];
        final Rounds.Trial[] trials = new Rounds.Trial[SYSTEMS.length];
        final String[] cpu = new String[SYSTEMS.length];
        final long warmupMessages = Math.max(1, s.messages / 2);
        for (int i = 0; i < SYSTEMS.length; i++) {
            final int system = i;
            trials[i] = round -> {
                final long n = round < 0 ? warmupMessages : s.messages;
                final Path dir = s.dir.resolve("throughput-" + SYSTEMS[system] + "-" + (round + 1));
                final double rate;
                try {
                    rate = system == RAW ? raw(s, dir, template, n, cpu)
                        : system == RAW_RING ? rawRing(s, dir, template, n, cpu)
                        : system == ALONE ? alone(s, dir, template, n, cpu) : ring(s, dir, template, n, system, cpu);
                } finally {
                    deleteTree(dir);
                }
                if (round >= 0) {
                    rates[system][round] = rate;
                }
            };
        }
        final Rounds rounds = Rounds.run("journal throughput", s.rounds, true, progress, SYSTEMS, trials);

        final String[] headers = new String[s.rounds + 2];
        headers[0] = "system";
        for (int r = 0; r < s.rounds; r++) {
            headers[r + 1] = "round " + (r + 1);
        }
        headers[s.rounds + 1] = "median";
        final TextTable table = new TextTable(headers);
        for (int i = 0; i < SYSTEMS.length; i++) {
            final String[] row = new String[s.rounds + 2];
            row[0] = SYSTEMS[i];
            for (int r = 0; r < s.rounds; r++) {
                row[r + 1] = Fmt.rate(rates[i][r]);
            }
            final double median = ThroughputSuite.median(rates[i]);
            row[s.rounds + 1] = Fmt.rate(median);
            table.row(row);
            report.add(new Result(BENCHMARK, SYSTEMS[i]).msgsPerSec(median));
        }
        final int[][] pairs = {{SHARED, RAW}, {SHARED, RING}, {JOURNAL, RAW}, {JOURNAL, RING}, {BESIDE, RAW},
            {BESIDE, RING}, {INLINE, RAW}, {INLINE, RING}, {ALONE, RAW}, {RAW_RING, RAW}, {SHARED, RAW_RING}};
        final Comparison[] ratios = new Comparison[pairs.length];
        for (int c = 0; c < pairs.length; c++) {
            ratios[c] = report.add(new Comparison(BENCHMARK, "msgs/s", SYSTEMS[pairs[c][0]], SYSTEMS[pairs[c][1]], true));
        }
        for (int r = 0; r < s.rounds; r++) {
            for (int c = 0; c < ratios.length; c++) {
                ratios[c].addRound(rates[pairs[c][0]][r], rates[pairs[c][1]][r], rounds.mode(r));
            }
        }
        final PrintStream out = report.out();
        out.println();
        out.println(String.format(Locale.ROOT, "JOURNAL THROUGHPUT  1 producer, %d B payload (%d B records), policy NONE,"
                + " wait %s, ring %s slots, %s B segments, %d rounds x %s messages", s.sizeBytes,
            io.sprocket.journal.JournalDescriptor.alignedLength(io.sprocket.journal.JournalDescriptor.frameLength(s.sizeBytes)),
            s.wait.label(), Fmt.count(s.ringSize), Fmt.count(s.segmentSizeBytes), s.rounds, Fmt.count(s.messages)));
        out.println("  msgs/s per round (higher is better); every round checked: the engine (and the journal) had every"
            + " message");
        table.print(out, "  ");
        out.println("  ratio per round (journal-shared / raw-mapped is the goal; / ring is what the journal costs the ring):");
        for (final Comparison c : ratios) {
            out.println("    " + c.describe());
        }
        rounds.printCanary(out, "  ");
        ThreadCpu.print(out, SYSTEMS, cpu);
        out.println("  journal: producer -> journal -> engine (3 threads); journal-shared: the same on 2 threads, the"
            + " journal and the engine taking turns on one; journal-beside: the engine does not wait for"
            + " the journal; journal-inline: producer -> engine that journals, then handles (2 threads); journal-alone: no"
            + " ring, one thread handing the journaller the same message over and over (what the journal's own write"
            + " costs: CRC, header, bookkeeping); ring: producer -> engine; raw-mapped: one thread, no ring, no CRC;"
            + " disruptor-mapped: producer -> raw Disruptor -> a consumer that writes as raw-mapped does (2 threads,"
            + " no Sprocket, no CRC): disruptor-mapped / raw-mapped is what the hand-off between two threads costs the"
            + " raw write here."
            + " Segments are created (zero-filled, pre-touched) inside the clock for the journals and raw-mapped alike, the first one included: raw-mapped makes each"
            + " as it needs it; a journal makes the first as it opens and the next ones ahead of need on its"
            + " preparer thread (JournalBuilder.prepareAhead, the default).");
    }

    // ------------------------------------------------------------------ the ring, with and without the journal

    private static double ring(final Settings s, final Path dir, final UnsafeBuffer template, final long messages,
        final int system, final String[] cpu) throws IOException {
        Files.createDirectories(dir);
        // The clock starts before the journal opens, so its first segment is made inside it, as
        // raw-mapped's is, and the segment the journal prepares ahead has no head start. Building the
        // ring is inside it too: a few ms against the journals, none against raw-mapped.
        final ThreadCpu threads = ThreadCpu.start("producer");
        final long start = System.nanoTime();
        final Journal journal = system == RING ? null : Journal.builder(dir)
            .segmentSizeBytes(s.segmentSizeBytes).maxMessageSizeBytes(s.sizeBytes).open();
        final CountDownLatch done = new CountDownLatch(1);
        final CountingHandler counter = new CountingHandler(messages, done);
        MessageRingBuilder b = MessageRing.builder().name("journal-throughput")
            .config(InfraConfig.builder().bufferSizeBytes(s.sizeBytes).build()).ringSize(s.ringSize)
            .singleProducer(true).engineWait(s.wait.engineWait()).jmx(false);
        b = JournalSystems.handle(b, journal, system, counter);
        final MessageRing ring = b.build().start();
        long end;
        try {
            final String failure = produce(ring, s, template, messages);
            if (failure != null) {
                throw new RunFailure(SYSTEMS[system] + ": " + failure);
            }
            Support.await(done, s.timeoutNs, SYSTEMS[system] + " throughput");
            end = counter.endNs;
            if (journal != null) {
                end = Math.max(end, awaitJournal(journal, messages - 1, s.timeoutNs));
            }
            cpu[system] = threads.perMessage(messages);
        } finally {
            ring.close(s.timeoutNs);
            if (journal != null) {
                journal.close();
            }
        }
        if (counter.handled != messages) {
            throw new RunFailure(SYSTEMS[system] + ": handled " + counter.handled + " of " + messages);
        }
        return messages * 1e9 / (end - start);
    }

    /** Publishes {@code messages} messages: the template with the index in its first 8 bytes. Answers null, or why not. */
    private static String produce(final MessageRing ring, final Settings s, final UnsafeBuffer template,
        final long messages) {
        final int size = s.sizeBytes;
        final long deadline = System.nanoTime() + s.timeoutNs;
        int idle = 0;
        for (long i = 0; i < messages; i++) {
            long seq;
            while ((seq = ring.tryClaim(size)) < 0) {
                if (seq == MessageRing.CLOSED) {
                    return "the ring closed";
                }
                s.wait.idle();
                if ((++idle & 0x3FF) == 0 && System.nanoTime() - deadline > 0) {
                    return "the ring stayed full";
                }
            }
            final UnsafeBuffer b = ring.message(seq).buffer();
            b.putBytes(0, template, 0, size);
            b.putLong(0, i);
            ring.publish(seq);
        }
        return null;
    }

    /** Waits (yielding, bounded) until the journal reports {@code last} written; answers when it saw it. */
    private static long awaitJournal(final Journal journal, final long last, final long timeoutNs) {
        final long deadline = System.nanoTime() + timeoutNs;
        while (journal.writtenSequence() < last) {
            if (System.nanoTime() - deadline > 0) {
                throw new RunFailure("the journal wrote " + (journal.writtenSequence() + 1) + " of " + (last + 1));
            }
            Thread.yield();
        }
        return System.nanoTime();
    }

    // ------------------------------------------------------------------ the journal without a ring

    /**
     * The journal's own write, no ring: this thread hands the journaller one pool message, rewritten
     * with its index each time, as a ring's reader thread would (a batch ends every 32, as in a ring).
     */
    private static double alone(final Settings s, final Path dir, final UnsafeBuffer template, final long messages,
        final String[] cpu) throws Exception {
        Files.createDirectories(dir);
        final BufferPool pool = new BufferPool("journal-alone", InfraConfig.builder().bufferSizeBytes(s.sizeBytes)
            .maxPooledSizeBytes(s.sizeBytes).maxRetained(2).build());
        final Message m = pool.acquire(s.sizeBytes);
        final ThreadCpu threads = ThreadCpu.start("producer");
        final long start = System.nanoTime();
        final long end;
        try (Journal journal = Journal.builder(dir).segmentSizeBytes(s.segmentSizeBytes)
            .maxMessageSizeBytes(s.sizeBytes).open()) {
            final MessageHandler journaller = journal.journaller();
            final UnsafeBuffer b = m.buffer();
            b.putBytes(0, template, 0, s.sizeBytes);
            for (long i = 0; i < messages; i++) {
                b.putLong(0, i);
                journaller.onMessage(m, i, (i & 31) == 31 || i == messages - 1);
            }
            end = System.nanoTime();
            cpu[ALONE] = threads.perMessage(messages);
            if (journal.writtenSequence() != messages - 1) {
                throw new RunFailure("journal-alone: the journal wrote " + (journal.writtenSequence() + 1) + " of "
                    + messages);
            }
        } finally {
            m.release();
        }
        return messages * 1e9 / (end - start);
    }

    // ------------------------------------------------------------------ raw sequential write

    private static double raw(final Settings s, final Path dir, final UnsafeBuffer template, final long messages,
        final String[] cpu) throws IOException {
        Files.createDirectories(dir);
        final ThreadCpu threads = ThreadCpu.start("producer");
        final long start = System.nanoTime();
        final long end;
        try (RawMappedWriter writer = new RawMappedWriter(dir, s.segmentSizeBytes, template, s.sizeBytes)) {
            for (long i = 0; i < messages; i++) {
                writer.write(i);
            }
            end = System.nanoTime();
        }
        cpu[RAW] = threads.perMessage(messages);
        return messages * 1e9 / (end - start);
    }

    // ------------------------------------------------------------------ the raw write behind a raw Disruptor

    /**
     * The producer publishes into a raw single-producer Disruptor ring (the template with the index in its
     * first 8 bytes, as the journalled rings get); its one consumer thread writes each slot's payload as a
     * record through a {@link RawMappedWriter}, making segments as it needs them, as raw-mapped does.
     */
    private static double rawRing(final Settings s, final Path dir, final UnsafeBuffer template, final long messages,
        final String[] cpu) throws IOException {
        Files.createDirectories(dir);
        final UnsafeBuffer[] views = Support.slices(s.ringSize, s.sizeBytes);
        final int[] next = new int[1];
        final RingBuffer<LatencySuite.Slot> ring = RingBuffer.createSingleProducer(
            () -> new LatencySuite.Slot(views[next[0]++]), s.ringSize, s.wait.newStrategy());
        final CountDownLatch done = new CountDownLatch(1);
        final ThreadCpu threads = ThreadCpu.start("producer");
        final long start = System.nanoTime();
        final RawMappedWriter writer = new RawMappedWriter(dir, s.segmentSizeBytes, template, s.sizeBytes);
        final MappedWriting writing = new MappedWriting(writer, messages, done);
        final BatchEventProcessor<LatencySuite.Slot> processor = LatencySuite.processor(ring, writing);
        final Thread consumer = Support.daemon(processor, "disruptor-mapped-writer");
        consumer.start();
        try {
            final long deadline = System.nanoTime() + s.timeoutNs;
            int idle = 0;
            for (long i = 0; i < messages; i++) {
                long seq;
                while (true) {
                    try {
                        seq = ring.tryNext();
                        break;
                    } catch (final InsufficientCapacityException full) {
                        // The Disruptor's preallocated instance: no stack trace, no allocation.
                        s.wait.idle();
                        if ((++idle & 0x3FF) == 0 && System.nanoTime() - deadline > 0) {
                            throw new RunFailure("disruptor-mapped: the ring stayed full");
                        }
                    }
                }
                final UnsafeBuffer b = ring.get(seq).buffer;
                b.putBytes(0, template, 0, s.sizeBytes);
                b.putLong(0, i);
                ring.publish(seq);
            }
            Support.await(done, s.timeoutNs, "disruptor-mapped throughput");
            cpu[RAW_RING] = threads.perMessage(messages);
        } finally {
            processor.halt();
            Support.join(consumer, s.timeoutNs);
            writer.close();
        }
        if (writing.written != messages) {
            throw new RunFailure("disruptor-mapped: wrote " + writing.written + " of " + messages);
        }
        return messages * 1e9 / (writing.endNs - start);
    }

    /** disruptor-mapped's consumer: each slot's payload written as a record, the clock read at the last. */
    private static final class MappedWriting implements EventHandler<LatencySuite.Slot> {
        private final RawMappedWriter writer;
        private final long expected;
        private final CountDownLatch done;
        long written;
        long endNs;

        MappedWriting(final RawMappedWriter writer, final long expected, final CountDownLatch done) {
            this.writer = writer;
            this.expected = expected;
            this.done = done;
        }

        @Override
        public void onEvent(final LatencySuite.Slot slot, final long sequence, final boolean endOfBatch) {
            writer.write(sequence, slot.buffer);
            if (++written == expected) {
                endNs = System.nanoTime();
                done.countDown();
            }
        }
    }

    /** Deletes a bench directory and everything in it; a directory that is not there is fine. */
    static void deleteTree(final Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (final Path p : (Iterable<Path>)paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }
}
