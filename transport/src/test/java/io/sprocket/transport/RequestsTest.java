package io.sprocket.transport;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.sprocket.message.Addr;
import io.sprocket.message.Message;
import io.sprocket.message.Waits;
import io.sprocket.registry.SpSocket;

/**
 * REQ and SURVEYOR: ids, several requests outstanding, replies matched to them, resends (after the
 * resend time, and when the connection closes), cancel, stale replies dropped, survey deadlines.
 */
class RequestsTest {
    private static final Addr ANY = Addr.parse("tcp://127.0.0.1:0");

    private static byte[] ascii(final String s) {
        return s.getBytes(US_ASCII);
    }

    private static TransportStats stats(final Node n) {
        return n.transport.stats(new TransportStats());
    }

    private static Message message(final Node n, final String text) {
        final byte[] b = ascii(text);
        return n.ring.clonePool().acquire(b.length).putPayload(b, 0, b.length);
    }

    /** Keeps each reply's body by the request id in its header (engine thread). */
    private static Map<Long, String> repliesById(final Node n) {
        final Map<Long, String> replies = new ConcurrentHashMap<>();
        n.collector.also = (m, seq, end) -> {
            final byte[] b = new byte[m.length()];
            m.buffer().getBytes(0, b);
            replies.put(Transport.requestId(m), new String(b, US_ASCII));
        };
        return replies;
    }

    /** Answers each request with "re: " and its body (engine thread). */
    private static void echoReplies(final Node n) {
        n.collector.also = (m, seq, end) -> {
            final byte[] b = new byte[m.length()];
            m.buffer().getBytes(0, b);
            final Message r = message(n, "re: " + new String(b, US_ASCII));
            if (!n.transport.reply(m, r)) {
                r.release();
            }
        };
    }

    /** Reads one frame from a raw peer: its 4-byte id and its body. */
    private static Object[] readRequest(final RawPeer raw) throws Exception {
        final long length = ByteBuffer.wrap(raw.read(8)).getLong();
        final ByteBuffer f = ByteBuffer.wrap(raw.read((int)length));
        final int id = f.getInt();
        return new Object[] {id, new String(f.array(), 4, (int)length - 4, US_ASCII)};
    }

    private static byte[] answer(final int id, final String body) {
        final byte[] b = ascii(body);
        return ByteBuffer.allocate(4 + b.length).putInt(id).put(b).array();
    }

    @Test
    void shouldMatchEachReplyToItsRequestWithSeveralOutstanding() throws Exception {
        try (Node repNode = new Node("rep"); Node reqNode = new Node("req")) {
            final SpSocket rep = repNode.socket(SpProtocol.REP);
            echoReplies(repNode);
            final Listener l = repNode.transport.listen(rep, ANY);
            final SpSocket req = reqNode.socket(SpProtocol.REQ);
            final Map<Long, String> replies = repliesById(reqNode);
            reqNode.transport.dial(req, l.boundAddr());
            final long a = reqNode.request(req, "a");
            final long b = reqNode.transport.request(req, message(reqNode, "b"));
            final long c = reqNode.transport.request(req, message(reqNode, "c"));
            assertThat(List.of(a, b, c)).doesNotHaveDuplicates().allSatisfy(id -> assertThat(id).isBetween(0x8000_0000L,
                0xFFFF_FFFFL));
            Waits.await("three replies", Node.WAIT_MS, () -> replies.size() == 3);
            assertThat(replies).containsEntry(a, "re: a").containsEntry(b, "re: b").containsEntry(c, "re: c");
            assertThat(reqNode.transport.cancel(req, a)).as("answered: no longer outstanding").isFalse();
            assertThat(stats(reqNode).staleReplies()).isZero();
            assertThat(stats(reqNode).requestsResent()).isZero();
            // send() on a REQ is a request too.
            assertThat(reqNode.transport.send(req, message(reqNode, "d"))).isTrue();
            Waits.await("the fourth reply", Node.WAIT_MS, () -> replies.containsValue("re: d"));
        }
    }

