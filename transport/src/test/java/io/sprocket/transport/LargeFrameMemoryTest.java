package io.sprocket.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SocketChannel;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.sprocket.message.Addr;
import io.sprocket.message.InfraConfig;
import io.sprocket.message.MessageDescriptor;
import io.sprocket.message.PoolStats;
import io.sprocket.message.Waits;
import io.sprocket.registry.SpSocket;
import io.sprocket.ring.MessageRing;
import io.sprocket.ring.RingStats;
import io.sprocket.engine.Engine;

/**
 * Off-heap memory for large frames comes back when the traffic stops: one peer sends 1 100 frames
 * of 1 000 000 bytes (each longer than a slot, so each takes a one-lap buffer in the ring and a
 * staging buffer in the transport) and leaves; then the direct memory in use is back to what it was
 * after start, plus at most the clone pool's documented bound (it may keep up to {@code maxRetained}
 * pooled messages). Before, the ring kept each slot's one-lap buffer until the slot's next claim:
 * about ring size x frame size held by an idle ring.
 */
@Tag("slow")
@Timeout(300)
class LargeFrameMemoryTest {
    private static final int FRAME = 1_000_000;
    private static final int FRAMES = 1_100;

    @Test
    void shouldGiveBackTheMemoryOfLargeFramesWhenTrafficStops() throws Exception {
        final InfraConfig config = InfraConfig.builder().bufferSizeBytes(2048).maxPooledSizeBytes(64 * 1024)
            .maxRetained(16).maxMessageSizeBytes(1 << 20).build();
        final AtomicLong handled = new AtomicLong();
        final AtomicLong checksum = new AtomicLong();
        final Engine ring = Engine.builder().name("large-frames").config(config)
            .ring(MessageRing.builder().ringSize(1024)).jmx(false)
            .handler((m, seq, eob) -> {
                checksum.addAndGet(m.buffer().getLong(0) + m.buffer().getLong(m.length() - 8));
                handled.incrementAndGet();
            }).build().start();
        final Transport transport = Transport.builder(ring).recvMaxSizeBytes(1 << 20).build();
        try {
            final SpSocket pull = transport.openSocket("pull", SpProtocol.PULL);
            final Listener l = transport.listen(pull, Addr.parse("tcp://127.0.0.1:0"));
            // The peer's memory is direct and allocated before the footprint is taken, so that the
            // figure is the receiver's alone (a heap buffer would be copied through a cached
            // temporary direct buffer of the JDK's).
            final ByteBuffer header = ByteBuffer.allocateDirect(8).put(RawPeer.header(SpProtocol.PUSH)).flip();
            final ByteBuffer prefix = ByteBuffer.allocateDirect(8);
            final ByteBuffer payload = ByteBuffer.allocateDirect(FRAME).order(ByteOrder.nativeOrder());
            payload.putLong(0, 0x1122334455667788L).putLong(FRAME - 8, 0x0102030405060708L);
            final long expected = FRAMES * (0x1122334455667788L + 0x0102030405060708L);

            final BufferPoolMXBean direct = directPool();
            final PoolStats poolBefore = ring.ring().clonePool().stats(new PoolStats());
            final long footprint = settledDirect(direct, Long.MAX_VALUE);
            try (SocketChannel peer = SocketChannel.open(new InetSocketAddress("127.0.0.1", l.boundAddr().port()))) {
                writeAll(peer, header);
                final ByteBuffer[] frame = {prefix, payload};
                for (int i = 0; i < FRAMES; i++) {
                    prefix.clear();
                    prefix.putLong(0, FRAME);
                    payload.clear();
                    while (prefix.hasRemaining() || payload.hasRemaining()) {
                        peer.write(frame);
                    }
                }
                Waits.await("every frame handled", 240_000, () -> handled.get() == FRAMES);
            }
            Waits.await("the peer gone", 10_000, () -> transport.stats(new TransportStats()).connections() == 0
                && ring.registries().snapshot().connectionCount() == 0);
            final PoolStats poolAfter = ring.ring().clonePool().stats(new PoolStats());
            final long perPooled = ((MessageDescriptor.memoryBytes(config.headerCapacityBytes(),
                config.maxPooledSizeBytes()) + 63) & -64) + 64;
            final long bound = (poolAfter.maxRetained() - poolBefore.retained()) * perPooled;
            final long after = settledDirect(direct, footprint + bound);
            final RingStats rs = ring.ring().stats(new RingStats());
            final TransportStats ts = transport.stats(new TransportStats());
            System.out.printf("large frames: %d x %d B handled; direct memory after start %d B, idle after the traffic"
                + " and two GCs %d B (%+d B; allowed: the clone pool's bound %d B = (maxRetained %d - retained at start"
                + " %d) x %d B); one-lap bytes held %d; %d frames staged; pool %s%n", handled.get(), FRAME, footprint, after,
                after - footprint, bound, poolAfter.maxRetained(), poolBefore.retained(), perPooled,
                rs.oversizedBytesHeld(), ts.stagedFrames(), poolAfter);
            assertThat(checksum.get()).as("every frame intact").isEqualTo(expected);
            assertThat(rs.oversizedBytesHeld()).as("bytes one-lap buffers hold in an idle ring").isZero();
            assertThat(after - footprint).as("direct memory held by an idle transport and ring beyond their start")
                .isLessThanOrEqualTo(bound);
        } finally {
            assertThat(transport.close(TimeUnit.SECONDS.toNanos(5))).isTrue();
            assertThat(ring.close(TimeUnit.SECONDS.toNanos(5))).isZero();
        }
    }

    /**
     * Two forced GCs, then (bounded) until the direct memory in use is at most {@code atMost}: the
     * buffers the garbage collector finds unreachable are freed by their cleaners just after it.
     */
    private static long settledDirect(final BufferPoolMXBean direct, final long atMost) {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        long used;
        do {
            System.gc();
            System.gc();
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
            used = direct.getMemoryUsed();
        } while (used > atMost && System.nanoTime() - deadline < 0);
        return used;
    }

    private static void writeAll(final SocketChannel channel, final ByteBuffer b) throws java.io.IOException {
        while (b.hasRemaining()) {
            channel.write(b);
        }
    }

    private static BufferPoolMXBean directPool() {
        for (final BufferPoolMXBean pool : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
            if ("direct".equals(pool.getName())) {
                return pool;
            }
        }
        throw new AssertionError("no 'direct' buffer pool MXBean");
    }
}
