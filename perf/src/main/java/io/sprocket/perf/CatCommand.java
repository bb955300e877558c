package io.sprocket.perf;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import io.sprocket.message.Addr;
import io.sprocket.message.InfraConfig;
import io.sprocket.transport.SpProtocol;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code sprocket-perf cat}: speak SP from a shell, as nngcat does, with nngcat's option names and
 * aliases, so that a script written for nngcat works with it ({@code --count 3} and
 * {@code --count=3} alike, and an unambiguous beginning of a long option, {@code --recv-time} or
 * {@code --respond}, as nngcat takes it). The options are checked here; {@link CatRun} does the run.
 *
 * <p><b>Note:</b> picocli fills the options on the calling thread; {@link #call} runs there and
 * allocates freely.
 */
@Command(name = "cat", mixinStandardHelpOptions = true, sortOptions = false, usageHelpWidth = 100, exitCodeOnInvalidInput = 1,
    description = {
        "An nngcat-like SP peer over Sprocket's transport: one socket that listens and dials, sends its data"
            + " and prints what it receives, with nngcat's option names (--opt VALUE or --opt=VALUE; a long"
            + " option may be shortened to any beginning that names it alone, as with nngcat: --recv-time).",
        "A sender sends once, --count times, or every --interval seconds (without end when there is no count),"
            + " waits until it is written, and exits. A receiver prints each message in the chosen format (nothing"
            + " without one) and exits after --count messages, or when --recv-timeout passes without one. A PAIR"
            + " or BUS with data does both; a REQ or SURVEYOR sends its data as a request and prints the replies; a REP"
            + " or RESPONDENT with data answers each request with it.",
        ""},
    footer = {"",
        "Addresses: tcp://HOST:PORT, where HOST is an IPv4 address, [an IPv6 one] or * for every interface and"
            + " port 0 takes a free one; ipc:///PATH, a Unix socket.",
        "Exit status: 0 done, 1 failed or bad options (the reason on standard error), as nngcat.",
        "Example: sprocket-perf cat --pull0 --listen tcp://127.0.0.1:5555 --hex --count 1"})
final class CatCommand implements Callable<Integer> {
    private static final double MAX_SECONDS = 86_400;

    @Option(names = {"--push0", "--push"}, description = "Protocol PUSH: send the data, each message to one peer.")
    boolean push;

    @Option(names = {"--pull0", "--pull"}, description = "Protocol PULL: receive from every peer.")
    boolean pull;

    @Option(names = "--pair0", description = "Protocol PAIR (version 0): one peer, both ways.")
    boolean pair;

    @Option(names = {"--pair1", "--pair"}, description = "Protocol PAIR version 1: one peer, both ways, each"
        + " message with its hop count (--pair is PAIR1, as nngcat's source means it).")
    boolean pair1;

    @Option(names = {"--pub0", "--pub"}, description = "Protocol PUB: send the data to every peer.")
    boolean pub;

    @Option(names = {"--sub0", "--sub"}, description = "Protocol SUB: receive what matches a --subscribe topic.")
    boolean sub;

    @Option(names = "--subscribe", paramLabel = "TOPIC", description = "With --sub0: receive the messages that start"
        + " with TOPIC (its UTF-8 bytes). Repeatable; none means every message.")
    List<String> subscribe = new ArrayList<>();

    @Option(names = {"--req0", "--req"}, description = "Protocol REQ: send the data as a request and print the reply;"
        + " with --interval, a new request each time.")
    boolean req;

    @Option(names = {"--surveyor0", "--surveyor"}, description = "Protocol SURVEYOR: send the data as a survey to"
        + " every peer and print the responses that come within the survey time, 1 s.")
    boolean surveyor;

    @Option(names = {"--rep0", "--rep"}, description = "Protocol REP: print each request and, with data, answer it"
        + " with the data.")
    boolean rep;

    @Option(names = {"--respondent0", "--respondent"}, description = "Protocol RESPONDENT: print each survey and,"
        + " with data, answer it with the data.")
    boolean respondent;

    @Option(names = {"--bus0", "--bus"}, description = "Protocol BUS: send to every peer, receive from every peer.")
    boolean bus;

    @Option(names = "--listen", paramLabel = "URL", description = "Listen on URL (alias --bind). Repeatable.")
    List<String> listen = new ArrayList<>();

    @Option(names = "--bind", paramLabel = "URL", hidden = true, description = "nngcat's alias of --listen.")
    List<String> bind = new ArrayList<>();

    @Option(names = "--dial", paramLabel = "URL",
        description = "Dial URL, and again when the connection goes (alias --connect). Repeatable.")
    List<String> dial = new ArrayList<>();

    @Option(names = "--connect", paramLabel = "URL", hidden = true, description = "nngcat's alias of --dial.")
    List<String> connect = new ArrayList<>();

    @Option(names = {"-L", "--bind-local"}, paramLabel = "PORT", description = "Listen on tcp://127.0.0.1:PORT.")
    List<Integer> bindLocal = new ArrayList<>();

    @Option(names = {"-l", "--connect-local"}, paramLabel = "PORT", description = "Dial tcp://127.0.0.1:PORT.")
    List<Integer> connectLocal = new ArrayList<>();

    @Option(names = {"-X", "--bind-ipc"}, paramLabel = "PATH", description = "Listen on ipc://PATH.")
    List<String> bindIpc = new ArrayList<>();

    @Option(names = {"-x", "--connect-ipc"}, paramLabel = "PATH", description = "Dial ipc://PATH.")
    List<String> connectIpc = new ArrayList<>();

    @Option(names = "--hex", description = "Print each message as \"\\x61\\x62\" and a newline.")
    boolean hex;

    @Option(names = {"-Q", "--quoted"},
        description = "Print each message in double quotes, C-like escapes for the rest, and a newline.")
    boolean quoted;

    @Option(names = "--raw", description = "Print each message's bytes as they are.")
    boolean raw;

    @Option(names = {"-A", "--ascii"},
        description = "Print printable ASCII as itself and any other byte as '.', no separator.")
    boolean ascii;

    @Option(names = "--msgpack", description = "Print each message as a MessagePack bin value (tag, length, bytes).")
    boolean msgpack;

    @Option(names = "--format", paramLabel = "no|hex|quoted|raw|ascii|msgpack", description = "The print format by name.")
    String formatName;

    @Option(names = {"-D", "--data"}, paramLabel = "TEXT", description = "The message to send (its UTF-8 bytes).")
    String data;

    @Option(names = {"-F", "--file"}, paramLabel = "FILE",
        description = "Send the contents of FILE as one message ('-': standard input).")
    String file;

    @Option(names = {"-C", "--count"}, paramLabel = "N",
        description = "Messages to send, or to receive before exiting. Default: send once, receive without end.")
    int count;

    @Option(names = {"-i", "--interval"}, paramLabel = "SEC", description = "Seconds between sends (fractions allowed).")
    double intervalSec;

    @Option(names = {"-d", "--delay"}, paramLabel = "SEC", description = "Seconds to wait before the first send.")
    double delaySec;

    @Option(names = "--recv-timeout", paramLabel = "SEC",
        description = "Exit when no message came for SEC seconds. Default: wait without end.")
    double recvTimeoutSec;

    @Option(names = "--survey-time", paramLabel = "SEC",
        description = "A SURVEYOR's survey time: how long it takes responses to each survey, and waits for them before"
            + " its next send or its exit (fractions allowed). Default: the transport's, 1 s, as NNG's.")
    Double surveyTimeSec;

    @Option(names = "--send-timeout", paramLabel = "SEC",
        description = "Fail a send that found no connection with room for SEC seconds. Default: wait without end.")
    double sendTimeoutSec;

    @Option(names = {"-Z", "--recv-maxsz"}, paramLabel = "BYTES",
        description = "Close a connection that sends a larger message; 0: no limit. Default: the transport's (1 MiB).")
    Integer recvMaxSizeBytes;

    @Option(names = "--async", description = "Dial in the background instead of failing when the first attempt fails.")
    boolean async;

    @Option(names = {"-v", "--verbose"}, description = "Print 'Listening at: URL' and 'Connected to: URL'.")
    boolean verbose;

    @Option(names = {"-q", "--silent"}, description = "Print no such lines (the default).")
    boolean silent;

    private final PrintStream out;
    private final PrintStream err;

    CatCommand(final PrintStream out, final PrintStream err) {
        this.out = out;
        this.err = err;
    }

    /**
     * Checks the options, then runs.
     *
     * @return the exit status: 0 done, 1 failed.
     * @throws IllegalArgumentException naming the option that is wrong (the command line prints it and
     *                                  exits with status 2).
     */
    @Override
    public Integer call() {
        final CatRun.Settings s = settings();
        if (data == null && file != null) {
            try {
                s.data = "-".equals(file) ? System.in.readAllBytes() : Files.readAllBytes(Path.of(file));
            } catch (final IOException | UncheckedIOException e) {
                err.println("sprocket cat: cannot read " + file + ": " + e.getMessage());
                return CatRun.FAILED;
            }
        }
        return CatRun.run(s, out, err);
    }

    /** The settings the options say, or an {@link IllegalArgumentException} naming what is wrong. */
    CatRun.Settings settings() {
        final CatRun.Settings s = new CatRun.Settings();
        s.protocol = protocol();
        s.format = format();
        s.listen.addAll(listen);
        s.listen.addAll(bind);
        bindLocal.forEach(port -> s.listen.add("tcp://127.0.0.1:" + port));
        bindIpc.forEach(path -> s.listen.add("ipc://" + path));
        s.dial.addAll(dial);
        s.dial.addAll(connect);
        connectLocal.forEach(port -> s.dial.add("tcp://127.0.0.1:" + port));
        connectIpc.forEach(path -> s.dial.add("ipc://" + path));
        if (s.listen.isEmpty() && s.dial.isEmpty()) {
            throw new IllegalArgumentException("give at least one --listen or --dial address");
        }
        for (final List<String> urls : List.of(s.listen, s.dial)) {
            for (final String url : urls) {
                Addr.parse(url);   // an IllegalArgumentException naming what is wrong with it
            }
        }
        if (data != null && file != null) {
            throw new IllegalArgumentException("give --data or --file, not both");
        }
        final boolean hasData = data != null || file != null;
        final boolean receiveOnly = s.protocol == SpProtocol.PULL || s.protocol == SpProtocol.SUB;
        final boolean sendOnly = s.protocol == SpProtocol.PUSH || s.protocol == SpProtocol.PUB;
        final boolean asks = s.protocol == SpProtocol.REQ || s.protocol == SpProtocol.SURVEYOR;
        final String name = "--" + SpProtocol.name(s.protocol);
        if (receiveOnly && hasData) {
            throw new IllegalArgumentException(name + " receives only: it takes no --data or --file");
        }
        if (receiveOnly && intervalSec > 0) {
            throw new IllegalArgumentException(name + " receives only: it takes no --interval");
        }
        if (sendOnly && s.format != CatFormat.NONE) {
            throw new IllegalArgumentException(name + " sends only: it takes no output format");
        }
        if ((sendOnly || asks) && !hasData) {
            throw new IllegalArgumentException("no data to send: give --data or --file");
        }
        if ((s.protocol == SpProtocol.REP || s.protocol == SpProtocol.RESPONDENT) && intervalSec > 0) {
            throw new IllegalArgumentException(name + " answers requests: it takes no --interval");
        }
        if (!subscribe.isEmpty() && s.protocol != SpProtocol.SUB) {
            throw new IllegalArgumentException("--subscribe goes with --sub0 only");
        }
        for (final String topic : subscribe) {
            s.subscriptions.add(topic.getBytes(StandardCharsets.UTF_8));
        }
        if (s.protocol == SpProtocol.SUB && s.subscriptions.isEmpty()) {
            s.subscriptions.add(new byte[0]);   // as nngcat: no --subscribe means every message
        }
        s.data = data == null ? null : data.getBytes(StandardCharsets.UTF_8);
        if (count < 0) {
            throw new IllegalArgumentException("--count must be 0 or more, got " + count);
        }
        s.count = count;
        s.intervalSec = seconds("--interval", intervalSec);
        s.delaySec = seconds("--delay", delaySec);
        s.recvTimeoutSec = seconds("--recv-timeout", recvTimeoutSec);
        s.sendTimeoutSec = seconds("--send-timeout", sendTimeoutSec);
        if (surveyTimeSec != null) {
            if (s.protocol != SpProtocol.SURVEYOR) {
                throw new IllegalArgumentException("--survey-time goes with --surveyor0 only");
            }
            s.surveyTimeSec = seconds("--survey-time", surveyTimeSec);
            if (s.surveyTimeSec < 0.001) {
                throw new IllegalArgumentException("--survey-time must be at least 0.001 seconds, got " + surveyTimeSec);
            }
        }
        if (recvMaxSizeBytes != null) {
            if (recvMaxSizeBytes < 0 || recvMaxSizeBytes > InfraConfig.MAX_MESSAGE_SIZE_BYTES) {
                throw new IllegalArgumentException("--recv-maxsz must be from 0 to " + InfraConfig.MAX_MESSAGE_SIZE_BYTES
                    + ", got " + recvMaxSizeBytes);
            }
            s.recvMaxSizeBytes = recvMaxSizeBytes;
        }
        s.async = async;
        s.verbose = verbose && !silent;
        return s;
    }

    /** The one protocol option given, as its SP protocol id. */
    private int protocol() {
        final int[] ids = {SpProtocol.PUSH, SpProtocol.PULL, SpProtocol.PAIR0, SpProtocol.PAIR1, SpProtocol.PUB,
            SpProtocol.SUB, SpProtocol.REQ, SpProtocol.REP, SpProtocol.SURVEYOR, SpProtocol.RESPONDENT, SpProtocol.BUS};
        final boolean[] given = {push, pull, pair, pair1, pub, sub, req, rep, surveyor, respondent, bus};
        int protocol = -1;
        int protocols = 0;
        for (int i = 0; i < ids.length; i++) {
            if (given[i]) {
                protocol = ids[i];
                protocols++;
            }
        }
        if (protocols != 1) {
            throw new IllegalArgumentException(protocols == 0
                ? "give a protocol: --push0, --pull0, --pair0, --pair1, --pub0, --sub0, --req0, --rep0, --surveyor0,"
                    + " --respondent0 or --bus0"
                : "only one protocol may be given");
        }
        return protocol;
    }

    private CatFormat format() {
        CatFormat f = CatFormat.NONE;
        int given = 0;
        if (hex) {
            f = CatFormat.HEX;
            given++;
        }
        if (quoted) {
            f = CatFormat.QUOTED;
            given++;
        }
        if (raw) {
            f = CatFormat.RAW;
            given++;
        }
        if (ascii) {
            f = CatFormat.ASCII;
            given++;
        }
        if (msgpack) {
            f = CatFormat.MSGPACK;
            given++;
        }
        if (formatName != null) {
            final CatFormat named = CatFormat.named(formatName);
            if (given > 0 && named != f) {
                given++;
            }
            f = named;
        }
        if (given > 1) {
            throw new IllegalArgumentException("only one output format may be given");
        }
        return f;
    }

    private static double seconds(final String option, final double value) {
        if (!(value >= 0) || value > MAX_SECONDS) {
            throw new IllegalArgumentException(option + " must be from 0 to 86400 seconds, got " + value);
        }
        return value;
    }
}
