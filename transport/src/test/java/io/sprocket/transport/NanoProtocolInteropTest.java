package io.sprocket.transport;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.sprocket.message.Message;
import io.sprocket.message.Waits;
import io.sprocket.registry.SpSocket;

/**
 * REQ/REP, PUB/SUB, PAIR (v0), SURVEYOR/RESPONDENT and BUS between Sprocket and nanomsg 1.1.5's nanocat, over
 * loopback TCP and IPC. Sprocket listens and nanocat connects (nanomsg cannot bind a TCP port the system picks),
 * but a Sprocket REQ or RESPONDENT dials over IPC, to a nanocat that binds.
 */
class NanoProtocolInteropTest {
    @TempDir
    Path dir;

    @BeforeAll
    static void requireNanocat() {
        Peers.require("nanocat", "nanomsg-utils");
    }

    private static String text(final Message m) {
        final byte[] b = new byte[m.length()];
        m.buffer().getBytes(0, b);
        return new String(b, US_ASCII);
    }

    private static List<String> lines(final Peers.Proc p) throws Exception {
        return Arrays.asList(p.stdout().split("\n"));
    }

    private static TransportStats stats(final Node n) {
        return n.transport.stats(new TransportStats());
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp", "ipc"})
    void shouldAnswerANanocatRequest(final String kind) throws Exception {
        try (Node n = new Node("rep")) {
            final SpSocket rep = n.socket(SpProtocol.REP);
            final Listener l = n.transport.listen(rep, Peers.listenAddr(dir, kind));
            n.answer(rep, "pong");
            // nanocat's REQ keeps its request until it is connected, prints the reply and stops; without one it would
            // wait 30 s.
            final Peers.Proc req = Peers.start(dir, 60, "nanocat", "--req", "--connect", l.boundAddr().toString(),
                "--data", "ping", "--quoted", "--recv-timeout", "30");
            req.awaitSuccess();
            assertThat(req.stdout()).isEqualTo("\"pong\"\n");
            assertThat(n.collector.await(1, Node.WAIT_MS).get(0).bytes).isEqualTo("ping".getBytes(US_ASCII));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp", "ipc"})
    void shouldPublishToANanocatSubscriberOnlyItsTopic(final String kind) throws Exception {
        try (Node n = new Node("pub")) {
            final SpSocket pub = n.socket(SpProtocol.PUB);
            final Listener l = n.transport.listen(pub, Peers.listenAddr(dir, kind));
            // nanocat prints what it is subscribed to until it is stopped: once the last message is printed, every
            // one before it has come (one connection, in order).
            final Peers.Proc sub = Peers.start(dir, 60, "nanocat", "--sub", "--connect", l.boundAddr().toString(),
                "--subscribe", "alpha", "--quoted");
            try {
                assertThat(n.transport.awaitReady(pub, 1, Node.WAIT_NS)).isTrue();
                for (final String s : new String[] {"alpha 1", "beta 1", "alpha 2"}) {
                    n.send(pub, s.getBytes(US_ASCII));
                }
                sub.awaitStdout("\"alpha 2\"\n");
            } finally {
                sub.kill();
                sub.await();
            }
            assertThat(sub.stdout()).isEqualTo("\"alpha 1\"\n\"alpha 2\"\n");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp", "ipc"})
    void shouldPairWithNanocat(final String kind) throws Exception {
        try (Node n = new Node("pair0")) {
            final SpSocket pair = n.socket(SpProtocol.PAIR0);
            final Listener l = n.transport.listen(pair, Peers.listenAddr(dir, kind));
            n.answer(pair, "hello nanomsg");
            // nanocat's PAIR sends once (its send waits for the connection), then prints what comes until it is
            // stopped.
            final Peers.Proc nanocat = Peers.start(dir, 60, "nanocat", "--pair", "--connect", l.boundAddr().toString(),
                "--data", "hello sprocket", "--quoted");
            try {
                nanocat.awaitStdout("\"hello nanomsg\"\n");
            } finally {
                nanocat.kill();
                nanocat.await();
            }
            assertThat(nanocat.stdout()).isEqualTo("\"hello nanomsg\"\n");
            assertThat(n.collector.await(1, Node.WAIT_MS).get(0).bytes).isEqualTo("hello sprocket".getBytes(US_ASCII));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp", "ipc"})
    void shouldSurveyANanocatRespondent(final String kind) throws Exception {
        // A survey time longer than the test's waits: the response counts however loaded the machine is.
        try (Node n = new Node("surveyor", Node.config(), b -> b.surveyTimeNs(TimeUnit.SECONDS.toNanos(60)))) {
            final SpSocket surveyor = n.socket(SpProtocol.SURVEYOR);
            final Listener l = n.transport.listen(surveyor, Peers.listenAddr(dir, kind));
            // nanocat's RESPONDENT answers every survey until it is stopped.
            final Peers.Proc respondent = Peers.start(dir, 60, "nanocat", "--respondent", "--connect",
                l.boundAddr().toString(), "--data", "here");
            try {
                assertThat(n.transport.awaitReady(surveyor, 1, Node.WAIT_NS)).isTrue();
                n.request(surveyor, "roll call");
                final Collector.Received got = n.collector.await(1, Node.WAIT_MS).get(0);
                assertThat(got.bytes).isEqualTo("here".getBytes(US_ASCII));
            } finally {
                respondent.kill();
                respondent.await();
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp", "ipc"})
    void shouldRespondToANanocatSurveyor(final String kind) throws Exception {
        try (Node n = new Node("respondent")) {
            final SpSocket respondent = n.socket(SpProtocol.RESPONDENT);
            n.answer(respondent, "present");
            // Over ipc nanocat binds and Sprocket dials it; over tcp Sprocket listens. nanocat prints the responses
            // that come within a survey's 1 s deadline.
            Peers.answerSurveys(n, respondent, dir, kind, "nanocat", "--surveyor");
            assertThat(stats(n).protocolViolations()).isZero();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp", "ipc"})
    void shouldDeliverOnlyTheSubscribedPartOfWhatNanocatPublishesInOrder(final String kind) throws Exception {
        try (Node n = new Node("sub")) {
            final SpSocket sub = n.socket(SpProtocol.SUB);
            n.transport.subscriptions(sub).subscribe("alpha".getBytes(US_ASCII));
            n.transport.subscriptions(sub).subscribe("gam".getBytes(US_ASCII));
            final Listener l = n.transport.listen(sub, Peers.listenAddr(dir, kind));
            final List<String> published = List.of("alpha 1", "beta 1", "gamma 1", "alph", "", "alphabet");
            final Set<String> subscribed = Set.of("alpha 1", "gamma 1", "alphabet");
            // nanocat publishes one payload, every 50 ms until it is stopped, and loses what it sends before it is
            // connected. So one publisher at a time: stopped once two of its messages have come (or been filtered
            // out), and its connection seen closed (after everything it sent) before the next starts.
            for (final String data : published) {
                final boolean wanted = subscribed.contains(data);
                final long before = wanted ? n.collector.count() : stats(n).unsubscribed();
                final Peers.Proc pub = Peers.start(dir, 60, "nanocat", "--pub", "--connect", l.boundAddr().toString(),
                    "--data", data, "--interval", "0.05");
                try {
                    Waits.await("two of \"" + data + "\"", Node.WAIT_MS,
                        () -> (wanted ? n.collector.count() : stats(n).unsubscribed()) >= before + 2);
                } finally {
                    pub.kill();
                    pub.await();
                }
                Waits.await("the publisher gone", Node.WAIT_MS, () -> n.transport.readyConnections(sub) == 0);
            }
            final List<String> got = n.collector.all().stream().map(r -> new String(r.bytes, US_ASCII))
                .collect(Collectors.toList());
            assertThat(got).allMatch(subscribed::contains);
            // Each publisher's messages in one run, the runs in the order they were published, each of two or more.
            final List<String> runs = new ArrayList<>();
            for (final String g : got) {
                if (runs.isEmpty() || !runs.get(runs.size() - 1).equals(g)) {
                    runs.add(g);
                }
            }
            assertThat(runs).containsExactly("alpha 1", "gamma 1", "alphabet");
            assertThat(got).filteredOn("alpha 1"::equals).hasSizeGreaterThanOrEqualTo(2);
            assertThat(got).filteredOn("gamma 1"::equals).hasSizeGreaterThanOrEqualTo(2);
            assertThat(got).filteredOn("alphabet"::equals).hasSizeGreaterThanOrEqualTo(2);
            assertThat(stats(n).unsubscribed()).isGreaterThanOrEqualTo(6);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp", "ipc"})
    void shouldAskANanocatRepAndMatchEachReplyToItsRequest(final String kind) throws Exception {
        try (Node n = new Node("req")) {
            final SpSocket req = n.socket(SpProtocol.REQ);
            final Map<Long, String> replies = new ConcurrentHashMap<>();
            n.collector.also = (m, seq, end) -> replies.put(Transport.requestId(m), text(m));
            // Over ipc nanocat binds and Sprocket dials it; over tcp Sprocket listens.
            final String[] at = Peers.link(n, req, dir, kind);
            // nanocat's REP prints each request and answers it with its --data, until it is stopped.
            final Peers.Proc rep = Peers.start(dir, 60, "nanocat", "--rep", at[0], at[1], "--data", "pong", "--quoted");
            final long[] ids = new long[3];
            try {
                assertThat(n.transport.awaitReady(req, 1, Node.WAIT_NS)).isTrue();
                // Three requests outstanding at once: nanocat answers them one by one, each behind its own id.
                for (int i = 0; i < ids.length; i++) {
                    ids[i] = n.request(req, "ping " + (i + 1));
                }
                Waits.await("three replies", Node.WAIT_MS, () -> replies.size() == ids.length);
                rep.awaitStdout("\"ping 3\"\n");
            } finally {
                rep.kill();
                rep.await();
            }
            assertThat(ids).doesNotHaveDuplicates();
            assertThat(replies).containsOnlyKeys(ids[0], ids[1], ids[2]);
            assertThat(replies.values()).containsOnly("pong");
            assertThat(n.collector.count()).isEqualTo(3);
            assertThat(rep.stdout()).isEqualTo("\"ping 1\"\n\"ping 2\"\n\"ping 3\"\n");
            assertThat(stats(n).staleReplies()).isZero();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp", "ipc"})
    void shouldPassBusMessagesBetweenTwoNanocatsNeverBackToTheSender(final String kind) throws Exception {
        try (Node n = new Node("bus")) {
            final SpSocket bus = n.socket(SpProtocol.BUS);
            final Listener l = n.transport.listen(bus, Peers.listenAddr(dir, kind));
            // The hub passes on each message it receives: to every peer but the one it came from.
            n.passOn(bus);
            // Each nanocat sends its --data every 100 ms and prints what comes in between, until it is stopped.
            final Peers.Proc a = Peers.start(dir, 60, "nanocat", "--bus", "--connect", l.boundAddr().toString(),
                "--data", "from a", "--interval", "0.1", "--quoted");
            final Peers.Proc b = Peers.start(dir, 60, "nanocat", "--bus", "--connect", l.boundAddr().toString(),
                "--data", "from b", "--interval", "0.1", "--quoted");
            try {
                a.awaitStdout("\"from b\"\n");
                b.awaitStdout("\"from a\"\n");
                // Each one's message has been passed on to the other: a copy sent back to its sender would have
                // been queued then, in front of this one.
                n.send(bus, "from hub".getBytes(US_ASCII));
                a.awaitStdout("\"from hub\"\n");
                b.awaitStdout("\"from hub\"\n");
            } finally {
                a.kill();
                b.kill();
                a.await();
                b.await();
            }
            assertThat(lines(a)).containsOnly("\"from b\"", "\"from hub\"").containsOnlyOnce("\"from hub\"");
            assertThat(lines(b)).containsOnly("\"from a\"", "\"from hub\"").containsOnlyOnce("\"from hub\"");
            assertThat(n.collector.all().stream().map(r -> new String(r.bytes, US_ASCII)))
                .containsOnly("from a", "from b");
        }
    }
}
