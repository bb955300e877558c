package io.sprocket.perf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.sprocket.transport.CatPeers;
import io.sprocket.transport.SpProtocol;
import picocli.CommandLine;

/** {@code cat} against nngcat: nngcat's options, its output formats byte for byte, its exit statuses. */
@Timeout(120)
class CatTest {
    /** The safety bound of every wait here: fail if what should happen has not happened by then. */
    private static final long WAIT_MS = 30_000;

    @TempDir
    Path dir;

    @BeforeAll
    static void requireNngcat() {
        CatPeers.require("nngcat", "nng-utils");
    }

    private static byte[] allBytes() {
        final byte[] b = new byte[256];
        for (int i = 0; i < 256; i++) {
            b[i] = (byte)i;
        }
        return b;
    }

    private static CatRun.Settings parse(final String... args) {
        final PrintStream sink = new PrintStream(new ByteArrayOutputStream());
        final CatCommand cat = new CatCommand(sink, sink);
        new CommandLine(cat).parseArgs(args);
        return cat.settings();
    }

    @ParameterizedTest
    @EnumSource(value = CatFormat.class, names = {"HEX", "QUOTED", "RAW", "ASCII", "MSGPACK"})
    void shouldFormatExactlyAsNngcatDoes(final CatFormat format) throws Exception {
        final Path sock = dir.resolve("fmt.sock");
        final CatPeers.Proc nngcat = CatPeers.start(dir, 60, "nngcat", "--pull0", "--listen", "ipc://" + sock,
            "--format", format.name().toLowerCase(java.util.Locale.ROOT), "--count", "2", "--recv-timeout", "30");
        CatPeers.awaitListening(sock, WAIT_MS);
        final Path all = Files.write(dir.resolve("all"), allBytes());
        // --async: the socket file exists a moment before nngcat listens; a synchronous dial then could be refused.
        final Run file = Run.of("cat", "--push0", "--dial", "ipc://" + sock, "--async", "--send-timeout", "30",
            "--file", all.toString());
        assertThat(file.exitCode).as(file.toString()).isZero();
        final Run text = Run.of("cat", "--push0", "--dial=ipc://" + sock, "--async", "--send-timeout=30",
            "--data=tail \"q\"");
        assertThat(text.exitCode).as(text.toString()).isZero();
        nngcat.awaitSuccess();
        // Two cats, two connections: nngcat's PULL reads its pipes in turn, so either may come first.
        final String first = format.format(allBytes());
        final String second = format.format("tail \"q\"".getBytes(StandardCharsets.US_ASCII));
        assertThat(nngcat.stdout()).isIn(first + second, second + first);
    }

    @Test
    void shouldPushToNngcatPull() throws Exception {
        final Path sock = dir.resolve("pull.sock");
        final CatPeers.Proc nngcat = CatPeers.start(dir, 60, "nngcat", "--pull0", "--listen", "ipc://" + sock,
            "--quoted", "--count", "3", "--recv-timeout", "30");
        CatPeers.awaitListening(sock, WAIT_MS);
        final Run push = Run.of("cat", "--push0", "-x", sock.toString(), "--async", "--send-timeout", "30",
            "-D", "hello", "-C", "3");
        assertThat(push.exitCode).as(push.toString()).isZero();
        nngcat.awaitSuccess();
        assertThat(nngcat.stdout()).isEqualTo("\"hello\"\n\"hello\"\n\"hello\"\n");
    }

    @Test
    void shouldPullFromNngcatPushAndPrintHex() throws Exception {
        final Path sock = dir.resolve("push.sock");
        final CompletableFuture<Run> cat = CompletableFuture.supplyAsync(() -> Run.of("cat", "--pull0", "--listen",
            "ipc://" + sock, "--hex", "--count", "2", "--recv-timeout", "30"));
        CatPeers.awaitListening(sock, WAIT_MS);
        CatPeers.start(dir, 60, "nngcat", "--push0", "--dial", "ipc://" + sock, "--async", "--data", "ab", "--count",
            "2").awaitSuccess();
        final Run pulled = cat.get(WAIT_MS, TimeUnit.MILLISECONDS);
        assertThat(pulled.exitCode).as(pulled.toString()).isZero();
        assertThat(pulled.out).isEqualTo("\"\\x61\\x62\"\n\"\\x61\\x62\"\n");
    }

