package io.sprocket.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.sprocket.message.Addr;
import io.sprocket.message.AllocationMeter;
import io.sprocket.message.BufferPool;
import io.sprocket.message.InfraConfig;
import io.sprocket.message.Message;
import io.sprocket.registry.SpSocket;
import io.sprocket.ring.MessageHandler;
import io.sprocket.ring.MessageRing;
import io.sprocket.ring.RingStats;
import io.sprocket.engine.Engine;

/**
 * Zero allocation per message in steady state, over loopback: a sending node (application thread,
 * its I/O worker, its engine) and a receiving node (its I/O worker reading frames into ring slots,
 * its engine running the handler), every thread measured with ThreadMXBean.
 */
@Tag("alloc")
class TransportAllocationTest {
    private static final int WINDOW = 200_000;

    /** Where the IPC runs put their socket file; JUnit deletes it after each test. */
    @TempDir
    Path dir;

    /** Counts and checks the order of received messages; allocates nothing. */
    static final class Counting implements MessageHandler {
        final int size;
        volatile long received;
        volatile long outOfOrder;

        Counting(final int size) {
            this.size = size;
        }

        @Override
        public void onMessage(final Message message, final long sequence, final boolean endOfBatch) {
            final long n = received;
            if (message.length() != size || message.buffer().getLong(0) != n || message.peerId() == 0) {
                outOfOrder = outOfOrder + 1;
            }
            received = n + 1;
        }
    }

    @ParameterizedTest
    @CsvSource({"tcp, 64", "ipc, 64", "tcp, 1900"})
    void shouldAllocateNothingPerMessageOnAnyThread(final String kind, final int size) throws Exception {
        final InfraConfig config = InfraConfig.builder().bufferSizeBytes(2048).maxPooledSizeBytes(2048)
            .maxRetained(1024).maxMessageSizeBytes(1 << 20).build();
        final Counting counting = new Counting(size);
        final Engine rxRing = Engine.builder().name("alloc-rx-" + kind + size).config(config)
            .ring(MessageRing.builder().ringSize(1024)).jmx(false)
            .registrySnapshots(false).handler(counting).build().start();
        final Engine txRing = Engine.builder().name("alloc-tx-" + kind + size).config(config)
            .ring(MessageRing.builder().ringSize(1024)).jmx(false)
            .registrySnapshots(false).handler((m, s, e) -> { }).build().start();
        final Transport rx = Transport.builder(rxRing).build();
        final Transport tx = Transport.builder(txRing).outboundCapacity(256).build();
        try {
            final SpSocket pull = rx.openSocket("pull", SpProtocol.PULL);
            final SpSocket push = tx.openSocket("push", SpProtocol.PUSH);
            final Addr where = "ipc".equals(kind) ? Addr.ipc(dir.resolve("a.sock").toString())
                : Addr.parse("tcp://127.0.0.1:0");
            final Listener l = rx.listen(pull, where);
            tx.dial(push, l.boundAddr());
            assertThat(tx.awaitReady(push, 1, Node.WAIT_NS)).isTrue();
            final BufferPool pool = txRing.ring().clonePool();
            // Every message the sender can hold at once (the outbound queue, a batch being written) and
            // the receiver's staging buffers made before measuring, whatever peak the warm-up reached.
            PoolWarmUp.fill(pool, 512, size);
            PoolWarmUp.fill(rxRing.ring().clonePool(), 64, 8);

            AllocationMeter.parkOnce();
            for (int round = 0; round < 4; round++) {
                sendWindow(tx, push, pool, counting, size);
            }
            final Thread[] others = {rx.ioThreads()[0], rxRing.ring().engineThread(), tx.ioThreads()[0], txRing.ring().engineThread()};
            final long[] bytes = AllocationMeter.steadyState(() -> sendWindow(tx, push, pool, counting, size), 10, others);

            final TransportStats rs = rx.stats(new TransportStats());
            System.out.printf("allocation over %d messages of %d B (%s): sender %d B, rx I/O %d B, rx engine %d B, "
                + "tx I/O %d B, tx engine %d B; staged %d, stalls %d%n", WINDOW, size, kind, bytes[0], bytes[1],
                bytes[2], bytes[3], bytes[4], rs.stagedFrames(), rs.backpressureStalls());
            assertThat(counting.outOfOrder).isZero();
            assertThat(bytes[0]).as("sender thread").isZero();
            assertThat(bytes[1]).as("receiving I/O worker").isZero();
            assertThat(bytes[2]).as("receiving engine").isZero();
            assertThat(bytes[3]).as("sending I/O worker").isZero();
            assertThat(bytes[4]).as("sending engine").isZero();
        } finally {
            tx.close();
            rx.close();
            txRing.close(TimeUnit.SECONDS.toNanos(5));
            rxRing.close(TimeUnit.SECONDS.toNanos(5));
        }
    }