    @Test
    void shouldResendUntilTheReplyAndDropLateAndCancelledReplies() throws Exception {
        try (Node n = new Node("req", Node.config(), b -> b.resendTimeNs(TimeUnit.MILLISECONDS.toNanos(50)))) {
            final SpSocket req = n.socket(SpProtocol.REQ);
            final Map<Long, String> replies = repliesById(n);
            final Listener l = n.transport.listen(req, ANY);
            try (RawPeer rep = new RawPeer(l.boundAddr())) {
                rep.write(RawPeer.header(SpProtocol.REP));
                assertThat(rep.read(8)).isEqualTo(RawPeer.header(SpProtocol.REQ));
                final long id = n.request(req, "ping");
                final Object[] first = readRequest(rep);
                assertThat(((Integer)first[0]) & 0xFFFF_FFFFL).isEqualTo(id);
                assertThat(first[1]).isEqualTo("ping");
                // The REP stays silent: the same request comes again after the resend time.
                final Object[] again = readRequest(rep);
                assertThat(again).containsExactly(first);
                Waits.await("the resend counted", Node.WAIT_MS, () -> stats(n).requestsResent() >= 1);
                rep.frame(answer((int)id, "pong"));
                Waits.await("the reply", Node.WAIT_MS, () -> replies.size() == 1);
                assertThat(replies).containsEntry(id, "pong");
                rep.frame(answer((int)id, "pong again"));
                Waits.await("the late one dropped", Node.WAIT_MS, () -> stats(n).staleReplies() == 1);

                final long cancelled = n.request(req, "never mind");
                assertThat(n.transport.cancel(req, cancelled)).isTrue();
                assertThat(n.transport.cancel(req, cancelled)).isFalse();
                rep.frame(answer((int)cancelled, "too late"));
                rep.frame(answer(0x8000_0001 ^ (int)id, "unknown"));
                Waits.await("both dropped", Node.WAIT_MS, () -> stats(n).staleReplies() == 3);
                rep.frame(new byte[] {1, 2});
                assertThat(rep.awaitClosedByPeer(Node.WAIT_MS)).as("a reply shorter than an id").isTrue();
            }
            Waits.await("the violation counted", Node.WAIT_MS, () -> stats(n).protocolViolations() == 1);
            assertThat(replies).hasSize(1);
        }
    }

    @Test
    void shouldResendAtOnceWhenItsConnectionCloses() throws Exception {
        try (Node n = new Node("req")) {   // the resend time is the default 60 s: only the close can resend
            final SpSocket req = n.socket(SpProtocol.REQ);
            final Listener l = n.transport.listen(req, ANY);
            final long id;
            try (RawPeer first = new RawPeer(l.boundAddr())) {
                first.write(RawPeer.header(SpProtocol.REP));
                first.read(8);
                id = n.request(req, "ping");
                assertThat(readRequest(first)[1]).isEqualTo("ping");
            }
            try (RawPeer second = new RawPeer(l.boundAddr())) {
                second.write(RawPeer.header(SpProtocol.REP));
                second.read(8);
                final Object[] resent = readRequest(second);
                assertThat(((Integer)resent[0]) & 0xFFFF_FFFFL).isEqualTo(id);
                assertThat(resent[1]).isEqualTo("ping");
            }
            assertThat(stats(n).requestsResent()).isEqualTo(1);
        }
    }