    @Test
    void shouldSubscribeToWhatNngcatPublishes() throws Exception {
        final Path sock = dir.resolve("sub.sock");
        final CompletableFuture<Run> cat = CompletableFuture.supplyAsync(() -> Run.of("cat", "--sub0", "--listen",
            "ipc://" + sock, "--subscribe", "alpha", "--subscribe=gam", "--quoted", "--count", "3",
            "--recv-timeout", "30"));
        CatPeers.awaitListening(sock, WAIT_MS);
        // nngcat's PUB loses what it sends before its connection is up: it dials (synchronously), then waits 1 s.
        for (final String data : new String[] {"beta 1", "alpha 1", "gamma 1"}) {
            CatPeers.start(dir, 60, "nngcat", "--pub0", "--dial", "ipc://" + sock, "--data", data, "--delay", "1",
                "--count", data.startsWith("alpha") ? "2" : "1").awaitSuccess();
        }
        final Run sub = cat.get(WAIT_MS, TimeUnit.MILLISECONDS);
        assertThat(sub.exitCode).as(sub.toString()).isZero();
        assertThat(sub.out).isEqualTo("\"alpha 1\"\n\"alpha 1\"\n\"gamma 1\"\n");
    }

    @Test
    void shouldPublishToNngcatSub() throws Exception {
        final Path sock = dir.resolve("pub.sock");
        final CatPeers.Proc nngcat = CatPeers.start(dir, 60, "nngcat", "--sub0", "--listen", "ipc://" + sock,
            "--subscribe", "hello", "--quoted", "--count", "2", "--recv-timeout", "30");
        CatPeers.awaitListening(sock, WAIT_MS);
        // A PUB drops what it sends while nobody is connected: the cat's dial (not --async) returns once the
        // connection is ready, so both messages go to nngcat.
        final Run pub = Run.of("cat", "--pub", "--dial", "ipc://" + sock, "--data", "hello sub",
            "--interval", "0.2", "--count", "2");
        assertThat(pub.exitCode).as(pub.toString()).isZero();
        nngcat.awaitSuccess();
        assertThat(nngcat.stdout()).isEqualTo("\"hello sub\"\n\"hello sub\"\n");
    }

    @Test
    void shouldSpeakPairOneWithNngcat() throws Exception {
        final Path sock = dir.resolve("pair1.sock");
        final CompletableFuture<Run> cat = CompletableFuture.supplyAsync(() -> Run.of("cat", "--pair1", "--listen",
            "ipc://" + sock, "--quoted", "--count", "1", "--recv-timeout", "30"));
        CatPeers.awaitListening(sock, WAIT_MS);
        // Without --interval, nngcat sends once, then receives until 2 s pass without a message.
        CatPeers.start(dir, 60, "nngcat", "--pair1", "--dial", "ipc://" + sock, "--async", "--data", "hi pair1",
            "--recv-timeout", "2").awaitSuccess();
        final Run pair = cat.get(WAIT_MS, TimeUnit.MILLISECONDS);
        assertThat(pair.exitCode).as(pair.toString()).isZero();
        assertThat(pair.out).isEqualTo("\"hi pair1\"\n");
    }

    @Test
    void shouldAnswerNngcatsRequestsAsARep() throws Exception {
        final Path sock = dir.resolve("rep.sock");
        final CompletableFuture<Run> cat = CompletableFuture.supplyAsync(() -> Run.of("cat", "--rep0", "--listen",
            "ipc://" + sock, "--data", "pong", "--quoted", "--count", "2", "--recv-timeout", "30"));
        CatPeers.awaitListening(sock, WAIT_MS);
        for (int i = 1; i <= 2; i++) {
            final CatPeers.Proc req = CatPeers.start(dir, 60, "nngcat", "--req0", "--dial", "ipc://" + sock,
                "--data", "ping " + i, "--quoted", "--recv-timeout", "30");
            req.awaitSuccess();
            final int request = i;
            assertThat(req.stdout()).as(() -> unanswered(request, req, cat)).isEqualTo("\"pong\"\n");
        }
        final Run rep = cat.get(WAIT_MS, TimeUnit.MILLISECONDS);
        assertThat(rep.exitCode).as(rep.toString()).isZero();
        assertThat(rep.out).isEqualTo("\"ping 1\"\n\"ping 2\"\n");
    }

