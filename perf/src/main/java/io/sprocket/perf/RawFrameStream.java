package io.sprocket.perf;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;

import org.agrona.concurrent.UnsafeBuffer;

import io.sprocket.message.Addr;
import io.sprocket.transport.SpProtocol;

/**
 * The raw-socket baseline of {@code throughput --transport}: one Java thread writing SP-framed
 * messages over a blocking socket to another that reads and parses them, with no library in between.
 * Each run opens a fresh connection (as each Sprocket run builds fresh nodes), exchanges the 8-byte
 * SP headers (PUSH one way, PULL the other; each side checks the other's), then the writer (the
 * caller's thread) writes every message with one blocking {@code write} of its prefix and payload
 * (u64 big-endian length; on IPC the type byte 0x01 first), and the reader reads up to
 * {@link #READ_BUFFER_BYTES} per {@code read} and parses every whole frame in it: the length, and the
 * message's number in its first 8 bytes, which must be the next one.
 *
 * <p><b>Note:</b> one run at a time, from one thread; the reader thread is the run's own. The
 * measured loops allocate nothing.
 */
final class RawFrameStream implements AutoCloseable {
    /** Bytes the reader asks for per {@code read} at most. */
    static final int READ_BUFFER_BYTES = 64 * 1024;
    private static final int HEADER_BYTES = 8;

    private final boolean ipc;
    private final int prefixBytes;
    private final int sizeBytes;
    private final long timeoutNs;
    private final ServerSocketChannel server;
    private final Path ipcPath;
    private final ByteBuffer frame;
    private final ByteBuffer readBuffer;

    // Written by the reader thread, read by the caller's once the reader is joined.
    private long received;
    private long endNs;
    private String failure;

    RawFrameStream(final Addr url, final int sizeBytes, final long timeoutNs) throws IOException {
        this.ipc = url.scheme() == Addr.Scheme.IPC;
        this.prefixBytes = ipc ? 9 : 8;
        this.sizeBytes = sizeBytes;
        this.timeoutNs = timeoutNs;
        final SocketAddress bindTo;
        if (ipc) {
            ipcPath = Path.of(url.path() + ".raw");
            Files.deleteIfExists(ipcPath);
            bindTo = UnixDomainSocketAddress.of(ipcPath);
            server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        } else {
            ipcPath = null;
            bindTo = new InetSocketAddress(url.host().equals("*") ? "0.0.0.0" : url.host(), 0);
            server = ServerSocketChannel.open();
        }
        server.bind(bindTo);
        frame = ByteBuffer.allocateDirect(prefixBytes + sizeBytes).order(ByteOrder.BIG_ENDIAN);
        if (ipc) {
            frame.put(0, (byte)1);
        }
        frame.putLong(ipc ? 1 : 0, sizeBytes);
        final UnsafeBuffer template = Support.template(sizeBytes);
        for (int i = Long.BYTES; i < sizeBytes; i++) {
            frame.put(prefixBytes + i, template.getByte(i));
        }
        readBuffer = ByteBuffer.allocateDirect(Math.max(READ_BUFFER_BYTES, 2 * (prefixBytes + sizeBytes)))
            .order(ByteOrder.BIG_ENDIAN);
    }

    /**
     * Sends {@code messages} over a fresh connection and waits for the reader to have parsed them all.
     *
     * @return messages per second, from the first write to the reader's parse of the last message.
     */
    double run(final long messages) throws IOException {
        received = 0;
        endNs = 0;
        failure = null;
        try (SocketChannel writer = SocketChannel.open(server.getLocalAddress());
             SocketChannel reader = server.accept()) {
            if (!ipc) {
                writer.setOption(StandardSocketOptions.TCP_NODELAY, true);
                reader.setOption(StandardSocketOptions.TCP_NODELAY, true);
            }
            final Thread thread = Support.daemon(() -> read(reader, messages), "perf-raw-reader");
            thread.start();
            IOException writeFailure = null;
            long start = 0;
            try {
                handshake(writer, SpProtocol.PUSH, SpProtocol.PULL);
                start = System.nanoTime();
                for (long i = 0; i < messages; i++) {
                    frame.putLong(prefixBytes, i);
                    frame.clear();
                    while (frame.hasRemaining()) {
                        writer.write(frame);
                    }
                }
            } catch (final IOException e) {
                writeFailure = e;   // the reader's failure, if it has one, says more
            } finally {
                Support.join(thread, timeoutNs);
            }
            if (thread.isAlive()) {
                throw new RunFailure("raw-socket: the reader did not finish within " + timeoutNs / 1_000_000 + " ms ("
                    + received + " of " + messages + " messages)");
            }
            if (failure != null) {
                throw new RunFailure("raw-socket: " + failure);
            }
            if (writeFailure != null) {
                throw writeFailure;
            }
            return messages * 1e9 / (endNs - start);
        }
    }

    /** The reader thread: the header exchange, then reads and parses until every message came. */
    private void read(final SocketChannel channel, final long messages) {
        long next = 0;
        try {
            handshake(channel, SpProtocol.PULL, SpProtocol.PUSH);
            final ByteBuffer b = readBuffer;
            b.clear();
            while (next < messages) {
                if (channel.read(b) < 0) {
                    failure = "the writer closed the connection after " + next + " messages";
                    return;
                }
                b.flip();
                while (b.remaining() >= prefixBytes) {
                    final int at = b.position();
                    if (ipc && b.get(at) != 1) {
                        failure = "a frame without the IPC type byte after " + next + " messages";
                        return;
                    }
                    final long length = b.getLong(ipc ? at + 1 : at);
                    if (length != sizeBytes) {
                        failure = "a frame of " + length + " bytes after " + next + " messages";
                        return;
                    }
                    if (b.remaining() < prefixBytes + sizeBytes) {
                        break;
                    }
                    final long number = b.getLong(at + prefixBytes);
                    if (number != next) {
                        failure = "message " + number + " where " + next + " was due";
                        return;
                    }
                    next++;
                    b.position(at + prefixBytes + sizeBytes);
                }
                b.compact();
            }
            endNs = System.nanoTime();
        } catch (final IOException e) {
            failure = "the reader failed: " + e;
        } finally {
            received = next;
            if (failure != null) {
                closeQuietly(channel);   // so that a writer blocked on a full socket fails instead of waiting
            }
        }
    }

    private static void closeQuietly(final SocketChannel channel) {
        try {
            channel.close();
        } catch (final IOException ignored) {
            // closing after a failure: the failure is what is reported
        }
    }

    /** Writes this side's SP header and reads and checks the peer's. */
    private static void handshake(final SocketChannel channel, final int own, final int peer) throws IOException {
        final ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.BIG_ENDIAN);
        header.putInt(0x00535000).putShort((short)own).putShort((short)0).flip();
        while (header.hasRemaining()) {
            channel.write(header);
        }
        header.clear();
        while (header.hasRemaining()) {
            if (channel.read(header) < 0) {
                throw new IOException("the peer closed the connection during the SP header exchange");
            }
        }
        if (header.getInt(0) != 0x00535000 || header.getShort(4) != peer || header.getShort(6) != 0) {
            throw new IOException("the peer's SP header is not that of protocol " + SpProtocol.name(peer));
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        if (ipcPath != null) {
            Files.deleteIfExists(ipcPath);
        }
    }
}
