package io.sprocket.transport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.concurrent.TimeUnit;

import io.sprocket.message.Addr;

/** A hand-driven SP peer over a blocking channel, for wire-level tests. */
final class RawPeer implements AutoCloseable {
    final SocketChannel channel;
    final boolean ipc;

    RawPeer(final Addr addr) throws IOException {
        this(addr, 0);
    }

    /** Connects, waiting at most {@code timeoutMs} for TCP (0: no limit beyond the system's). */
    RawPeer(final Addr addr, final int timeoutMs) throws IOException {
        ipc = addr.scheme() == Addr.Scheme.IPC;
        if (ipc) {
            channel = SocketChannel.open(StandardProtocolFamily.UNIX);
            channel.connect(UnixDomainSocketAddress.of(addr.path()));
        } else {
            channel = SocketChannel.open();
            try {
                channel.socket().connect(new InetSocketAddress(addr.host(), addr.port()), timeoutMs);
            } catch (final IOException e) {
                channel.close();
                throw e;
            }
        }
    }

    static byte[] header(final int protocolId) {
        return new byte[] {0, 'S', 'P', 0, (byte)(protocolId >> 8), (byte)protocolId, 0, 0};
    }

    RawPeer write(final byte[] bytes) throws IOException {
        return writeAll(ByteBuffer.wrap(bytes));
    }

    RawPeer writePrefix(final long length) throws IOException {
        return writeAll(putPrefix(ByteBuffer.allocate(9), length).flip());
    }

    /**
     * Writes a whole frame, prefix and payload, from one buffer: a receiver that times frames never
     * sees this peer stall between the two.
     */
    RawPeer frame(final byte[] payload) throws IOException {
        return writeAll(putPrefix(ByteBuffer.allocate(9 + payload.length), payload.length).put(payload).flip());
    }

    /** The frame prefix for this peer's transport: the IPC message byte, then the length. */
    private ByteBuffer putPrefix(final ByteBuffer b, final long length) {
        if (ipc) {
            b.put((byte)1);
        }
        return b.putLong(length);
    }

    private RawPeer writeAll(final ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            channel.write(b);
        }
        return this;
    }

    /** Reads exactly n bytes (bounded by the socket's blocking read and the test's timeout). */
    byte[] read(final int n) throws IOException {
        final ByteBuffer b = ByteBuffer.allocate(n);
        while (b.hasRemaining()) {
            if (channel.read(b) < 0) {
                throw new IOException("end of stream after " + b.position() + " of " + n + " bytes");
            }
        }
        return b.array();
    }

    /**
     * Waits until the other side closes: reads (and drops) everything until end of stream.
     *
     * @return true when the stream ended within the timeout.
     */
    boolean awaitClosedByPeer(final long timeoutMs) throws IOException {
        channel.configureBlocking(false);
        final ByteBuffer b = ByteBuffer.allocate(4096);
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (System.nanoTime() - deadline < 0) {
            b.clear();
            final int n;
            try {
                n = channel.read(b);
            } catch (final IOException reset) {
                return true;
            }
            if (n < 0) {
                return true;
            }
            if (n == 0) {
                java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
            }
        }
        return false;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
