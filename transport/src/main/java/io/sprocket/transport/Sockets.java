package io.sprocket.transport;

import java.io.IOException;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import io.sprocket.engine.Control;
import io.sprocket.message.Addr;
import io.sprocket.registry.SpSocket;
import io.sprocket.ring.MessageRing;

/**
 * The transport's sockets and their endpoints: opens a socket in the engine, listens and dials on
 * it, hands each accepted channel to a new connection, and stops listeners and dialers (and asks for
 * their connections' close) when one of them, its socket, the ring or the transport is closed.
 * Opening and closing run on the caller's thread and wait (bounded) for the endpoint's worker;
 * accepting runs on the listener's worker. Everything here allocates.
 */
final class Sockets {
    private static final long CONTROL_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(1);

    private final Transport transport;
    private final Connections connections;
    private final Control control;
    private final ConcurrentHashMap<SpSocket, SocketEndpoints> bySocket = new ConcurrentHashMap<>();
    /** Set when a control event or claim answered {@link MessageRing#CLOSED}. */
    private volatile boolean ringClosed;

    Sockets(final Transport transport, final Connections connections) {
        this.transport = transport;
        this.connections = connections;
        this.control = transport.engine().control();
    }

    /** See {@link Transport#openSocket}. */
    SpSocket open(final String socketName, final int protocolId) {
        if (!SpProtocol.isKnown(protocolId)) {
            throw new IllegalArgumentException("protocolId 0x" + Integer.toHexString(protocolId)
                + " is not an SP protocol id (see SpProtocol)");
        }
        final SpSocket socket = control.newSocket(socketName, protocolId);
        final long r = control.openSocket(socket, CONTROL_TIMEOUT_NS);
        if (r < 0) {
            throw new IllegalStateException("ring '" + transport.ring().name() + "' refused to open socket '"
                + socketName + "': " + (r == MessageRing.CLOSED ? "closed" : "full for 1 s"));
        }
        return socket;
    }

    /** See {@link Transport#listen}. */
    Listener listen(final SpSocket socket, final Addr addr) throws IOException {
        final SocketEndpoints s = endpointsOf(socket);
        checkAddr(addr);
        final ServerSocketChannel server = Channels.bind(addr, transport.settings().ipcPermissions());
        final Addr bound = Channels.boundAddr(addr, server);
        final Path path = addr.scheme() == Addr.Scheme.IPC ? Path.of(addr.path()) : null;
        server.configureBlocking(false);
        final Listener l = new Listener(transport, transport.ioThreads.next(), s, server, addr, bound, path);
        synchronized (s) {
            if (s.closed || transport.isClosing()) {
                l.closed = true;
                server.close();
                throw new IllegalStateException("cannot listen: " + (transport.isClosing() ? "transport" : "socket")
                    + " is closed");
            }
            s.listeners.add(l);
        }
        l.worker.call(l::start);
        return l;
    }

    /** See {@link Transport#dial}. */
    Dialer dial(final SpSocket socket, final Addr addr) {
        final SocketEndpoints s = endpointsOf(socket);
        checkAddr(addr);
        final SocketAddress target = Channels.dialTarget(addr);
        final Dialer d;
        synchronized (s) {
            if (s.closed || transport.isClosing()) {
                throw new IllegalStateException("cannot dial: " + (transport.isClosing() ? "transport" : "socket")
                    + " is closed");
            }
            for (final Dialer other : s.dialers) {
                if (other.addr.equals(addr)) {
                    throw new IllegalArgumentException("socket '" + socket.name() + "' dials " + addr + " already");
                }
            }
            d = new Dialer(transport, transport.ioThreads.next(), s, addr, target, addr.scheme() == Addr.Scheme.IPC);
            s.dialers.add(d);
        }
        d.worker.execute(d::start);
        return d;
    }

    /** The socket's endpoints, or null when this transport has not used it; any thread, allocation-free. */
    /** See {@link Transport#subscriptions}. */
    Subscriptions subscriptions(final SpSocket socket) {
        final SocketEndpoints s = endpointsOf(socket);
        if (s.subscriptions == null) {
            throw new IllegalArgumentException("socket '" + socket.name() + "' is " + SpProtocol.name(s.protocolId)
                + ": only a SUB socket has subscriptions");
        }
        return s.subscriptions;
    }

    SocketEndpoints find(final SpSocket socket) {
        return bySocket.get(socket);
    }

    /** See {@link Transport#closeSocket}. */
    long close(final SpSocket socket, final long timeoutNs) {
        if (socket == null) {
            throw new IllegalArgumentException("socket must not be null");
        }
        if (timeoutNs < 0) {
            throw new IllegalArgumentException("timeoutNs must be 0 or more, got " + timeoutNs);
        }
        final SocketEndpoints s = bySocket.get(socket);
        if (s != null) {
            closeEndpoints(s, true);
        }
        final long r = control.closeSocket(socket, timeoutNs);
        if (s != null) {
            connections.close(s, null, null);
        }
        return r;
    }

    private SocketEndpoints endpointsOf(final SpSocket socket) {
        if (socket == null) {
            throw new IllegalArgumentException("socket must not be null");
        }
        if (transport.isClosing()) {
            throw new IllegalStateException("transport '" + transport.ring().name() + "' is closed");
        }
        final int peer = SpProtocol.peerOf(socket.protocolId());
        if (peer < 0) {
            throw new IllegalArgumentException("socket '" + socket.name() + "' has protocol id 0x"
                + Integer.toHexString(socket.protocolId()) + ", which is not an SP protocol id (see SpProtocol)");
        }
        final SocketEndpoints known = bySocket.get(socket);   // no capturing lambda once the socket is known
        if (known != null) {
            return known;
        }
        return bySocket.computeIfAbsent(socket, k -> withRequests(new SocketEndpoints(k, peer)));
    }