    /**
     * What a failure of the REP test needs to be told apart: nngcat's error stream, and the cat's output and error
     * stream once it has stopped (at its receive timeout): did the request reach the cat's handler, and was the
     * answer refused.
     */
    private static String unanswered(final int request, final CatPeers.Proc req, final CompletableFuture<Run> cat) {
        String nngcatErr;
        try {
            nngcatErr = req.stderr();
        } catch (final java.io.IOException e) {
            nngcatErr = "(unreadable: " + e + ")";
        }
        String rep;
        try {
            rep = cat.get(2 * WAIT_MS, TimeUnit.MILLISECONDS).toString();
        } catch (final Exception e) {
            rep = "(the cat did not stop: " + e + ")";
        }
        return "nngcat's request " + request + " was not answered with \"pong\"; nngcat's stderr: " + nngcatErr
            + "\nthe cat: " + rep;
    }

    @Test
    void shouldAskNngcatRepAndSurveyNngcatRespondents() throws Exception {
        final Path repSock = dir.resolve("nng-rep.sock");
        final CatPeers.Proc rep = CatPeers.start(dir, 60, "nngcat", "--rep0", "--listen", "ipc://" + repSock, "--data",
            "pong", "--count", "1");
        CatPeers.awaitListening(repSock, WAIT_MS);
        // --async: a request waits (bounded by --send-timeout) until the connection is up.
        final Run req = Run.of("cat", "--req0", "--dial", "ipc://" + repSock, "--async", "--send-timeout", "30",
            "--data", "ping", "--quoted", "--recv-timeout", "30");
        assertThat(req.exitCode).as(req.toString()).isZero();
        assertThat(req.out).isEqualTo("\"pong\"\n");
        rep.awaitSuccess();

        // The survey waits for a respondent (a survey to nobody is not sent), then prints for the survey time:
        // 5 s, not NNG's 1 s, so that a loaded machine's response still counts.
        final Path surveySock = dir.resolve("survey.sock");
        final CompletableFuture<Run> surveyor = CompletableFuture.supplyAsync(() -> Run.of("cat", "--surveyor",
            "--listen", "ipc://" + surveySock, "--send-timeout", "30", "--data", "roll call", "--quoted",
            "--survey-time", "5"));
        CatPeers.awaitListening(surveySock, WAIT_MS);
        final CatPeers.Proc respondent = CatPeers.start(dir, 60, "nngcat", "--respondent0", "--dial",
            "ipc://" + surveySock, "--data", "present", "--count", "1");
        respondent.awaitSuccess();
        final Run survey = surveyor.get(WAIT_MS, TimeUnit.MILLISECONDS);
        assertThat(survey.exitCode).as(survey.toString()).isZero();
        assertThat(survey.out).isEqualTo("\"present\"\n");
    }

    @Test
    void shouldTakeEveryProtocolFlagAndItsRules() {
        final String at = "tcp://127.0.0.1:0";
        assertThat(parse("--pub0", "--listen", at, "-D", "x").protocol).isEqualTo(SpProtocol.PUB);
        assertThat(parse("--pub", "--listen", at, "-D", "x").protocol).isEqualTo(SpProtocol.PUB);
        assertThat(parse("--sub", "--listen", at).protocol).isEqualTo(SpProtocol.SUB);
        assertThat(parse("--bus0", "--listen", at).protocol).isEqualTo(SpProtocol.BUS);
        assertThat(parse("--bus", "--listen", at).protocol).isEqualTo(SpProtocol.BUS);
        assertThat(parse("--pair1", "--listen", at).protocol).isEqualTo(SpProtocol.PAIR1);
        assertThat(parse("--pair", "--listen", at).protocol).isEqualTo(SpProtocol.PAIR1);
        assertThat(parse("--rep", "--listen", at, "-D", "x").protocol).isEqualTo(SpProtocol.REP);
        assertThat(parse("--req", "--listen", at, "-D", "x").protocol).isEqualTo(SpProtocol.REQ);
        assertThat(parse("--surveyor0", "--listen", at, "-D", "x").protocol).isEqualTo(SpProtocol.SURVEYOR);
        assertThat(parse("--surveyor0", "--listen", at, "-D", "x", "--survey-time", "2.5").surveyTimeSec).isEqualTo(2.5);
        assertThatThrownBy(() -> parse("--respondent0", "--listen", at, "--survey-time", "2"))
            .hasMessageContaining("--survey-time goes with --surveyor0 only");
        assertThatThrownBy(() -> parse("--surveyor0", "--listen", at, "-D", "x", "--survey-time", "0"))
            .hasMessageContaining("--survey-time must be at least 0.001 seconds");
        assertThatThrownBy(() -> parse("--req0", "--listen", at)).hasMessageContaining("no data");
        assertThat(parse("--respondent0", "--listen", at).protocol).isEqualTo(SpProtocol.RESPONDENT);
        assertThatThrownBy(() -> parse("--rep0", "--listen", at, "-D", "x", "--interval", "1"))
            .hasMessageContaining("no --interval");
        final CatRun.Settings sub = parse("--sub0", "--listen", at, "--subscribe", "a", "--subscribe", "bc");
        assertThat(sub.subscriptions).containsExactly("a".getBytes(StandardCharsets.UTF_8),
            "bc".getBytes(StandardCharsets.UTF_8));
        assertThat(parse("--sub0", "--listen", at).subscriptions).as("none given: everything")
            .containsExactly(new byte[0]);
        assertThatThrownBy(() -> parse("--pull0", "--listen", at, "--subscribe", "a"))
            .hasMessageContaining("--subscribe goes with --sub0 only");
        assertThatThrownBy(() -> parse("--sub0", "--listen", at, "--data", "x")).hasMessageContaining("--sub0 receives only");
        assertThatThrownBy(() -> parse("--sub0", "--listen", at, "--interval", "1")).hasMessageContaining("--interval");
        assertThatThrownBy(() -> parse("--pub0", "--listen", at, "--hex", "-D", "x")).hasMessageContaining("output format");
        assertThatThrownBy(() -> parse("--pub0", "--listen", at)).hasMessageContaining("no data");
        assertThatThrownBy(() -> parse("--pub0", "--sub0", "--listen", at)).hasMessageContaining("one protocol");
    }

