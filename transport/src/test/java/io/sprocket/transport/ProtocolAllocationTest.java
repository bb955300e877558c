package io.sprocket.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.sprocket.engine.Engine;
import io.sprocket.message.Addr;
import io.sprocket.message.AllocationMeter;
import io.sprocket.message.BufferPool;
import io.sprocket.message.InfraConfig;
import io.sprocket.message.Message;
import io.sprocket.registry.SpSocket;
import io.sprocket.ring.MessageHandler;
import io.sprocket.ring.MessageRing;

/**
 * Zero allocation per message in steady state for each protocol's rules, over loopback: PUB to two
 * SUBs (a copy per subscriber, half the messages filtered out by one of them), PAIR1 (hop count),
 * BUS to two peers, REQ to REP and back (ids, the request table, the backtrace, the reply's routing),
 * SURVEYOR to a RESPONDENT and back. Every thread that runs Sprocket code is measured: the sender and
 * each node's I/O worker and engine.
 */
@Tag("alloc")
class ProtocolAllocationTest {
    private static final int WINDOW = 50_000;
    private static final int SIZE = 64;
    private static final long WAIT_NS = TimeUnit.SECONDS.toNanos(30);

    /**
     * Counts received messages; for REP and RESPONDENT answers each (allocation-free: a pool message);
     * for a SURVEYOR that expects one respondent, ends the survey at its response.
     */
    private static final class Counting implements MessageHandler {
        volatile long received;
        Transport answerVia;
        Transport cancelVia;
        SpSocket surveyor;

        @Override
        public void onMessage(final Message message, final long sequence, final boolean endOfBatch) {
            received = received + 1;
            if (cancelVia != null) {
                cancelVia.cancel(surveyor, Transport.requestId(message));
            }
            final Transport t = answerVia;
            if (t != null) {
                final Message reply = t.ring().clonePool().acquire(SIZE);
                reply.buffer().putLong(8, message.buffer().getLong(8));
                if (!t.reply(message, reply)) {
                    reply.release();
                }
            }
        }
    }

    /** One node: an engine counting what it receives, and its transport. */
    private static final class Side implements AutoCloseable {
        final Counting counting = new Counting();
        final Engine engine;
        final Transport transport;
        final SpSocket socket;

        Side(final String name, final int protocol) {
            final InfraConfig config = InfraConfig.builder().bufferSizeBytes(2048).maxPooledSizeBytes(2048)
                .maxRetained(1024).maxMessageSizeBytes(1 << 20).build();
            engine = Engine.builder().name(name).config(config).ring(MessageRing.builder().ringSize(1024)).jmx(false)
                .registrySnapshots(false).handler(counting).build().start();
            transport = Transport.builder(engine).outboundCapacity(256).build();
            socket = transport.openSocket(name, protocol);
            if (protocol == SpProtocol.REP || protocol == SpProtocol.RESPONDENT) {
                counting.answerVia = transport;
            }
            if (protocol == SpProtocol.SURVEYOR) {
                counting.surveyor = socket;
                counting.cancelVia = transport;
            }
        }

        void addThreads(final List<Thread> into) {
            for (final Thread t : new Thread[] {engine.ring().engineThread(), transport.ioThreads()[0]}) {
                if (!into.contains(t)) {
                    into.add(t);
                }
            }
        }