    /**
     * The same, with both nodes in one threading mode: the I/O worker in the engine's duty cycle
     * ({@code SHARED}, sleeping in its selector or backing off), driven by the application's invoker
     * ({@code INVOKER}), or on its own thread polling its selector ({@code DEDICATED} backing off).
     * Every thread that runs Sprocket code is measured: the sender, and each node's engine and I/O
     * threads (one thread in the shared modes).
     */
    @ParameterizedTest
    @CsvSource({"SHARED, BLOCKING", "SHARED, SLEEPING", "INVOKER, SLEEPING", "DEDICATED, SLEEPING"})
    void shouldAllocateNothingPerMessageInEachThreadingMode(final io.sprocket.ring.ThreadingMode mode,
        final io.sprocket.ring.EngineWait wait) throws Exception {
        final int size = 64;
        final InfraConfig config = InfraConfig.builder().bufferSizeBytes(2048).maxPooledSizeBytes(2048)
            .maxRetained(1024).maxMessageSizeBytes(1 << 20).build();
        final Counting counting = new Counting(size);
        try (ModeNode rx = new ModeNode("alloc-rx-" + mode, mode, wait, config, 1024, counting);
            ModeNode tx = new ModeNode("alloc-tx-" + mode, mode, wait, config, 1024, (m, s, e) -> { })) {
            final SpSocket pull = rx.transport.openSocket("pull", SpProtocol.PULL);
            final SpSocket push = tx.transport.openSocket("push", SpProtocol.PUSH);
            final Listener l = rx.transport.listen(pull, Addr.parse("tcp://127.0.0.1:0"));
            tx.transport.dial(push, l.boundAddr());
            assertThat(tx.transport.awaitReady(push, 1, Node.WAIT_NS)).isTrue();
            final BufferPool pool = tx.ring.clonePool();
            PoolWarmUp.fill(pool, 512, size);
            PoolWarmUp.fill(rx.ring.clonePool(), 64, 8);

            AllocationMeter.parkOnce();
            for (int round = 0; round < 4; round++) {
                sendWindow(tx.transport, push, pool, counting, size);
            }
            final java.util.List<Thread> threads = new java.util.ArrayList<>();
            for (final Thread t : new Thread[] {rx.engineThread(), rx.transport.ioThreads()[0], tx.engineThread(),
                tx.transport.ioThreads()[0]}) {
                if (!threads.contains(t)) {
                    threads.add(t);
                }
            }
            final Thread[] others = threads.toArray(new Thread[0]);
            final long[] bytes = AllocationMeter.steadyState(() -> sendWindow(tx.transport, push, pool, counting, size),
                10, others);
            final StringBuilder each = new StringBuilder("sender " + bytes[0] + " B");
            for (int i = 0; i < others.length; i++) {
                each.append(", ").append(others[i].getName()).append(' ').append(bytes[i + 1]).append(" B");
            }
            System.out.printf("allocation over %d messages of %d B, %s/%s: %s%n", WINDOW, size, mode, wait, each);
            assertThat(counting.outOfOrder).isZero();
            for (int i = 0; i < bytes.length; i++) {
                assertThat(bytes[i]).as(i == 0 ? "sender thread" : others[i - 1].getName()).isZero();
            }
            assertThat(tx.closeBoth()).isTrue();
            assertThat(rx.closeBoth()).isTrue();
        }
    }

