package io.sprocket.transport;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.sprocket.message.Addr;
import io.sprocket.message.Message;
import io.sprocket.message.Waits;
import io.sprocket.registry.SpSocket;

/**
 * The protocol rules between Sprocket processes and against a hand-driven peer: SUB filtering, PUB
 * and BUS fan-out, PAIR1's hop count and TTL, PAIR's one peer, PUB and PUSH receiving.
 */
class ProtocolRulesTest {
    private static final Addr ANY = Addr.parse("tcp://127.0.0.1:0");

    private static byte[] ascii(final String s) {
        return s.getBytes(US_ASCII);
    }

    private static TransportStats stats(final Node n) {
        return n.transport.stats(new TransportStats());
    }

    @Test
    void shouldDeliverToASubOnlyWhatItSubscribedToInOrder() throws Exception {
        try (Node pubNode = new Node("pub"); Node subNode = new Node("sub")) {
            final SpSocket pub = pubNode.socket(SpProtocol.PUB);
            final SpSocket sub = subNode.socket(SpProtocol.SUB);
            final Subscriptions topics = subNode.transport.subscriptions(sub);
            assertThat(topics.subscribe(ascii("alpha"))).isTrue();
            assertThat(topics.subscribe(ascii("gam"))).isTrue();
            assertThat(topics.subscribe(ascii("alpha"))).as("twice: no change").isFalse();
            assertThat(topics.count()).isEqualTo(2);
            final Listener l = pubNode.transport.listen(pub, ANY);
            subNode.transport.dial(sub, l.boundAddr());
            assertThat(pubNode.transport.awaitReady(pub, 1, Node.WAIT_NS)).isTrue();
            for (final String s : new String[] {"alpha 1", "beta 1", "gamma 1", "alp", "alpha 2", "", "gam"}) {
                pubNode.send(pub, ascii(s));
            }
            assertThat(subNode.collector.texts(4)).containsExactly("alpha 1", "gamma 1", "alpha 2", "gam");
            Waits.await("the others counted", Node.WAIT_MS, () -> stats(subNode).unsubscribed() == 3);

            assertThat(topics.unsubscribe(ascii("alpha"))).isTrue();
            assertThat(topics.unsubscribe(ascii("alpha"))).isFalse();
            assertThat(topics.subscribe(new byte[0])).as("the empty prefix: everything").isTrue();
            pubNode.send(pub, ascii("beta 2"));
            assertThat(subNode.collector.texts(5)).endsWith("beta 2");
            assertThat(stats(subNode).unsubscribed()).isEqualTo(3);
            assertThat(subNode.collector.count()).isEqualTo(5);
        }
    }