    @Test
    void shouldRefuseBeyondTheLimitAndOnOtherSockets() throws Exception {
        try (Node repNode = new Node("rep"); Node n = new Node("req", Node.config(), b -> b.maxOutstandingRequests(2))) {
            final SpSocket rep = repNode.socket(SpProtocol.REP);   // never answers
            final Listener l = repNode.transport.listen(rep, ANY);
            final SpSocket req = n.socket(SpProtocol.REQ);
            final Message early = message(n, "nobody yet");
            assertThat(n.transport.request(req, early)).isEqualTo(Transport.REQUEST_NOT_SENT);
            assertThat(early.headerLength()).as("given back unchanged").isZero();
            n.transport.dial(req, l.boundAddr());
            n.request(req, "one");
            n.request(req, "two");
            final Message third = message(n, "three");
            assertThat(n.transport.request(req, third)).isEqualTo(Transport.REQUEST_TOO_MANY);
            assertThat(n.transport.send(req, third)).isFalse();
            third.release();
            early.release();
            final SpSocket push = n.socket(SpProtocol.PUSH);
            final Message m = message(n, "x");
            assertThatThrownBy(() -> n.transport.request(push, m)).hasMessageContaining("only REQ and SURVEYOR");
            assertThatThrownBy(() -> n.transport.cancel(push, 1)).hasMessageContaining("only REQ and SURVEYOR");
            m.release();
            assertThatThrownBy(() -> Transport.builder(n.engine).maxOutstandingRequests(0))
                .hasMessageContaining("MAX_MAX_OUTSTANDING_REQUESTS");
            assertThatThrownBy(() -> Transport.builder(n.engine).resendTimeNs(0)).hasMessageContaining("resendTimeNs");
        }
    }

    @Test
    void shouldCollectSurveyResponsesUntilTheDeadlineAndDropLaterOnes() throws Exception {
        // Responses that come in time are collected. A survey time longer than the test's waits, so that
        // they count however loaded the machine is.
        try (Node n = new Node("surveyor", Node.config(), b -> b.surveyTimeNs(TimeUnit.SECONDS.toNanos(60)));
            Node r1 = new Node("respondent-1"); Node r2 = new Node("respondent-2")) {
            final SpSocket surveyor = n.socket(SpProtocol.SURVEYOR);
            final Listener l = n.transport.listen(surveyor, ANY);
            final Queue<String> responses = new ConcurrentLinkedQueue<>();
            n.collector.also = (m, seq, end) -> {
                final byte[] b = new byte[m.length()];
                m.buffer().getBytes(0, b);
                responses.add(new String(b, US_ASCII) + " #" + Long.toHexString(Transport.requestId(m)));
            };
            for (final Node r : new Node[] {r1, r2}) {
                final SpSocket respondent = r.socket(SpProtocol.RESPONDENT);
                echoReplies(r);
                r.transport.dial(respondent, l.boundAddr());
            }
            assertThat(n.transport.awaitReady(surveyor, 2, Node.WAIT_NS)).isTrue();
            final long id = n.request(surveyor, "who is there");
            Waits.await("both responses", Node.WAIT_MS, () -> responses.size() == 2);
            assertThat(responses).containsOnly("re: who is there #" + Long.toHexString(id));
            assertThat(r1.collector.count() + r2.collector.count()).isEqualTo(2);
        }
        // A respondent that answers after the deadline: dropped and counted. Its only respondent is this raw
        // peer, which answers once the survey has ended, so the deadline can be short.
        try (Node n = new Node("surveyor-late", Node.config(),
            b -> b.surveyTimeNs(TimeUnit.MILLISECONDS.toNanos(300)))) {
            final SpSocket surveyor = n.socket(SpProtocol.SURVEYOR);
            final Listener l = n.transport.listen(surveyor, ANY);
            try (RawPeer late = new RawPeer(l.boundAddr())) {
                late.write(RawPeer.header(SpProtocol.RESPONDENT));
                late.read(8);
                assertThat(n.transport.awaitReady(surveyor, 1, Node.WAIT_NS)).isTrue();
                final long id = n.request(surveyor, "anyone?");
                final Object[] survey = readRequest(late);
                assertThat(((Integer)survey[0]) & 0xFFFF_FFFFL).isEqualTo(id);
                Waits.await("the survey's end", Node.WAIT_MS, () -> stats(n).surveysExpired() == 1);
                late.frame(answer((int)id, "too late"));
                Waits.await("the late response dropped", Node.WAIT_MS, () -> stats(n).staleReplies() == 1);
            }
            assertThat(n.collector.count()).as("nothing of the late response handed on").isZero();
        }
    }
}