    /** A REQ or SURVEYOR socket's request table, its timers run by one worker. */
    private SocketEndpoints withRequests(final SocketEndpoints s) {
        if (s.protocolId == SpProtocol.REQ || s.protocolId == SpProtocol.SURVEYOR) {
            final Requests r = new Requests(connections, s, s.protocolId == SpProtocol.REQ ? transport.settings().resendTimeNs()
                : transport.settings().surveyTimeNs(), transport.settings().maxOutstandingRequests(), ThreadLocalRandom.current().nextInt());
            s.requests = r;
            transport.ioThreads.next().addRequests(r);
        }
        return s;
    }

    /** The request table of a REQ or SURVEYOR socket (made at its first use). */
    Requests requests(final SpSocket socket) {
        final SocketEndpoints s = endpointsOf(socket);
        if (s.requests == null) {
            throw new IllegalArgumentException("socket '" + socket.name() + "' is " + SpProtocol.name(s.protocolId)
                + ": only REQ and SURVEYOR sockets make requests");
        }
        return s.requests;
    }

    private static void checkAddr(final Addr addr) {
        if (addr == null) {
            throw new IllegalArgumentException("address must not be null");
        }
        if (addr.scheme() != Addr.Scheme.TCP && addr.scheme() != Addr.Scheme.IPC) {
            throw new IllegalArgumentException("address " + addr + ": the transport speaks tcp:// and ipc:// only");
        }
    }

    /**
     * Worker thread of the listener: a new accepted channel, counted in the listener's open
     * connections; the connection made for it gives that back when it finishes.
     */
    void onAccepted(final Listener l, final SocketChannel channel) {
        l.worker.count(TransportStats.ACCEPTED);
        if (transport.isClosing() || l.sock.closed) {
            Channels.closeQuietly(channel);
            l.onConnectionDone();
            return;
        }
        try {
            channel.configureBlocking(false);
            if (!l.ipc) {
                channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            }
        } catch (final IOException e) {
            Channels.closeQuietly(channel);
            l.onConnectionDone();
            return;
        }
        final Worker w = transport.ioThreads.next();
        final TransportConnection c = connections.open(w, l.sock, channel, l.ipc, null, l, null);
        if (w == l.worker) {
            c.startGuarded();
        } else {
            w.execute(c::startGuarded);
        }
    }

    /**
     * A socket-closed event (or the engine's shutdown) is closing this socket (engine thread), or the
     * engine refused a connection of it (worker thread): stop its endpoints and connections.
     */
    void onSocketClosed(final SocketEndpoints s) {
        if (s.closed) {
            return;
        }
        s.closed = true;
        final List<Listener> listeners;
        final List<Dialer> dialers;
        synchronized (s) {
            listeners = new ArrayList<>(s.listeners);
            dialers = new ArrayList<>(s.dialers);
            s.listeners.clear();
            s.dialers.clear();
        }
        for (final Listener l : listeners) {
            l.worker.execute(l::closeNow);
        }
        for (final Dialer d : dialers) {
            d.worker.execute(d::closeNow);
        }
        connections.close(s, null, null);
        if (s.requests != null) {
            s.requests.clear();
        }
    }

    /** Worker thread: the ring answered CLOSED: no connection can be registered any more, stop everything. */
    void onRingClosed() {
        if (ringClosed) {
            return;
        }
        ringClosed = true;
        for (final SocketEndpoints s : bySocket.values()) {
            onSocketClosed(s);
        }
    }

    /** Whether a control event or claim found the ring closed; any thread, allocation-free. */
    boolean isRingClosed() {
        return ringClosed;
    }

    /** See {@link Listener#close()}. */
    void closeListener(final Listener l) {
        if (l.closed) {
            return;
        }
        if (!transport.isClosing()) {
            l.worker.call(l::closeNow);
        }
        synchronized (l.sock) {
            l.sock.listeners.remove(l);
        }
        connections.close(null, l, null);
    }

    /** See {@link Dialer#close()}. */
    void closeDialer(final Dialer d) {
        synchronized (d.sock) {
            if (!d.sock.dialers.remove(d)) {
                return;
            }
        }
        if (!transport.isClosing()) {
            d.worker.call(d::closeNow);
        }
    }

    /** The transport is closing: stops every socket's listeners and dialers, and waits for their workers. */
    void closeEndpoints() {
        for (final SocketEndpoints s : bySocket.values()) {
            closeEndpoints(s, false);
        }
    }

    /** Stops a socket's listeners and dialers, and waits for their workers. */
    private void closeEndpoints(final SocketEndpoints s, final boolean markClosed) {
        final List<Listener> listeners;
        final List<Dialer> dialers;
        synchronized (s) {
            if (markClosed) {
                s.closed = true;
            }
            listeners = new ArrayList<>(s.listeners);
            dialers = new ArrayList<>(s.dialers);
            s.listeners.clear();
            s.dialers.clear();
        }
        for (final Listener l : listeners) {
            l.worker.call(l::closeNow);
        }
        for (final Dialer d : dialers) {
            d.worker.call(d::closeNow);
        }
    }
}