    @Test
    void shouldReportTheBoundAddressAndStopAfterTheReceiveTimeout() {
        final long start = System.nanoTime();
        final Run run = Run.of("cat", "--pull0", "--listen", "tcp://127.0.0.1:0", "-v", "--hex", "--recv-timeout", "0.3");
        final long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertThat(run.exitCode).as(run.toString()).isZero();
        assertThat(run.out).matches("Listening at: tcp://127\\.0\\.0\\.1:[1-9][0-9]*\n");
        // Not a timing: the cat waited for its 0.3 s receive timeout before it stopped (load can only make that
        // later), and it did stop. The upper bound only catches a cat that never stops: it is 100 x the timeout.
        assertThat(ms).isBetween(250L, WAIT_MS);
    }

    @Test
    void shouldSayWhenTheReceiveTimeoutEndsARunShortOfItsCount() {
        final Run run = Run.of("cat", "--pull0", "--listen", "tcp://127.0.0.1:0", "--hex", "--count", "2",
            "--recv-timeout", "0.3");
        assertThat(run.exitCode).as(run.toString()).isZero();
        assertThat(run.out).isEmpty();
        assertThat(run.err).contains("sprocket cat: the receive timeout (0.3 s) passed after 0 of 2 messages;",
            "accepted=0", "framesIn=0");
    }

    @Test
    void shouldFailASynchronousDialThatIsRefused() {
        final Run run = Run.of("cat", "--push0", "--dial", "ipc://" + dir.resolve("nobody.sock"), "--data", "x");
        assertThat(run.exitCode).isEqualTo(CatRun.FAILED);
        assertThat(run.err).contains("cannot dial");
    }

    @Test
    void shouldTakeNngcatsAliasesAndBothOptionForms() {
        final CatRun.Settings s = parse("--pair0", "-L", "5555", "-x", "/tmp/a", "-Q", "-C", "4", "-Z", "100",
            "--recv-timeout=1.5", "--connect-local=6000", "-X=/tmp/b");
        assertThat(s.protocol).isEqualTo(SpProtocol.PAIR0);
        assertThat(s.listen).containsExactly("tcp://127.0.0.1:5555", "ipc:///tmp/b");
        assertThat(s.dial).containsExactly("tcp://127.0.0.1:6000", "ipc:///tmp/a");
        assertThat(s.format).isEqualTo(CatFormat.QUOTED);
        assertThat(s.count).isEqualTo(4);
        assertThat(s.recvMaxSizeBytes).isEqualTo(100);
        assertThat(s.recvTimeoutSec).isEqualTo(1.5);
        assertThat(parse("--pull", "--bind", "tcp://127.0.0.1:0", "--format", "ascii").format).isEqualTo(CatFormat.ASCII);
        assertThat(parse("--push", "--connect", "tcp://127.0.0.1:1", "--data", "x").recvMaxSizeBytes)
            .as("no -Z: the transport's own limit").isEqualTo(-1);
    }

