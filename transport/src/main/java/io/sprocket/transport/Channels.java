package io.sprocket.transport;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.net.UnknownHostException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;

import io.sprocket.message.Addr;

/**
 * The operating system's channels for SP addresses: binds a listening channel (TCP, or IPC with a
 * stale socket file replaced and the file's mode set), resolves a dial target, names a TCP socket
 * address as an {@link Addr}, and closes a channel quietly. Stateless; any thread; allocates.
 */
final class Channels {
    private static final int BACKLOG = 128;

    private Channels() {
    }

    /**
     * Binds a listening channel (still blocking) on {@code addr}, tcp or ipc; a stale IPC socket file
     * nobody listens on is replaced, and the new one gets {@code ipcPermissions} unless that is
     * {@link TransportSettings#IPC_PERMISSIONS_FROM_UMASK}. Whatever fails closes the channel.
     */
    static ServerSocketChannel bind(final Addr addr, final int ipcPermissions) throws IOException {
        final ServerSocketChannel server;
        if (addr.scheme() == Addr.Scheme.TCP) {
            final InetSocketAddress local = "*".equals(addr.host()) ? new InetSocketAddress(addr.port())
                : new InetSocketAddress(InetAddress.getByName(addr.host()), addr.port());
            server = ServerSocketChannel.open();
            try {
                server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
                server.bind(local, BACKLOG);
            } catch (final IOException e) {
                server.close();
                throw new IOException("cannot listen on " + addr + ": " + e.getMessage(), e);
            }
            return server;
        }
        final Path path = Path.of(addr.path());
        removeStale(path, addr);
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            server.bind(UnixDomainSocketAddress.of(path), BACKLOG);
        } catch (final IOException e) {
            server.close();
            throw new IOException("cannot listen on " + addr + ": " + e.getMessage(), e);
        }
        if (ipcPermissions != TransportSettings.IPC_PERMISSIONS_FROM_UMASK) {
            try {
                Files.setPosixFilePermissions(path, permissions(ipcPermissions));
            } catch (final IOException | UnsupportedOperationException e) {
                server.close();
                Files.deleteIfExists(path);
                throw new IOException("cannot listen on " + addr + ": cannot set the socket file's mode to 0"
                    + Integer.toOctalString(ipcPermissions) + ": " + e, e);
            }
        }
        return server;
    }

    /** The address {@code server} is bound to: for TCP the given host with the bound port; for IPC {@code addr}. */
    static Addr boundAddr(final Addr addr, final ServerSocketChannel server) throws IOException {
        if (addr.scheme() == Addr.Scheme.IPC) {
            return addr;
        }
        return Addr.tcp(addr.host(), ((InetSocketAddress)server.getLocalAddress()).getPort());
    }

    /**
     * Where a dialer of {@code addr} connects: the Unix-domain path, or the TCP address resolved now.
     *
     * @throws IllegalArgumentException when a TCP address has port 0 or an unknown host.
     */
    static SocketAddress dialTarget(final Addr addr) {
        if (addr.scheme() == Addr.Scheme.IPC) {
            return UnixDomainSocketAddress.of(addr.path());
        }
        if (addr.port() == 0) {
            throw new IllegalArgumentException("cannot dial " + addr + ": port 0");
        }
        try {
            return new InetSocketAddress(InetAddress.getByName(addr.host()), addr.port());
        } catch (final UnknownHostException e) {
            throw new IllegalArgumentException("cannot dial " + addr + ": unknown host", e);
        }
    }

    /** The permissions of a Unix mode's low nine bits (owner, group, others; read, write, execute). */
    static Set<PosixFilePermission> permissions(final int mode) {
        final PosixFilePermission[] bits = {
            PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
            PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ,
        };
        final Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
        for (int i = 0; i < bits.length; i++) {
            if ((mode & (1 << i)) != 0) {
                set.add(bits[i]);
            }
        }
        return set;
    }

    private static void removeStale(final Path path, final Addr addr) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            probe.connect(UnixDomainSocketAddress.of(path));
        } catch (final IOException nobodyListens) {
            Files.deleteIfExists(path);
            return;
        }
        throw new IOException("cannot listen on " + addr + ": another process listens there");
    }

    /** A TCP socket address as an {@link Addr} (the host as a literal, without an IPv6 scope), or null. */
    static Addr tcpAddr(final SocketAddress a) {
        if (!(a instanceof InetSocketAddress)) {
            return null;
        }
        final InetSocketAddress isa = (InetSocketAddress)a;
        String host = isa.getAddress().getHostAddress();
        final int scope = host.indexOf('%');
        if (scope >= 0) {
            host = host.substring(0, scope);
        }
        return Addr.tcp(host, isa.getPort());
    }

    /** Closes {@code channel}, ignoring a failure. */
    static void closeQuietly(final SocketChannel channel) {
        try {
            channel.close();
        } catch (final IOException ignored) {
            // nothing to do
        }
    }
}
