package io.sprocket.perf;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.Callable;

import io.sprocket.perf.report.Fmt;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code sprocket-perf throughput}: 1 producer and N producers to the engine. */
@Command(name = "throughput", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "Throughput: 1 producer, then N producers, to the engine, beside the raw Disruptor and ArrayBlockingQueue.",
        "Messages per second from producer threads to one consumer: Sprocket (tryClaim/publish), the raw Disruptor"
            + " (same wait strategy; tryNext(n)/publish(lo, hi)) and ArrayBlockingQueue, interleaved round by round,"
            + " with the ratio of each round's pair. Every round checks that the consumer handled what was sent.",
        "With --transport URL --protocol push: PUSH/PULL messages per second over loopback through the transport and"
            + " the ring on both sides, in each mode of --threading, beside two Java threads exchanging the same SP"
            + " frames over a blocking socket.",
        ""})
final class ThroughputCommand implements Callable<Integer> {
    static final int RING_SIZE_BYTES = 8;
    static final long RING_MESSAGES = 20_000_000;
    static final int TRANSPORT_SIZE_BYTES = 64;
    static final long TRANSPORT_MESSAGES = 500_000;

    @Option(names = "--wait", paramLabel = "busy|yield|block|sleep", defaultValue = "busy",
        description = "Consumer wait strategy, the same for Sprocket and the Disruptor. Default: ${DEFAULT-VALUE}.")
    WaitMode wait;

    @Option(names = "--size", paramLabel = "BYTES",
        description = "Payload bytes written per message (at least 8). Default: " + RING_SIZE_BYTES + ", or "
            + TRANSPORT_SIZE_BYTES + " with --transport.")
    Integer size;

    @Option(names = "--messages", paramLabel = "N",
        description = "Messages per system per round. Default: " + RING_MESSAGES + ", or " + TRANSPORT_MESSAGES
            + " with --transport.")
    Long messages;

    @Option(names = "--producers", paramLabel = "N", defaultValue = "2",
        description = "Producers of the second series (1 runs only the first). Default: ${DEFAULT-VALUE}.")
    int producers;

    @Option(names = "--batch", paramLabel = "N", defaultValue = "1",
        description = "Claim N slots, write them, then publish them. Default: ${DEFAULT-VALUE}.")
    int batch;

    @Option(names = "--rounds", paramLabel = "N", defaultValue = "5",
        description = "Interleaved rounds. Default: ${DEFAULT-VALUE}.")
    int rounds;

    @Option(names = "--ring-size", paramLabel = "SLOTS", defaultValue = "65536",
        description = "Ring size (and queue capacity), a power of two. Default: ${DEFAULT-VALUE}.")
    int ringSize;

    @Option(names = "--transport", paramLabel = "URL",
        description = "Instead of the in-process ring: messages over the SP transport at this address (for example"
            + " tcp://127.0.0.1:0 or ipc:///tmp/sprocket-perf.ipc), with the pattern of --protocol, in each mode of"
            + " --threading, beside raw blocking sockets with the same framing. Uses --size, --messages, --rounds,"
            + " --threading and --idle.")
    String transport;

    @Option(names = "--protocol", paramLabel = "push", defaultValue = "push",
        description = "With --transport: the pattern. push: a PUSH node sends from an application thread, a PULL node's"
            + " engine counts. Default: ${DEFAULT-VALUE}.")
    String protocol;

    @Option(names = "--threading", paramLabel = "MODE[,...]", split = ",", defaultValue = "dedicated,shared",
        description = "With --transport: the threading modes to measure, each a system of its own beside raw sockets."
            + " dedicated: an engine thread and an I/O thread per node; shared: engine and I/O in one duty cycle on"
            + " one thread per node; invoker: the same, driven by a thread of the harness through the ring's invoker."
            + " Default: ${DEFAULT-VALUE}.")
    String[] threading;

    @Option(names = "--idle", paramLabel = "busy|yield|block|sleep",
        description = "With --transport: how every Sprocket thread waits for work (and how the sender waits to retry"
            + " a refused send: spinning for busy, yielding otherwise). Default: each mode its own: block for"
            + " dedicated, yield for shared and invoker (the sender needs a core as well).")
    WaitMode idle;

    @Mixin
    CommonOptions common = new CommonOptions();

    private final PrintStream out;
    private final PrintStream err;

    ThroughputCommand(final PrintStream out, final PrintStream err) {
        this.out = out;
        this.err = err;
    }

    ThroughputSuite.Settings settings() {
        final ThroughputSuite.Settings s = new ThroughputSuite.Settings();
        s.wait = wait;
        s.sizeBytes = Settings.atLeast("--size", size == null ? RING_SIZE_BYTES : size, 8);
        s.messages = Settings.positive("--messages", messages == null ? RING_MESSAGES : messages);
        s.producers = Settings.positive("--producers", producers);
        s.ringSize = Settings.powerOfTwo("--ring-size", ringSize);
        s.batch = Settings.positive("--batch", batch);
        if (s.batch > s.ringSize) {
            throw new IllegalArgumentException("--batch (" + batch + ") must not exceed --ring-size (" + ringSize + ")");
        }
        s.rounds = Settings.positive("--rounds", rounds);
        s.timeoutNs = common.timeoutNs();
        return s;
    }

    static String describe(final ThroughputSuite.Settings s) {
        return String.format(Locale.ROOT, "throughput: wait %s, %d B, %s messages, 1 and %d producers, batch %d,"
                + " ring %s, %d rounds", s.wait.label(), s.sizeBytes, Fmt.count(s.messages), s.producers, s.batch,
            Fmt.count(s.ringSize), s.rounds);
    }

    TransportThroughputSuite.Settings transportSettings() {
        if (!"push".equalsIgnoreCase(protocol.trim())) {
            throw new IllegalArgumentException("--protocol takes push (PUSH/PULL), got '" + protocol + "'");
        }
        final TransportThroughputSuite.Settings t = new TransportThroughputSuite.Settings();
        t.url = LatencyCommand.transportAddr(transport);
        t.sizeBytes = Settings.atLeast("--size", size == null ? TRANSPORT_SIZE_BYTES : size, 8);
        t.messages = Settings.positive("--messages", messages == null ? TRANSPORT_MESSAGES : messages);
        t.rounds = Settings.positive("--rounds", rounds);
        t.timeoutNs = common.timeoutNs();
        t.modes = LatencyCommand.modes(threading);
        t.wait = idle == null ? null : idle.engineWait();
        LatencyCommand.refuseBlockingInvoker(t.modes, m -> TransportThroughputSuite.waitFor(t, m));
        return t;
    }

    @Override
    public Integer call() throws Exception {
        if (transport != null) {
            final TransportThroughputSuite.Settings t = transportSettings();
            final Session session = Session.open(common, out, err, "throughput", TransportThroughputSuite.describe(t));
            TransportThroughputSuite.run(t, session.report, session.progress);
            return session.finish(true);
        }
        final ThroughputSuite.Settings s = settings();
        final Session session = Session.open(common, out, err, "throughput", describe(s));
        ThroughputSuite.run(s, session.report, session.progress);
        return session.finish(true);
    }
}
