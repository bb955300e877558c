package io.sprocket.transport;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.sprocket.message.Addr;
import io.sprocket.message.Message;
import io.sprocket.message.Waits;
import io.sprocket.registry.SpSocket;

/** PUB/SUB, PAIR1, REQ/REP, SURVEYOR/RESPONDENT and BUS between Sprocket and NNG 1.5.2's nngcat, over loopback TCP and IPC. */
class ProtocolInteropTest {
    @TempDir
    Path dir;

    @BeforeAll
    static void requireNngcat() {
        Peers.require("nngcat", "nng-utils");
    }

    private static TransportStats stats(final Node n) {
        return n.transport.stats(new TransportStats());
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp", "ipc"})
    void shouldDeliverOnlyTheSubscribedPartOfWhatNngcatPublishes(final String kind) throws Exception {
        try (Node n = new Node("sub")) {
            final SpSocket sub = n.socket(SpProtocol.SUB);
            n.transport.subscriptions(sub).subscribe("alpha".getBytes(US_ASCII));
            n.transport.subscriptions(sub).subscribe("gam".getBytes(US_ASCII));
            final Listener l = n.transport.listen(sub, Peers.listenAddr(dir, kind));
            for (final String data : new String[] {"alpha 1", "beta 1", "gamma 1"}) {
                // nngcat's PUB drops what it sends before its connection is up: it dials first (synchronously),
                // then waits a second before sending.
                Peers.start(dir, 60, "nngcat", "--pub0", "--dial", l.boundAddr().toString(), "--data", data,
                    "--delay", "1", "--count", "2").awaitSuccess();
            }
            assertThat(n.collector.texts(4)).containsExactly("alpha 1", "alpha 1", "gamma 1", "gamma 1");
            Waits.await("the beta messages counted", Node.WAIT_MS, () -> stats(n).unsubscribed() == 2);
            assertThat(n.collector.count()).isEqualTo(4);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp", "ipc"})
    void shouldPublishToTwoNngcatSubscribersEachItsTopic(final String kind) throws Exception {
        try (Node n = new Node("pub")) {
            final SpSocket pub = n.socket(SpProtocol.PUB);
            final Listener l = n.transport.listen(pub, Peers.listenAddr(dir, kind));
            final Peers.Proc alpha = Peers.start(dir, 60, "nngcat", "--sub0", "--dial", l.boundAddr().toString(),
                "--subscribe", "alpha", "--quoted", "--count", "3", "--recv-timeout", "30");
            final Peers.Proc beta = Peers.start(dir, 60, "nngcat", "--sub0", "--dial", l.boundAddr().toString(),
                "--subscribe", "beta", "--quoted", "--count", "3", "--recv-timeout", "30");
            assertThat(n.transport.awaitReady(pub, 2, Node.WAIT_NS)).isTrue();
            for (int i = 1; i <= 3; i++) {
                n.send(pub, ("alpha " + i).getBytes(US_ASCII));
                n.send(pub, ("beta " + i).getBytes(US_ASCII));
                n.send(pub, ("gamma " + i).getBytes(US_ASCII));
            }
            alpha.awaitSuccess();
            beta.awaitSuccess();
            assertThat(alpha.stdout()).isEqualTo("\"alpha 1\"\n\"alpha 2\"\n\"alpha 3\"\n");
            assertThat(beta.stdout()).isEqualTo("\"beta 1\"\n\"beta 2\"\n\"beta 3\"\n");
            assertThat(stats(n).fanOutDrops()).isZero();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp", "ipc"})
    void shouldSpeakPairOneWithNngcatBothWays(final String kind) throws Exception {
        try (Node n = new Node("pair1")) {
            final SpSocket pair = n.socket(SpProtocol.PAIR1);
            final Listener l = n.transport.listen(pair, Peers.listenAddr(dir, kind));
            n.answer(pair, "pong");
            // Without --interval nngcat sends once, then prints what comes until its receive timeout passes
            // without a message (with --interval that timeout can go negative and it dies: see
            // docs/research/nng-protocols.md); the test stops it once the answer is printed.
            final Peers.Proc nngcat = Peers.start(dir, 60, "nngcat", "--pair1", "--dial", l.boundAddr().toString(),
                "--data", "ping", "--quoted", "--recv-timeout", "30");
            nngcat.stopOncePrinted("\"pong\"\n");
            assertThat(n.collector.texts(1)).containsExactly("ping");
            assertThat(stats(n).protocolViolations()).isZero();
        }
        // Sprocket dials an nngcat that listens and only receives.
        try (Node n = new Node("pair1-dialer")) {
            final SpSocket pair = n.socket(SpProtocol.PAIR1);
            final String at = "ipc://" + dir.resolve("nng-pair1.sock");
            final Peers.Proc nngcat = Peers.start(dir, 60, "nngcat", "--pair1", "--listen", at, "--quoted", "--count",
                "1", "--recv-timeout", "30");
            n.transport.dial(pair, Addr.parse(at));
            assertThat(n.transport.awaitReady(pair, 1, Node.WAIT_NS)).isTrue();
            n.send(pair, "hello nng".getBytes(US_ASCII));
            nngcat.awaitSuccess();
            assertThat(nngcat.stdout()).isEqualTo("\"hello nng\"\n");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp", "ipc"})
    void shouldAnswerNngcatRequestsFromARep(final String kind) throws Exception {
        try (Node n = new Node("rep")) {
            final SpSocket rep = n.socket(SpProtocol.REP);
            final Listener l = n.transport.listen(rep, Peers.listenAddr(dir, kind));
            final byte[] pong = "pong".getBytes(US_ASCII);
            n.collector.also = (m, seq, end) -> {
                final Message r = n.ring.clonePool().acquire(pong.length).putPayload(pong, 0, pong.length);
                if (!n.transport.reply(m, r)) {
                    r.release();
                }
            };
            for (int i = 1; i <= 2; i++) {
                // nngcat's REQ prints the reply, then stops (its next receive has no request to wait for).
                final Peers.Proc req = Peers.start(dir, 60, "nngcat", "--req0", "--dial", l.boundAddr().toString(),
                    "--data", "ping " + i, "--quoted", "--recv-timeout", "30");
                req.awaitSuccess();
                assertThat(req.stdout()).isEqualTo("\"pong\"\n");
            }
            assertThat(n.collector.texts(2)).containsExactly("ping 1", "ping 2");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp", "ipc"})
    void shouldAskNngcatRepAndResendWhenItStaysSilent(final String kind) throws Exception {
        // The default resend time (60 s): a resend here, on a loaded machine, would be nngcat's second
        // request and end it before "ping 2".
        try (Node n = new Node("req")) {
            final SpSocket req = n.socket(SpProtocol.REQ);
            final java.util.Map<Long, String> replies = new java.util.concurrent.ConcurrentHashMap<>();
            n.collector.also = (m, seq, end) -> {
                final byte[] b = new byte[m.length()];
                m.buffer().getBytes(0, b);
                replies.put(Transport.requestId(m), new String(b, US_ASCII));
            };
            // Over ipc nngcat listens and Sprocket dials it; over tcp Sprocket listens.
            final String[] at = Peers.link(n, req, dir, kind);
            final Peers.Proc rep = Peers.start(dir, 60, "nngcat", "--rep0", at[0], at[1], "--data", "pong", "--count",
                "2");
            assertThat(n.transport.awaitReady(req, 1, Node.WAIT_NS)).isTrue();
            final long first = n.request(req, "ping 1");
            Waits.await("the first reply", Node.WAIT_MS, () -> replies.size() == 1);
            final long second = n.request(req, "ping 2");
            Waits.await("the second reply", Node.WAIT_MS, () -> replies.size() == 2);
            rep.awaitSuccess();
            assertThat(replies).containsEntry(first, "pong").containsEntry(second, "pong");
        }
        // A REP that prints requests and never answers: the REQ sends the same request again.
        try (Node n = new Node("req-resend", Node.config(), b -> b.resendTimeNs(TimeUnit.MILLISECONDS.toNanos(200)))) {
            final SpSocket req = n.socket(SpProtocol.REQ);
            final String[] at = Peers.link(n, req, dir, kind);
            final Peers.Proc rep = Peers.start(dir, 60, "nngcat", "--rep0", at[0], at[1], "--quoted", "--count", "2",
                "--recv-timeout", "30");
            assertThat(n.transport.awaitReady(req, 1, Node.WAIT_NS)).isTrue();
            n.request(req, "anyone?");
            rep.awaitSuccess();
            assertThat(rep.stdout()).isEqualTo("\"anyone?\"\n\"anyone?\"\n");
            assertThat(stats(n).requestsResent()).isPositive();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp", "ipc"})
    void shouldSurveyTwoNngcatRespondents(final String kind) throws Exception {
        // A survey time longer than the test's waits: the responses count however loaded the machine is.
        try (Node n = new Node("surveyor", Node.config(), b -> b.surveyTimeNs(TimeUnit.SECONDS.toNanos(60)))) {
            final SpSocket surveyor = n.socket(SpProtocol.SURVEYOR);
            final Listener l = n.transport.listen(surveyor, Peers.listenAddr(dir, kind));
            final Peers.Proc a = Peers.start(dir, 60, "nngcat", "--respondent0", "--dial", l.boundAddr().toString(),
                "--data", "here a", "--count", "1");
            final Peers.Proc b = Peers.start(dir, 60, "nngcat", "--respondent0", "--dial", l.boundAddr().toString(),
                "--data", "here b", "--count", "1");
            assertThat(n.transport.awaitReady(surveyor, 2, Node.WAIT_NS)).isTrue();
            final long id = n.request(surveyor, "who is there");
            final List<Collector.Received> got = n.collector.await(2, Node.WAIT_MS);
            assertThat(got.stream().map(r -> new String(r.bytes, US_ASCII))).containsExactlyInAnyOrder("here a", "here b");
            a.awaitSuccess();
            b.awaitSuccess();
            assertThat(id).isPositive();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp", "ipc"})
    void shouldRespondToAnNngcatSurveyor(final String kind) throws Exception {
        try (Node n = new Node("respondent")) {
            final SpSocket respondent = n.socket(SpProtocol.RESPONDENT);
            n.answer(respondent, "present");
            // Over ipc nngcat listens and Sprocket dials it; over tcp Sprocket listens. nngcat prints the responses
            // that come within a survey's 1 s survey time.
            Peers.answerSurveys(n, respondent, dir, kind, "nngcat", "--surveyor0");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp", "ipc"})
    void shouldPassBusMessagesBetweenTwoNngcatsNeverBackToTheSender(final String kind) throws Exception {
        try (Node n = new Node("bus")) {
            final SpSocket bus = n.socket(SpProtocol.BUS);
            final Listener l = n.transport.listen(bus, Peers.listenAddr(dir, kind));
            // The hub passes on each message it receives: to every peer but the one it came from.
            n.passOn(bus);
            // Each nngcat dials (synchronously), waits 6 s for the other to be connected too (both start at
            // once: the margin is for a loaded machine), sends once, then prints what comes until 6 s pass
            // without a message.
            final Peers.Proc a = Peers.start(dir, 60, "nngcat", "--bus0", "--dial", l.boundAddr().toString(),
                "--data", "from a", "--delay", "6", "--quoted", "--recv-timeout", "6");
            final Peers.Proc b = Peers.start(dir, 60, "nngcat", "--bus0", "--dial", l.boundAddr().toString(),
                "--data", "from b", "--delay", "6", "--quoted", "--recv-timeout", "6");
            a.awaitSuccess();
            b.awaitSuccess();
            assertThat(a.stdout()).isEqualTo("\"from b\"\n");
            assertThat(b.stdout()).isEqualTo("\"from a\"\n");
            assertThat(n.collector.texts(2)).containsExactlyInAnyOrder("from a", "from b");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp", "ipc"})
    void shouldPassAnNngcatBusMessageOnToTheOtherPeerButNotBackToItsSender(final String kind) throws Exception {
        try (Node n = new Node("bus")) {
            final SpSocket bus = n.socket(SpProtocol.BUS);
            final Listener l = n.transport.listen(bus, Peers.listenAddr(dir, kind));
            n.passOn(bus);
            // The receiver prints two messages; the sender dials (synchronously), sends once a second later (its
            // connection is up by then), then prints what comes until it is stopped.
            final Peers.Proc receiver = Peers.start(dir, 60, "nngcat", "--bus0", "--dial", l.boundAddr().toString(),
                "--quoted", "--count", "2", "--recv-timeout", "30");
            assertThat(n.transport.awaitReady(bus, 1, Node.WAIT_NS)).isTrue();
            final Peers.Proc sender = Peers.start(dir, 60, "nngcat", "--bus0", "--dial", l.boundAddr().toString(),
                "--data", "from s", "--delay", "1", "--quoted", "--recv-timeout", "30");
            try {
                receiver.awaitStdout("\"from s\"\n");
                // The hub has passed the message on: a copy back to the sender would have been queued then, in
                // front of this one.
                n.send(bus, "from hub".getBytes(US_ASCII));
                sender.awaitStdout("\"from hub\"\n");
            } finally {
                sender.kill();
                sender.await();
            }
            receiver.awaitSuccess();
            assertThat(receiver.stdout()).isEqualTo("\"from s\"\n\"from hub\"\n");
            assertThat(sender.stdout()).isEqualTo("\"from hub\"\n");
            assertThat(n.collector.texts(1)).containsExactly("from s");
        }
    }
}
