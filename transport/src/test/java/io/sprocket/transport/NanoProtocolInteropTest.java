package io.sprocket.transport;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sprocket.message.Addr;
import io.sprocket.registry.SpSocket;

/** REQ/REP, PUB/SUB, PAIR (v0) and SURVEYOR/RESPONDENT between Sprocket and nanomsg 1.1.5's nanocat. */
class NanoProtocolInteropTest {
    private static final Addr ANY = Addr.parse("tcp://127.0.0.1:0");

    @TempDir
    Path dir;

    @BeforeAll
    static void requireNanocat() {
        Peers.require("nanocat", "nanomsg-utils");
    }

    @Test
    void shouldAnswerANanocatRequest() throws Exception {
        try (Node n = new Node("rep")) {
            final SpSocket rep = n.socket(SpProtocol.REP);
            final Listener l = n.transport.listen(rep, ANY);
            n.answer(rep, "pong");
            // nanocat's REQ prints the reply and stops; without one it would wait 5 s.
            final Peers.Proc req = Peers.start(dir, 60, "nanocat", "--req", "--connect", l.boundAddr().toString(),
                "--data", "ping", "--quoted", "--recv-timeout", "5");
            req.awaitSuccess();
            assertThat(req.stdout()).isEqualTo("\"pong\"\n");
            assertThat(n.collector.await(1, Node.WAIT_MS).get(0).bytes).isEqualTo("ping".getBytes(US_ASCII));
        }
    }

    @Test
    void shouldPublishToANanocatSubscriberOnlyItsTopic() throws Exception {
        try (Node n = new Node("pub")) {
            final SpSocket pub = n.socket(SpProtocol.PUB);
            final Listener l = n.transport.listen(pub, ANY);
            // nanocat stops 2 s after the last message it printed.
            final Peers.Proc sub = Peers.start(dir, 60, "nanocat", "--sub", "--connect", l.boundAddr().toString(),
                "--subscribe", "alpha", "--quoted", "--recv-timeout", "2");
            assertThat(n.transport.awaitReady(pub, 1, Node.WAIT_NS)).isTrue();
            for (final String s : new String[] {"alpha 1", "beta 1", "alpha 2"}) {
                n.send(pub, s.getBytes(US_ASCII));
            }
            sub.awaitSuccess();
            assertThat(sub.stdout()).isEqualTo("\"alpha 1\"\n\"alpha 2\"\n");
        }
    }

    @Test
    void shouldPairWithNanocat() throws Exception {
        try (Node n = new Node("pair0")) {
            final SpSocket pair = n.socket(SpProtocol.PAIR0);
            final Listener l = n.transport.listen(pair, ANY);
            n.answer(pair, "hello nanomsg");
            // nanocat's PAIR sends once, then prints what comes until 2 s pass without a message.
            final Peers.Proc nanocat = Peers.start(dir, 60, "nanocat", "--pair", "--connect", l.boundAddr().toString(),
                "--data", "hello sprocket", "--quoted", "--recv-timeout", "2");
            nanocat.awaitSuccess();
            assertThat(nanocat.stdout()).isEqualTo("\"hello nanomsg\"\n");
            assertThat(n.collector.await(1, Node.WAIT_MS).get(0).bytes).isEqualTo("hello sprocket".getBytes(US_ASCII));
        }
    }

    @Test
    void shouldSurveyANanocatRespondent() throws Exception {
        try (Node n = new Node("surveyor")) {
            final SpSocket surveyor = n.socket(SpProtocol.SURVEYOR);
            final Listener l = n.transport.listen(surveyor, ANY);
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
}
