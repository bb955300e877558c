package io.sprocket.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.sprocket.message.Addr;
import io.sprocket.message.Waits;
import io.sprocket.registry.SpSocket;

/**
 * The reader's read-ahead: frames a peer sent together are read from the channel with few system
 * calls (counted at the read seam), and every frame, whatever its size and wherever it falls across
 * the read-ahead buffer's end, arrives whole, in order and once.
 */
@Timeout(120)
class ReadAheadTest {
    private static final long FIVE_S = TimeUnit.SECONDS.toNanos(5);

    @TempDir
    Path dir;

    /** Counts the calls at each read seam point; never throws. */
    static final class CountingReads implements ReadFaults {
        final AtomicIntegerArray calls = new AtomicIntegerArray(8);

        @Override
        public void beforeRead(final int point) {
            calls.incrementAndGet(point);
        }

        @Override
        public void beforeStep(final int point) {
            calls.incrementAndGet(point);
        }
    }

    private Addr address(final String scheme) {
        return Addr.parse("ipc".equals(scheme) ? "ipc://" + dir.resolve("read-ahead.ipc") : "tcp://127.0.0.1:0");
    }

    /** {@code payloads} as one stream of frames, for one write. */
    private static byte[] frames(final List<byte[]> payloads, final boolean ipc) {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (final byte[] p : payloads) {
            final ByteBuffer prefix = ByteBuffer.allocate(9);
            if (ipc) {
                prefix.put((byte)1);
            }
            prefix.putLong(p.length);
            out.write(prefix.array(), 0, prefix.position());
            out.write(p, 0, p.length);
        }
        return out.toByteArray();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"tcp", "ipc"})
    void shouldReadManyFramesSentTogetherWithFewReads(final String scheme) throws Exception {
        final int n = 300;
        final List<byte[]> payloads = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            payloads.add(Payloads.random(64, i));
        }
        final CountingReads reads = new CountingReads();
        final Node node = new Node("read-ahead", Node.config(), b -> b.readFaults(reads));
        try {
            final SpSocket pull = node.socket(SpProtocol.PULL);
            final Listener l = node.transport.listen(pull, address(scheme));
            try (RawPeer peer = new RawPeer(l.boundAddr())) {
                peer.write(RawPeer.header(SpProtocol.PUSH));
                assertThat(node.transport.awaitReady(pull, 1, FIVE_S)).isTrue();
                final int before = reads.calls.get(ReadFaults.READ_AHEAD);
                peer.write(frames(payloads, peer.ipc));
                final List<Collector.Received> got = node.collector.await(n, Node.WAIT_MS);
                assertThat(got).hasSize(n);
                for (int i = 0; i < n; i++) {
                    assertThat(got.get(i).bytes).as("message %d", i).isEqualTo(payloads.get(i));
                }
                final int readAheads = reads.calls.get(ReadFaults.READ_AHEAD) - before;
                assertThat(readAheads).as("channel reads for %d frames of 64 B sent in one write (%d B)", n,
                    frames(payloads, peer.ipc).length).isPositive().isLessThan(n / 4);
                assertThat(reads.calls.get(ReadFaults.SLOT_READ)).as("one slot fill per frame").isEqualTo(n);
                // A frame is counted in just after it is published, so the engine can have it first: wait for
                // the count. (A frame that arrived in parts may have been staged: that is not asserted, as it
                // depends on how the kernel hands the bytes over.)
                Waits.await("every frame counted in", Node.WAIT_MS,
                    () -> node.transport.stats(new TransportStats()).framesIn() >= n);
                assertThat(node.transport.stats(new TransportStats()).framesIn()).isEqualTo(n);
            }
        } finally {
            node.close();
        }
    }

    @Test
    void shouldDeliverFramesOfEverySizeAcrossTheReadAheadBuffersEnd() throws Exception {
        final int r = FrameReader.READ_AHEAD_BYTES;
        final int[] sizes = {0, 1, 7, 8, 9, 63, 64, r - 9, r - 8, r - 7, r, r + 1, 2 * r, 5, 100_000, 3, r - 20, 17, 0,
            65_536, 1, 64};
        final List<byte[]> payloads = new ArrayList<>();
        for (int i = 0; i < sizes.length; i++) {
            payloads.add(Payloads.random(sizes[i], 1000 + i));
        }
        final Node node = new Node("read-ahead-sizes");
        try {
            final SpSocket pull = node.socket(SpProtocol.PULL);
            final Listener l = node.transport.listen(pull, address("tcp"));
            try (RawPeer peer = new RawPeer(l.boundAddr())) {
                peer.write(RawPeer.header(SpProtocol.PUSH));
                assertThat(node.transport.awaitReady(pull, 1, FIVE_S)).isTrue();
                // Twice: once in one write, once a byte at a time at the start (split prefixes), then the rest.
                final byte[] stream = frames(payloads, false);
                peer.write(stream);
                for (int i = 0; i < 200; i++) {
                    peer.write(new byte[] {stream[i]});
                }
                peer.write(java.util.Arrays.copyOfRange(stream, 200, stream.length));
                final List<Collector.Received> got = node.collector.await(2 * sizes.length, Node.WAIT_MS);
                assertThat(got).hasSize(2 * sizes.length);
                for (int i = 0; i < 2 * sizes.length; i++) {
                    assertThat(got.get(i).bytes).as("message %d", i).isEqualTo(payloads.get(i % sizes.length));
                }
            }
            Waits.await("every frame counted in", Node.WAIT_MS,
                () -> node.transport.stats(new TransportStats()).framesIn() >= 2L * sizes.length);
            assertThat(node.transport.stats(new TransportStats()).framesIn()).isEqualTo(2L * sizes.length);
        } finally {
            node.close();
        }
    }
}
