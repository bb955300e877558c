package io.sprocket.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.sprocket.message.Addr;
import io.sprocket.message.Message;
import io.sprocket.registry.SpSocket;

/**
 * A quick round-trip figure over loopback TCP: ping-pong of 64-byte messages through transport and
 * ring on both sides (PAIR0, the server echoes with a clone sent back to the peer), beside a raw
 * blocking-socket Java ping-pong with the same framing. The pinging thread parks until its handler
 * unparks it (spinning instead starves the I/O threads on a 2-core machine). Printed, not asserted
 * beyond completing: the perf harness owns the real latency table. (The collecting handlers keep a
 * copy of each message: 40 000 x 64 B, fine for a test.)
 */
@Tag("slow")
class LoopbackLatencyTest {
    private static final int WARMUP = 20_000;
    private static final int MEASURED = 20_000;
    private static final int SIZE = 64;

    private volatile long echoes;

    @Test
    void shouldRoundTripOverLoopbackAndPrintTheFigures() throws Exception {
        final long[] sprocket;
        try (Node server = new Node("echo"); Node client = new Node("ping")) {
            final SpSocket ps = server.socket(SpProtocol.PAIR0);
            final SpSocket pc = client.socket(SpProtocol.PAIR0);
            server.collector.also = (m, seq, eob) -> {
                final Message copy = m.clone();
                if (!server.transport.sendToPeer(copy.peerId(), copy)) {
                    copy.release();
                }
            };
            final Thread pinger = Thread.currentThread();
            client.collector.also = (m, seq, eob) -> {
                echoes = echoes + 1;
                java.util.concurrent.locks.LockSupport.unpark(pinger);
            };
            final Listener l = server.transport.listen(ps, Addr.parse("tcp://127.0.0.1:0"));
            client.transport.dial(pc, l.boundAddr());
            assertThat(client.transport.awaitReady(pc, 1, Node.WAIT_NS)).isTrue();
            sprocket = pingPong(client, pc);
        }
        final long[] raw = rawPingPong();
        System.out.println("loopback round trip, " + SIZE + " B, " + MEASURED + " samples:");
        System.out.println("  sprocket transport+ring: " + summary(sprocket));
        System.out.println("  raw blocking sockets:    " + summary(raw));
    }

    private long[] pingPong(final Node client, final SpSocket pc) {
        final long[] samples = new long[MEASURED];
        final byte[] payload = Payloads.random(SIZE, 1);
        for (int i = 0; i < WARMUP + MEASURED; i++) {
            final long before = echoes;
            final long start = System.nanoTime();
            client.send(pc, payload);
            final long deadline = start + Node.WAIT_NS;
            while (echoes == before) {
                if (System.nanoTime() - deadline > 0) {
                    throw new AssertionError("no echo within " + Node.WAIT_MS + " ms at round " + i);
                }
                java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
            }
            if (i >= WARMUP) {
                samples[i - WARMUP] = System.nanoTime() - start;
            }
        }
        return samples;
    }

    private static long[] rawPingPong() throws Exception {
        final long[] samples = new long[MEASURED];
        try (ServerSocket ss = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            final Thread echo = new Thread(() -> {
                try (Socket s = ss.accept()) {
                    s.setTcpNoDelay(true);
                    final DataInputStream in = new DataInputStream(s.getInputStream());
                    final DataOutputStream out = new DataOutputStream(s.getOutputStream());
                    final byte[] buf = new byte[SIZE];
                    for (int i = 0; i < WARMUP + MEASURED; i++) {
                        final long len = in.readLong();
                        in.readFully(buf, 0, (int)len);
                        out.writeLong(len);
                        out.write(buf, 0, (int)len);
                        out.flush();
                    }
                } catch (final IOException e) {
                    throw new IllegalStateException(e);
                }
            }, "raw-echo");
            echo.setDaemon(true);
            echo.start();
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), ss.getLocalPort())) {
                s.setTcpNoDelay(true);
                s.setSoTimeout((int)Node.WAIT_MS);
                final DataInputStream in = new DataInputStream(s.getInputStream());
                final DataOutputStream out = new DataOutputStream(new java.io.BufferedOutputStream(s.getOutputStream()));
                final byte[] buf = Payloads.random(SIZE, 1);
                for (int i = 0; i < WARMUP + MEASURED; i++) {
                    final long start = System.nanoTime();
                    out.writeLong(SIZE);
                    out.write(buf);
                    out.flush();
                    in.readLong();
                    in.readFully(buf);
                    if (i >= WARMUP) {
                        samples[i - WARMUP] = System.nanoTime() - start;
                    }
                }
            }
            echo.join(Node.WAIT_MS);
        }
        return samples;
    }

    private static String summary(final long[] samples) {
        final long[] s = samples.clone();
        Arrays.sort(s);
        return String.format("p50 %.1f us, p90 %.1f us, p99 %.1f us, p99.9 %.1f us, max %.1f us",
            s[s.length / 2] / 1e3, s[(int)(s.length * 0.9)] / 1e3, s[(int)(s.length * 0.99)] / 1e3,
            s[(int)(s.length * 0.999)] / 1e3, s[s.length - 1] / 1e3);
    }
}
