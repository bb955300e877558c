package io.sprocket.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.sprocket.message.Addr;
import io.sprocket.message.InfraConfig;
import io.sprocket.message.Message;
import io.sprocket.message.Waits;
import io.sprocket.registry.SpSocket;
import io.sprocket.ring.MessageHandler;
import io.sprocket.ring.MessageRing;
import io.sprocket.ring.RingStats;
import io.sprocket.engine.Engine;

/**
 * Fair service under backpressure: connections that wait for ring room are served in turn, one
 * frame each, so a flooding connection cannot starve a light one and equal senders progress
 * together. Counts, not times: the handler's pause per message (a workload that keeps the ring
 * full) is the only clock, and nothing asserts on it.
 */
@Tag("slow")
@Timeout(120)
class FairTurnsTest {
    private static final int RING = 64;
    private static final byte FLOOD = 1;
    private static final byte LIGHT = 2;
    private static final long FIVE_S = TimeUnit.SECONDS.toNanos(5);

    private static InfraConfig config() {
        return InfraConfig.builder().bufferSizeBytes(1024).maxPooledSizeBytes(1024).maxRetained(64)
            .maxMessageSizeBytes(1 << 20).build();
    }

    /** Counts flood messages, and for each light message how many flood messages were handled since it was sent. */
    static final class FloodAndLight implements MessageHandler {
        final AtomicLong floodHandled = new AtomicLong();
        final AtomicLong lightHandled = new AtomicLong();
        final List<Long> floodBetween = new ArrayList<>();

        @Override
        public void onMessage(final Message m, final long sequence, final boolean endOfBatch) {
            if (m.buffer().getByte(0) == FLOOD) {
                floodHandled.incrementAndGet();
            } else {
                final long atSend = m.buffer().getLong(1, ByteOrder.BIG_ENDIAN);
                synchronized (this) {
                    floodBetween.add(floodHandled.get() - atSend);
                }
                lightHandled.incrementAndGet();
            }
            LockSupport.parkNanos(1_000_000);   // a slow handler: 1 ms per message
        }
    }

    /** Both orders: before, whichever connection the retry loop met first took every freed slot. */
    @ParameterizedTest(name = "flood connects first: {0}")
    @ValueSource(booleans = {true, false})
    void shouldHandleALightMessageWithinTwoRingsOfFloodMessagesOfItsArrival(final boolean floodFirst) throws Exception {
        final FloodAndLight handler = new FloodAndLight();
        final Engine ring = Engine.builder().name("fair-flood-" + floodFirst).config(config())
            .ring(MessageRing.builder().ringSize(RING)).jmx(false)
            .handler(handler).build().start();
        final Transport transport = Transport.builder(ring).build();
        final int lightMessages = 20;
        final int floodCap = 5_000;
        final AtomicLong floodSent = new AtomicLong();
        try {
            final SpSocket pull = transport.openSocket("pull", SpProtocol.PULL);
            final Listener l = transport.listen(pull, Addr.parse("tcp://127.0.0.1:0"));
            final RawPeer first = new RawPeer(l.boundAddr()).write(RawPeer.header(SpProtocol.PUSH));
            assertThat(transport.awaitReady(pull, 1, FIVE_S)).isTrue();
            final RawPeer second = new RawPeer(l.boundAddr()).write(RawPeer.header(SpProtocol.PUSH));
            assertThat(transport.awaitReady(pull, 2, FIVE_S)).isTrue();
            try (RawPeer flood = floodFirst ? first : second; RawPeer light = floodFirst ? second : first) {
                final Thread flooder = new Thread(() -> {
                    final byte[] frame = new byte[100];
                    frame[0] = FLOOD;
                    try {
                        while (floodSent.get() < floodCap && handler.lightHandled.get() < lightMessages) {
                            flood.frame(frame);
                            floodSent.incrementAndGet();
                        }
                    } catch (final IOException closed) {
                        // the test closed the peer
                    }
                }, "flooder");
                flooder.start();
                Waits.await("the flood to fill the ring", 10_000,
                    () -> transport.stats(new TransportStats()).backpressureStalls() >= 1);
                final ByteBuffer frame = ByteBuffer.allocate(9);
                for (int i = 0; i < lightMessages; i++) {
                    frame.clear();
                    frame.put(LIGHT).putLong(handler.floodHandled.get());
                    light.frame(frame.array());
                    Thread.sleep(50);   // the light peer's pace (a workload, not a measurement)
                }
                Waits.await("every light message handled", 60_000, () -> handler.lightHandled.get() == lightMessages);
                flood.channel.close();   // stops the flooder, blocked in a write
                flooder.join(10_000);
            }
            final List<Long> between;
            synchronized (handler) {
                between = new ArrayList<>(handler.floodBetween);
            }
            final long worst = between.stream().mapToLong(Long::longValue).max().orElse(-1);
            final RingStats rs = ring.ring().stats(new RingStats());
            System.out.printf("flood and light (flood connected first: %s): flood messages handled between a light"
                + " message's arrival and its handling, worst %d of %s (ring %d); flood sent %d, handled %d; full-ring"
                + " refusals %d%n", floodFirst, worst, between, RING, floodSent.get(), handler.floodHandled.get(),
                rs.fullRejections());
            assertThat(between).hasSize(lightMessages);
            assertThat(rs.fullRejections()).as("the flood kept the ring full").isPositive();
            assertThat(worst).as("flood messages handled between a light message's arrival and its handling")
                .isLessThanOrEqualTo(2L * RING);
        } finally {
            transport.close(FIVE_S);
            ring.close(FIVE_S);
        }
    }