    @Test
    void shouldTakeABeginningOfALongOptionThatNamesItAloneAsNngcatDoes() {
        // nngcat 1.5.2 takes --recv-time for --recv-timeout and --respond for --respondent0 (aliases of one option
        // count once), and refuses --re, which begins eight, with status 1.
        final Run respondent = Run.of("cat", "--respond", "--list", "tcp://127.0.0.1:0", "-v", "--recv-time", "0.2");
        assertThat(respondent.exitCode).as(respondent.toString()).isZero();
        assertThat(respondent.out).startsWith("Listening at: tcp://127.0.0.1:");
        assertThat(Run.of("cat", "--pul", "--list", "tcp://127.0.0.1:0", "--recv-time", "0.2").exitCode).isZero();
        final Run ambiguous = Run.of("cat", "--pull0", "--listen", "tcp://127.0.0.1:0", "--re", "1");
        assertThat(ambiguous.exitCode).isEqualTo(1);
        assertThat(ambiguous.err).contains("'--re' is not unique", "--recv-timeout", "--respondent0");
    }

    @Test
    void shouldRefuseBadOptionsNamingThem() {
        assertThatThrownBy(() -> parse("--push0", "--pull0", "--listen", "tcp://127.0.0.1:0"))
            .hasMessageContaining("one protocol");
        assertThatThrownBy(() -> parse("--listen", "tcp://127.0.0.1:0")).hasMessageContaining("give a protocol");
        assertThatThrownBy(() -> parse("--pull0", "--listen", "tcp://127.0.0.1:0", "--count", "-1"))
            .hasMessageContaining("--count");
        assertThatThrownBy(() -> parse("--pull0", "--listen", "tcp://127.0.0.1:0", "--hex", "--quoted"))
            .hasMessageContaining("one output format");
        assertThatThrownBy(() -> parse("--pull0", "--listen", "tcp://127.0.0.1:0", "--format", "octal"))
            .hasMessageContaining("octal");
        assertThatThrownBy(() -> parse("--pull0", "--listen", "tcp://127.0.0.1:0", "--data", "x"))
            .hasMessageContaining("--data");
        assertThatThrownBy(() -> parse("--push0", "--listen", "tcp://127.0.0.1:0", "--hex", "--data", "x"))
            .hasMessageContaining("output format");
        assertThatThrownBy(() -> parse("--push0", "--data", "x")).hasMessageContaining("--listen or --dial");
        assertThatThrownBy(() -> parse("--push0", "--listen", "tcp://127.0.0.1:0")).hasMessageContaining("no data");
        assertThatThrownBy(() -> parse("--pull0", "--listen", "udp://x:1")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> parse("--pull0", "--listen", "tcp://127.0.0.1:0", "--recv-timeout", "-2"))
            .hasMessageContaining("--recv-timeout");

        final Run unknown = Run.of("cat", "--bogus");
        assertThat(unknown.exitCode).as("as nngcat").isEqualTo(1);
        assertThat(unknown.err).contains("--bogus");
        final Run notANumber = Run.of("cat", "--pull0", "--listen", "tcp://127.0.0.1:0", "--count", "many");
        assertThat(notANumber.exitCode).isEqualTo(1);
        assertThat(notANumber.err).contains("--count", "many");
        final Run missing = Run.of("cat", "--pull0");
        assertThat(missing.exitCode).isEqualTo(1);
        assertThat(missing.err).contains("--listen or --dial", "sprocket-perf cat --help");
    }

    @Test
    void shouldListEveryOptionInItsHelp() {
        final Run help = Run.of("cat", "--help");
        assertThat(help.exitCode).isZero();
        assertThat(help.out).contains("nngcat-like", "--push0", "--pull0", "--pair0", "--pair, --pair1", "--pub0",
            "--sub0", "--subscribe=TOPIC", "--req0", "--rep0", "--surveyor0", "--respondent0", "--bus0", "--listen=URL", "--dial=URL",
            "-L, --bind-local=PORT", "-x, --connect-ipc=PATH", "--hex", "-Q, --quoted", "--raw", "-A, --ascii",
            "--format", "--msgpack", "-D, --data=TEXT", "-F, --file=FILE", "-C, --count=N", "-i, --interval=SEC", "-d, --delay=SEC",
            "--recv-timeout=SEC", "--send-timeout=SEC", "-Z, --recv-maxsz=BYTES", "--async", "-v, --verbose",
            "Exit status");
    }
}