    @org.junit.jupiter.api.Test
    void shouldAllocateNothingOnTheSlowPathOfFramesThatTrickleIn() throws Exception {
        final InfraConfig config = InfraConfig.builder().bufferSizeBytes(2048).maxPooledSizeBytes(2048)
            .maxRetained(64).maxMessageSizeBytes(1 << 20).build();
        final Counting counting = new Counting(1000);
        final Engine rxRing = Engine.builder().name("alloc-slow").config(config)
            .ring(MessageRing.builder().ringSize(1024)).jmx(false)
            .registrySnapshots(false).handler(counting).build().start();
        final Transport rx = Transport.builder(rxRing).build();
        try {
            final SpSocket pull = rx.openSocket("pull", SpProtocol.PULL);
            final Listener l = rx.listen(pull, Addr.parse("tcp://127.0.0.1:0"));
            try (RawPeer peer = new RawPeer(l.boundAddr())) {
                peer.channel.socket().setTcpNoDelay(true);
                peer.write(RawPeer.header(SpProtocol.PUSH));
                assertThat(rx.awaitReady(pull, 1, Node.WAIT_NS)).isTrue();
                final java.nio.ByteBuffer first = java.nio.ByteBuffer.allocateDirect(8 + 400);
                final java.nio.ByteBuffer rest = java.nio.ByteBuffer.allocateDirect(600);
                final TransportStats staged = new TransportStats();
                final Runnable window = () -> trickle(peer, first, rest, counting, 1000, rx, staged);
                window.run();
                final TransportStats before = rx.stats(new TransportStats());
                final long[] bytes = AllocationMeter.steadyState(window, 10, rx.ioThreads()[0], rxRing.ring().engineThread());
                final TransportStats after = rx.stats(new TransportStats());
                System.out.printf("allocation on the slow path: rx I/O %d B, rx engine %d B; %d frames staged%n",
                    bytes[1], bytes[2], after.stagedFrames() - before.stagedFrames());
                assertThat(after.stagedFrames() - before.stagedFrames()).as("every frame of a window is staged")
                    .isGreaterThanOrEqualTo(1000);
                assertThat(counting.outOfOrder).isZero();
                assertThat(bytes[1]).as("receiving I/O worker").isZero();
                assertThat(bytes[2]).as("receiving engine").isZero();
            }
        } finally {
            rx.close();
            rxRing.close(TimeUnit.SECONDS.toNanos(5));
        }
    }

    /**
     * Writes frames in two parts, the second only once the receiver has read the first and staged the
     * frame, so each frame takes the slow path whatever the machine's load; allocates nothing.
     */
    private static void trickle(final RawPeer peer, final java.nio.ByteBuffer first, final java.nio.ByteBuffer rest,
        final Counting counting, final int frames, final Transport rx, final TransportStats stats) {
        try {
            for (int i = 0; i < frames; i++) {
                final long n = counting.received;
                final long stagedBefore = rx.stats(stats).stagedFrames();
                first.clear();
                first.putLong(0, 1000);
                // The handler reads the sequence in native order (as UnsafeBuffer does).
                first.putLong(8, java.nio.ByteOrder.nativeOrder() == java.nio.ByteOrder.BIG_ENDIAN ? n : Long.reverseBytes(n));
                rest.clear();
                while (first.hasRemaining()) {
                    peer.channel.write(first);
                }
                final long stagedBy = System.nanoTime() + Node.WAIT_NS;
                while (rx.stats(stats).stagedFrames() == stagedBefore) {
                    if (System.nanoTime() - stagedBy > 0) {
                        throw new AssertionError("the first part of frame " + n + " was not read and staged");
                    }
                    LockSupport.parkNanos(10_000);
                }
                while (rest.hasRemaining()) {
                    peer.channel.write(rest);
                }
                final long deadline = System.nanoTime() + Node.WAIT_NS;
                while (counting.received == n) {
                    if (System.nanoTime() - deadline > 0) {
                        throw new AssertionError("frame " + n + " not received");
                    }
                    LockSupport.parkNanos(10_000);
                }
            }
        } catch (final java.io.IOException e) {
            throw new AssertionError(e);
        }
    }


    /** Sends one window and waits until all of it was handled; allocates nothing. */
    private static void sendWindow(final Transport tx, final SpSocket push, final BufferPool pool, final Counting counting,
        final int size) {
        final long first = counting.received;
        for (int i = 0; i < WINDOW; i++) {
            final Message m = pool.acquire(size);
            m.buffer().putLong(0, first + i);
            long spins = 0;
            while (!tx.send(push, m)) {
                if (++spins > 2_000_000) {
                    throw new AssertionError("could not send for too long");
                }
                LockSupport.parkNanos(20_000);
            }
        }
        final long target = first + WINDOW;
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (counting.received < target) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("window not received within 60 s");
            }
            LockSupport.parkNanos(100_000);
        }
    }
}