    /** Counts per sender and the largest gap between any two senders' counts. */
    static final class PerSender implements MessageHandler {
        final int senders;
        final long[] handled;
        final CountDownLatch gate = new CountDownLatch(1);
        long widest;
        volatile long total;

        PerSender(final int senders) {
            this.senders = senders;
            this.handled = new long[senders];
        }

        @Override
        public void onMessage(final Message m, final long sequence, final boolean endOfBatch) throws Exception {
            if (!gate.await(30, TimeUnit.SECONDS)) {
                throw new AssertionError("gate never opened");
            }
            final int sender = m.buffer().getByte(0);
            if (sender >= 0) {
                handled[sender]++;
                long min = Long.MAX_VALUE;
                long max = 0;
                for (final long h : handled) {
                    min = Math.min(min, h);
                    max = Math.max(max, h);
                }
                widest = Math.max(widest, max - min);
                LockSupport.parkNanos(100_000);   // a slow handler keeps the ring full
            }
            total = total + 1;
        }
    }

    @Test
    void shouldKeepSixteenEqualSendersWithinOneRingOfEachOther() throws Exception {
        final int senders = 16;
        final int each = 300;
        final PerSender handler = new PerSender(senders);
        final Engine ring = Engine.builder().name("fair-16").config(config())
            .ring(MessageRing.builder().ringSize(RING)).jmx(false).handler(handler)
            .build().start();
        final Transport transport = Transport.builder(ring).build();
        final List<RawPeer> peers = new ArrayList<>();
        final List<Thread> writers = new ArrayList<>();
        try {
            final SpSocket pull = transport.openSocket("pull", SpProtocol.PULL);
            final Listener l = transport.listen(pull, Addr.parse("tcp://127.0.0.1:0"));
            for (int s = 0; s < senders; s++) {
                peers.add(new RawPeer(l.boundAddr()).write(RawPeer.header(SpProtocol.PUSH)));
            }
            assertThat(transport.awaitReady(pull, senders, FIVE_S)).isTrue();
            // Backpressure from the start: the ring is full (of messages the gate holds) before the
            // senders send, so every sender waits for room and none is ahead by arriving first.
            // The connections' control events must all be passed and their slots recycled first: the
            // engine gives slots back every 32 messages and at the end of a batch, so events ahead of
            // the gate in the same batch would keep theirs.
            final RingStats idle = new RingStats();
            Waits.await("the ring idle", 10_000, () -> ring.ring().stats(idle).inFlight() == 0);
            for (int i = 0; i < RING; i++) {
                final long seq = ring.ring().tryClaim(1);
                assertThat(seq).as("prefill claim %d", i).isNotNegative();
                ring.ring().message(seq).buffer().putByte(0, (byte)-1);
                ring.ring().publish(seq);
            }
            for (int s = 0; s < senders; s++) {
                final RawPeer peer = peers.get(s);
                final ByteBuffer all = ByteBuffer.allocate(each * (8 + 100));
                for (int i = 0; i < each; i++) {
                    all.putLong(100).put((byte)s).put(new byte[99]);
                }
                final Thread w = new Thread(() -> {
                    try {
                        peer.write(all.array());
                    } catch (final IOException e) {
                        throw new AssertionError(e);
                    }
                }, "sender-" + s);
                w.start();
                writers.add(w);
            }
            Waits.await("a sender stalled on the full ring", 10_000,
                () -> transport.stats(new TransportStats()).backpressureStalls() >= 1);
            // Every sender's bytes are on the wire before the gate opens (32 KB each fits the loopback
            // socket buffers), so a writer thread the scheduler ran late cannot start behind the others.
            Waits.await("every sender's bytes written", 30_000, () -> {
                for (final Thread w : writers) {
                    if (w.isAlive()) {
                        return false;
                    }
                }
                return true;
            });
            handler.gate.countDown();
            Waits.await("every message handled", 60_000, () -> handler.total == RING + (long)senders * each);
            for (final Thread w : writers) {
                w.join(10_000);
            }
            System.out.printf("16 equal senders: widest gap between two senders' handled counts %d (ring %d), %d turns"
                + " refused by a full ring%n", handler.widest, RING, ring.ring().stats(new RingStats()).fullRejections());
            for (int s = 0; s < senders; s++) {
                assertThat(handler.handled[s]).as("sender %d", s).isEqualTo(each);
            }
            assertThat(handler.widest).as("widest gap between two senders' handled counts").isLessThanOrEqualTo(RING);
        } finally {
            handler.gate.countDown();
            for (final RawPeer p : peers) {
                p.close();
            }
            transport.close(FIVE_S);
            ring.close(FIVE_S);
        }
    }
}