    @Test
    void shouldRefuseBadSubscriptionsAndSendsOnReceiveOnlySockets() throws Exception {
        try (Node n = new Node("api")) {
            final SpSocket sub = n.socket(SpProtocol.SUB);
            final SpSocket push = n.socket(SpProtocol.PUSH);
            final Subscriptions topics = n.transport.subscriptions(sub);
            assertThat(n.transport.subscriptions(sub)).isSameAs(topics);
            assertThatThrownBy(() -> n.transport.subscriptions(push)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("only a SUB socket has subscriptions");
            assertThatThrownBy(() -> topics.subscribe(null)).hasMessageContaining("null");
            assertThatThrownBy(() -> topics.subscribe(new byte[Subscriptions.MAX_PREFIX_BYTES + 1]))
                .hasMessageContaining("MAX_PREFIX_BYTES = " + Subscriptions.MAX_PREFIX_BYTES);
            for (int i = 0; i < Subscriptions.MAX_SUBSCRIPTIONS; i++) {
                topics.subscribe(ByteBuffer.allocate(4).putInt(i).array());
            }
            assertThatThrownBy(() -> topics.subscribe(ascii("one more")))
                .hasMessageContaining("MAX_SUBSCRIPTIONS = " + Subscriptions.MAX_SUBSCRIPTIONS);
            final Message m = n.ring.clonePool().acquire(1);
            assertThatThrownBy(() -> n.transport.send(sub, m)).hasMessageContaining("sub0, which only receives");
            m.release();
            assertThatThrownBy(() -> Transport.builder(n.engine).maxTtl(0)).hasMessageContaining("MAX_MAX_TTL = 15");
            assertThatThrownBy(() -> Transport.builder(n.engine).maxTtl(16)).hasMessageContaining("MAX_MAX_TTL = 15");
        }
    }

    @Test
    void shouldPublishToEverySubscriberAndBusToEveryPeerButTheSender() throws Exception {
        try (Node hub = new Node("hub"); Node a = new Node("a"); Node b = new Node("b")) {
            final SpSocket pub = hub.socket(SpProtocol.PUB);
            final Listener l = hub.transport.listen(pub, ANY);
            for (final Node n : new Node[] {a, b}) {
                final SpSocket sub = n.socket(SpProtocol.SUB);
                n.transport.subscriptions(sub).subscribe(new byte[0]);
                n.transport.dial(sub, l.boundAddr());
            }
            assertThat(hub.transport.awaitReady(pub, 2, Node.WAIT_NS)).isTrue();
            hub.send(pub, ascii("to all 1"));
            hub.send(pub, ascii("to all 2"));
            assertThat(a.collector.texts(2)).containsExactly("to all 1", "to all 2");
            assertThat(b.collector.texts(2)).containsExactly("to all 1", "to all 2");

            // BUS: the hub passes on what one peer sends to every other peer, never back to the sender.
            final SpSocket bus = hub.socket(SpProtocol.BUS);
            final Listener busAt = hub.transport.listen(bus, ANY);
            final AtomicInteger passedOn = new AtomicInteger();
            hub.collector.also = (m, seq, end) -> {
                final Message copy = m.clone();
                if (hub.transport.send(bus, copy)) {
                    passedOn.incrementAndGet();
                }
            };
            final SpSocket busA = a.socket(SpProtocol.BUS);
            final SpSocket busB = b.socket(SpProtocol.BUS);
            a.transport.dial(busA, busAt.boundAddr());
            b.transport.dial(busB, busAt.boundAddr());
            assertThat(hub.transport.awaitReady(bus, 2, Node.WAIT_NS)).isTrue();
            assertThat(a.transport.awaitReady(busA, 1, Node.WAIT_NS)).isTrue();
            assertThat(b.transport.awaitReady(busB, 1, Node.WAIT_NS)).isTrue();
            a.send(busA, ascii("from a"));
            assertThat(b.collector.texts(3)).endsWith("from a");
            b.send(busB, ascii("from b"));
            assertThat(a.collector.texts(3)).endsWith("from b");
            Waits.await("both passed on", Node.WAIT_MS, () -> passedOn.get() == 2);
            // Each sender's own message did not come back: a and b hold exactly the two PUB messages and the other's.
            b.send(busB, ascii("marker"));
            assertThat(a.collector.texts(4)).containsExactly("to all 1", "to all 2", "from b", "marker");
            assertThat(b.collector.texts(3)).containsExactly("to all 1", "to all 2", "from a");
            assertThat(stats(hub).fanOutDrops()).isZero();
        }
    }

    @Test
    void shouldCarryPairOnesHopCountAndDropOverTheTtl() throws Exception {
        try (Node n = new Node("pair1", Node.config(), b -> b.maxTtl(3)); Node other = new Node("pair1-peer")) {
            final SpSocket pair = n.socket(SpProtocol.PAIR1);
            final Listener l = n.transport.listen(pair, ANY);
            final AtomicInteger hops = new AtomicInteger();
            n.collector.also = (m, seq, end) -> hops.set(m.headerLength() == 4 ? m.headerInt(0) : -1);

            // Sprocket to Sprocket: the sender puts hop count 1 in front, the receiver moves it to the header.
            final SpSocket peer = other.socket(SpProtocol.PAIR1);
            other.transport.dial(peer, l.boundAddr());
            assertThat(other.transport.awaitReady(peer, 1, Node.WAIT_NS)).isTrue();
            other.send(peer, ascii("hello"));
            assertThat(n.collector.texts(1)).containsExactly("hello");
            Waits.await("the hop count seen in the header", Node.WAIT_MS, () -> hops.get() != 0);
            assertThat(hops.get()).isEqualTo(1);
            other.transport.closeSocket(peer, Node.WAIT_NS);
            Waits.await("the first peer gone", Node.WAIT_MS, () -> n.transport.readyConnections(pair) == 0);

            // By hand: 3 hops (the TTL) delivered, 4 dropped, then a hop count over 255 closes.
            try (RawPeer raw = new RawPeer(l.boundAddr())) {
                raw.write(RawPeer.header(SpProtocol.PAIR1));
                assertThat(raw.read(8)).isEqualTo(RawPeer.header(SpProtocol.PAIR1));
                raw.frame(hopped(3, "three"));
                raw.frame(hopped(4, "four"));
                raw.frame(hopped(2, "two"));
                assertThat(n.collector.texts(3)).containsExactly("hello", "three", "two");
                assertThat(stats(n).ttlDrops()).isEqualTo(1);
                raw.frame(hopped(256, "bad"));
                assertThat(raw.awaitClosedByPeer(Node.WAIT_MS)).isTrue();
            }
            Waits.await("the violation counted", Node.WAIT_MS, () -> stats(n).protocolViolations() == 1);
            try (RawPeer raw = new RawPeer(l.boundAddr())) {
                raw.write(RawPeer.header(SpProtocol.PAIR1));
                assertThat(raw.read(8)).isEqualTo(RawPeer.header(SpProtocol.PAIR1));
                raw.frame(new byte[] {0, 0, 1});
                assertThat(raw.awaitClosedByPeer(Node.WAIT_MS)).as("shorter than a hop count").isTrue();
            }
            Waits.await("both violations counted", Node.WAIT_MS, () -> stats(n).protocolViolations() == 2);
            assertThat(n.collector.count()).isEqualTo(3);
        }
    }

    @Test
    void shouldRouteARepReplyBackAlongTheRequestsBacktrace() throws Exception {
        try (Node n = new Node("rep", Node.config(), b -> b.maxTtl(3))) {
            final SpSocket rep = n.socket(SpProtocol.REP);
            final Listener l = n.transport.listen(rep, ANY);
            final byte[] pong = ascii("pong");
            final AtomicInteger answered = new AtomicInteger();
            n.collector.also = (m, seq, end) -> {
                final Message r = n.ring.clonePool().acquire(pong.length).putPayload(pong, 0, pong.length);
                if (n.transport.reply(m, r)) {
                    answered.incrementAndGet();
                } else {
                    r.release();
                }
            };
            try (RawPeer raw = new RawPeer(l.boundAddr())) {
                raw.write(RawPeer.header(SpProtocol.REQ));
                assertThat(raw.read(8)).isEqualTo(RawPeer.header(SpProtocol.REP));
                // A request that came through one device (a hop word 5), with request id 0x80000007.
                raw.frame(ByteBuffer.allocate(12).putInt(5).putInt(0x8000_0007).put(ascii("ping")).array());
                final ByteBuffer got = ByteBuffer.wrap(raw.read(8 + 12));
                assertThat(got.getLong()).as("frame length").isEqualTo(12);
                assertThat(got.getInt()).isEqualTo(5);
                assertThat(got.getInt()).isEqualTo(0x8000_0007);
                assertThat(new String(got.array(), 16, 4, US_ASCII)).isEqualTo("pong");
                assertThat(n.collector.texts(1)).as("the handler sees the body").containsExactly("ping");
                // Three hops before the id: over the TTL of 3, dropped; a body with no id closes.
                raw.frame(ByteBuffer.allocate(20).putInt(1).putInt(2).putInt(3).putInt(0x8000_0008).put(ascii("late"))
                    .array());
                Waits.await("the TTL drop counted", Node.WAIT_MS, () -> stats(n).ttlDrops() == 1);
                raw.frame(ByteBuffer.allocate(8).putInt(1).putInt(2).array());
                assertThat(raw.awaitClosedByPeer(Node.WAIT_MS)).isTrue();
            }
            Waits.await("the violation counted", Node.WAIT_MS, () -> stats(n).protocolViolations() == 1);
            assertThat(answered.get()).isEqualTo(1);
            assertThat(n.collector.count()).isEqualTo(1);
            final Message m = n.ring.clonePool().acquire(1);
            assertThatThrownBy(() -> n.transport.send(rep, m)).hasMessageContaining("Transport.reply(request, reply)");
            assertThatThrownBy(() -> n.transport.reply(m, m)).hasMessageContaining("no backtrace");
            m.release();
        }
    }

    private static byte[] hopped(final int hops, final String body) {
        final byte[] b = ascii(body);
        return ByteBuffer.allocate(4 + b.length).putInt(hops).put(b).array();
    }

    @Test
    void shouldKeepAPairsFirstPeerAndCloseTheSecond() throws Exception {
        try (Node n = new Node("pair0"); Node first = new Node("first"); Node second = new Node("second")) {
            final SpSocket pair = n.socket(SpProtocol.PAIR0);
            final Listener l = n.transport.listen(pair, ANY);
            final SpSocket p1 = first.socket(SpProtocol.PAIR0);
            first.transport.dial(p1, l.boundAddr());
            assertThat(n.transport.awaitReady(pair, 1, Node.WAIT_NS)).isTrue();
            final SpSocket p2 = second.socket(SpProtocol.PAIR0);
            second.transport.dial(p2, l.boundAddr());
            Waits.await("the second refused", Node.WAIT_MS, () -> stats(n).pairRefused() >= 1);
            assertThat(n.transport.readyConnections(pair)).isEqualTo(1);
            n.send(pair, ascii("to the first"));
            assertThat(first.collector.texts(1)).containsExactly("to the first");
            first.send(p1, ascii("from the first"));
            assertThat(n.collector.texts(1)).containsExactly("from the first");
            assertThat(second.collector.count()).isZero();
        }
    }

    @Test
    void shouldCloseAPeerThatSendsToAPubAndDiscardWhatAPushReceives() throws Exception {
        try (Node n = new Node("senders")) {
            final SpSocket pub = n.socket(SpProtocol.PUB);
            final SpSocket push = n.socket(SpProtocol.PUSH);
            final Listener pubAt = n.transport.listen(pub, ANY);
            final Listener pushAt = n.transport.listen(push, ANY);
            try (RawPeer toPush = new RawPeer(pushAt.boundAddr()); RawPeer toPub = new RawPeer(pubAt.boundAddr())) {
                toPush.write(RawPeer.header(SpProtocol.PULL));
                assertThat(toPush.read(8)).isEqualTo(RawPeer.header(SpProtocol.PUSH));
                toPush.frame(ascii("a PULL never sends"));
                toPub.write(RawPeer.header(SpProtocol.SUB));
                assertThat(toPub.read(8)).isEqualTo(RawPeer.header(SpProtocol.PUB));
                toPub.frame(ascii("a SUB never sends"));
                assertThat(toPub.awaitClosedByPeer(Node.WAIT_MS)).isTrue();
                Waits.await("the discard counted", Node.WAIT_MS, () -> stats(n).discardedIn() == 1);
                assertThat(stats(n).protocolViolations()).isEqualTo(1);
                // The PUSH connection stays: it still takes a message.
                assertThat(n.transport.readyConnections(push)).isEqualTo(1);
                n.send(push, ascii("still here"));
                final byte[] frame = toPush.read(8 + 10);
                assertThat(new String(frame, 8, 10, US_ASCII)).isEqualTo("still here");
            }
            assertThat(n.collector.count()).isZero();
        }
    }
}