        @Override
        public void close() {
            transport.close();
            engine.close(TimeUnit.SECONDS.toNanos(5));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"pub-sub", "pair1", "bus", "req-rep", "surveyor-respondent"})
    void shouldAllocateNothingPerMessageOnAnyThread(final String pattern) throws Exception {
        final int txProtocol;
        final int rxProtocol;
        final int receivers;
        switch (pattern) {
            case "pub-sub":
                txProtocol = SpProtocol.PUB;
                rxProtocol = SpProtocol.SUB;
                receivers = 2;
                break;
            case "pair1":
                txProtocol = SpProtocol.PAIR1;
                rxProtocol = SpProtocol.PAIR1;
                receivers = 1;
                break;
            case "bus":
                txProtocol = SpProtocol.BUS;
                rxProtocol = SpProtocol.BUS;
                receivers = 2;
                break;
            case "req-rep":
                txProtocol = SpProtocol.REQ;
                rxProtocol = SpProtocol.REP;
                receivers = 1;
                break;
            default:
                txProtocol = SpProtocol.SURVEYOR;
                rxProtocol = SpProtocol.RESPONDENT;
                receivers = 1;
                break;
        }
        final List<Side> rxs = new ArrayList<>();
        try (Side tx = new Side("alloc-" + pattern + "-tx", txProtocol)) {
            final Listener l = tx.transport.listen(tx.socket, Addr.parse("tcp://127.0.0.1:0"));
            for (int i = 0; i < receivers; i++) {
                final Side rx = new Side("alloc-" + pattern + "-rx" + i, rxProtocol);
                rxs.add(rx);
                if (rxProtocol == SpProtocol.SUB) {
                    // The first takes every message; the second only those whose first byte is 0: half of them.
                    rx.transport.subscriptions(rx.socket).subscribe(i == 0 ? new byte[0] : new byte[] {0});
                }
                rx.transport.dial(rx.socket, l.boundAddr());
            }
            assertThat(tx.transport.awaitReady(tx.socket, receivers, WAIT_NS)).isTrue();
            for (final Side rx : rxs) {
                assertThat(rx.transport.awaitReady(rx.socket, 1, WAIT_NS)).isTrue();
            }
            final boolean replies = txProtocol == SpProtocol.REQ || txProtocol == SpProtocol.SURVEYOR;
            final Runnable window = () -> sendWindow(tx, rxs, replies);
            AllocationMeter.parkOnce();
            // Warm: each pool has made more messages than are ever held at once (the window keeps 64 in
            // flight; a receiver takes its replies and the staging of a frame that arrives in parts from
            // its own pool), whatever the load made the warm-up rounds hold.
            final BufferPool pool = tx.engine.ring().clonePool();
            PoolWarmUp.fill(pool, 512, SIZE);
            for (final Side rx : rxs) {
                PoolWarmUp.fill(rx.engine.ring().clonePool(), 256, SIZE);
            }
            for (int round = 0; round < 4; round++) {
                window.run();
            }
            final io.sprocket.message.PoolStats before = pool.stats(new io.sprocket.message.PoolStats());
            final List<Thread> threads = new ArrayList<>();
            tx.addThreads(threads);
            rxs.forEach(rx -> rx.addThreads(threads));
            final Thread[] others = threads.toArray(new Thread[0]);
            final long[] bytes = AllocationMeter.steadyState(window, 10, others);
            final StringBuilder each = new StringBuilder("sender " + bytes[0] + " B");
            for (int i = 0; i < others.length; i++) {
                each.append(", ").append(others[i].getName()).append(' ').append(bytes[i + 1]).append(" B");
            }
            final io.sprocket.message.PoolStats after = pool.stats(new io.sprocket.message.PoolStats());
            System.out.printf("allocation over %d messages of %d B, %s: %s; pool misses %d, dropped %d%n", WINDOW, SIZE,
                pattern, each, after.buffersAllocated() - before.buffersAllocated(), after.dropped() - before.dropped());
            final long misses = after.buffersAllocated() - before.buffersAllocated();
            for (int i = 0; i < bytes.length; i++) {
                assertThat(bytes[i]).as("%s (pool misses in the window: %d)", i == 0 ? "sender thread"
                    : others[i - 1].getName(), misses).isZero();
            }
            final TransportStats txStats = tx.transport.stats(new TransportStats());
            assertThat(txStats.fanOutDrops()).isZero();
            assertThat(txStats.staleReplies()).isZero();
            assertThat(txStats.requestsResent()).isZero();
        } finally {
            rxs.forEach(Side::close);
        }
    }

    /**
     * Sends {@link #WINDOW} messages, waiting (parked, bounded) for room and, for requests, keeping at
     * most 64 outstanding; returns when every receiver (or, for requests, the sender) has them all.
     */
    private static void sendWindow(final Side tx, final List<Side> rxs, final boolean replies) {
        final BufferPool pool = tx.engine.ring().clonePool();
        final Side first = rxs.get(0);
        final Side second = rxs.size() > 1 ? rxs.get(1) : first;
        final long before0 = first.counting.received;
        final long before1 = second.counting.received;
        final boolean half = second.socket.protocolId() == SpProtocol.SUB;
        final long repliesBefore = tx.counting.received;
        final long deadline = System.nanoTime() + WAIT_NS;
        for (int i = 0; i < WINDOW; i++) {
            final Message m = pool.acquire(SIZE);
            m.buffer().putByte(0, (byte)(i & 1));   // a SUB subscribed to {0} takes every other message
            m.buffer().putLong(8, i);
            // At most 64 outstanding: a fan-out never finds a queue (256) full, a request table never full.
            while (behind(i, tx, first, second, replies, half, repliesBefore, before0, before1) || !sent(tx, m, replies)) {
                LockSupport.parkNanos(10_000);
                if (System.nanoTime() - deadline > 0) {
                    throw new AssertionError("no room to send within 30 s");
                }
            }
        }
        awaitAtLeast(first.counting, before0, WINDOW, deadline);
        awaitAtLeast(second.counting, before1, half ? WINDOW / 2 : WINDOW, deadline);
        if (replies) {
            awaitAtLeast(tx.counting, repliesBefore, WINDOW, deadline);
        }
    }

    /** Whether 64 or more of the first {@code i} messages are not yet received (or answered). */
    private static boolean behind(final int i, final Side tx, final Side first, final Side second, final boolean replies,
        final boolean half, final long repliesBefore, final long before0, final long before1) {
        if (replies) {
            return i - (tx.counting.received - repliesBefore) >= 64;
        }
        return i - (first.counting.received - before0) >= 64 || i - (half ? 2 : 1) * (second.counting.received - before1) >= 64;
    }

    private static boolean sent(final Side tx, final Message m, final boolean replies) {
        return replies ? tx.transport.request(tx.socket, m) >= 0 : tx.transport.send(tx.socket, m);
    }

    private static void awaitAtLeast(final Counting c, final long before, final long count, final long deadline) {
        while (c.received - before < count) {
            LockSupport.parkNanos(10_000);
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("received " + (c.received - before) + " of " + count + " within 30 s");
            }
        }
    }
}
