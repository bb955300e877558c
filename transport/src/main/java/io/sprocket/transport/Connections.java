package io.sprocket.transport;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import io.sprocket.message.Addr;
import io.sprocket.message.BufferPool;
import io.sprocket.message.Message;
import io.sprocket.registry.SpSocket;

/**
 * The one owner of connection membership: the transport's connections that have not finished (to
 * close and count them), and those ready to send on (handshake done, registered), which it indexes
 * for the senders by socket (round robin), by peer id and by connection id, and picks from for each
 * send. A change of membership (a worker thread, rare) rebuilds copy-on-write arrays and indexes
 * under a lock and allocates; senders on any thread read them through volatile fields, without
 * locks or allocation.
 */
final class Connections {
    private static final TransportConnection[] NONE = new TransportConnection[0];
    private static final long POLL_NS = 200_000;

    private final Transport transport;
    private final Set<TransportConnection> open = ConcurrentHashMap.newKeySet();
    private final Object indexLock = new Object();
    private final List<TransportConnection> readyList = new ArrayList<>();
    private volatile ConnectionIndex byPeer = ConnectionIndex.EMPTY;
    private volatile ConnectionIndex byConn = ConnectionIndex.EMPTY;
    private final AtomicLong sendRejected = new AtomicLong();
    private final AtomicLong fanOutDrops = new AtomicLong();
    /** REQ requests sent again (resend time passed, or their connection closed); written by {@link Requests}. */
    final AtomicLong requestsResent = new AtomicLong();
    /** Surveys that reached their deadline; written by {@link Requests}. */
    final AtomicLong surveysExpired = new AtomicLong();

    Connections(final Transport transport) {
        this.transport = transport;
    }

    // ------------------------------------------------------------------ membership (worker threads)

    /**
     * Makes a connection over {@code channel} and counts it open; {@code dialedAddr} is the remote
     * address of a dialed one. Addresses the channel cannot tell are left as known.
     */
    TransportConnection open(
        final Worker w,
        final SocketEndpoints s,
        final SocketChannel channel,
        final boolean ipc,
        final Dialer dialer,
        final Listener listener,
        final Addr dialedAddr) {
        Addr local = listener != null ? listener.boundAddr : null;
        Addr remote = dialedAddr;
        if (!ipc) {
            try {
                local = Channels.tcpAddr(channel.getLocalAddress());
                if (remote == null) {
                    remote = Channels.tcpAddr(channel.getRemoteAddress());
                }
            } catch (final IOException | IllegalArgumentException e) {
                // keep what we have: the addresses are informational
            }
        }
        final TransportConnection c = new TransportConnection(transport, w, s, channel, ipc, local, remote, dialer,
            listener);
        open.add(c);
        return c;
    }

    /**
     * A connection is ready to send on.
     *
     * @return false when its socket is a PAIR socket that already has its peer: the caller closes it.
     */
    boolean onReady(final TransportConnection c) {
        synchronized (indexLock) {
            if (isPair(c.sock.protocolId) && c.sock.ready.conns.length > 0) {
                return false;
            }
            c.sock.ready.add(c);
            readyList.add(c);
            reindex();
        }
        return true;
    }

    private static boolean isPair(final int protocolId) {
        return protocolId == SpProtocol.PAIR0 || protocolId == SpProtocol.PAIR1;
    }

    /** A connection stopped being ready. */
    void onNotReady(final TransportConnection c) {
        synchronized (indexLock) {
            c.sock.ready.remove(c);
            readyList.remove(c);
            reindex();
        }
        final Requests requests = c.sock.requests;
        if (requests != null) {
            requests.onConnectionGone(c.connId);   // a REQ resends what went there, as NNG
        }
    }

    private void reindex() {
        final TransportConnection[] all = readyList.toArray(NONE);
        byPeer = new ConnectionIndex(all, true);
        byConn = new ConnectionIndex(all, false);
    }

    /** A connection is finished. */
    void onDone(final TransportConnection c) {
        open.remove(c);
    }

    /**
     * Asks the workers to close the matching connections: of socket {@code s}, accepted by
     * {@code l}, dialed by {@code d}; all of them when every filter is null. Any thread; allocates.
     */
    void close(final SocketEndpoints s, final Listener l, final Dialer d) {
        for (final TransportConnection c : open) {
            if ((s == null || c.sock == s) && (l == null || c.listener == l) && (d == null || c.dialer == d)) {
                c.worker.execute(() -> c.close(TransportConnection.LOCAL));
            }
        }
    }

    /** Connections made and not finished. */
    int count() {
        return open.size();
    }

    /** Waits until every connection has finished, or the deadline; true when none is left. */
    boolean awaitNone(final long deadlineNs) {
        while (!open.isEmpty()) {
            if (System.nanoTime() - deadlineNs >= 0) {
                return false;
            }
            LockSupport.parkNanos(POLL_NS);
        }
        return true;
    }

    // ------------------------------------------------------------------ sending (any thread, allocation-free)

    /** See {@link Transport#send}: queues on the socket's next ready connection in turn that has room. */
    boolean send(final SpSocket socket, final Message message) {
        checkMessage(message);
        if (socket == null) {
            throw new IllegalArgumentException("socket must not be null");
        }
        final SocketEndpoints s = transport.sockets.find(socket);
        final int protocolId = socket.protocolId();
        switch (protocolId) {
            case SpProtocol.SUB:
            case SpProtocol.PULL:
                throw new IllegalArgumentException("socket '" + socket.name() + "' is " + SpProtocol.name(protocolId)
                    + ", which only receives");
            case SpProtocol.REP:
            case SpProtocol.RESPONDENT:
                throw new IllegalArgumentException("socket '" + socket.name() + "' is " + SpProtocol.name(protocolId)
                    + ": it answers a request with Transport.reply(request, reply)");
            case SpProtocol.PUB:
                return fanOut(s, message, 0);
            case SpProtocol.BUS:
                return fanOut(s, message, message.peerId());
            case SpProtocol.REQ:
            case SpProtocol.SURVEYOR:
                return request(socket, message) >= 0;
            default:
                return toOne(s, message) != 0;
        }
    }

    /**
     * Round robin: the next ready connection in turn whose queue has room takes the message.
     *
     * @return the id of the connection that took it, or 0 when none did (counted as a rejected send).
     */
    long toOne(final SocketEndpoints s, final Message message) {
        final ReadyConnections r = s == null ? null : s.ready;
        if (r != null && !transport.isClosing()) {
            final TransportConnection[] ready = r.conns;
            final int n = ready.length;
            if (n > 0) {
                final int start = (r.cursor.getAndIncrement() & Integer.MAX_VALUE) % n;
                for (int i = 0; i < n; i++) {
                    final int at = start + i;
                    final TransportConnection c = ready[at < n ? at : at - n];
                    if (offer(c, message)) {
                        return c.connId;
                    }
                }
            }
        }
        sendRejected.incrementAndGet();
        return 0;
    }

    /**
     * PUB and BUS: a copy to every ready connection but the one of {@code exceptPeer} (0: none), the
     * message itself to the last; a connection whose queue is full misses it (counted), and the sender
     * never waits. With no connection to send to the message is released (as NNG discards it).
     */
    boolean fanOut(final SocketEndpoints s, final Message message, final long exceptPeer) {
        if (transport.isClosing()) {
            sendRejected.incrementAndGet();
            return false;
        }
        final TransportConnection[] ready = s == null ? NONE : s.ready.conns;
        int last = ready.length - 1;
        while (last >= 0 && ready[last].peerId == exceptPeer) {
            last--;
        }
        for (int i = 0; i < last; i++) {
            final TransportConnection c = ready[i];
            if (c.peerId != exceptPeer) {
                final Message copy = message.clone();
                if (!c.writer.offer(copy)) {
                    copy.release();
                    fanOutDrops.incrementAndGet();
                }
            }
        }
        if (last < 0 || !ready[last].writer.offer(message)) {
            if (last >= 0) {
                fanOutDrops.incrementAndGet();
            }
            message.release();
        }
        return true;
    }

    /** See {@link Transport#sendToPeer}. */
    boolean sendToPeer(final long peerId, final Message message) {
        checkMessage(message);
        return sent(byPeer.get(peerId), message);
    }

    /** See {@link Transport#request}. */
    long request(final SpSocket socket, final Message message) {
        checkMessage(message);
        if (transport.isClosing()) {
            sendRejected.incrementAndGet();
            return Requests.NOT_SENT;
        }
        return transport.sockets.requests(socket).send(message);
    }

    /**
     * Queues a message on one connection. On a PAIR1 connection the message gets the hop count first:
     * a cooked send starts it afresh, 1 for this hop; a refused message is given back without it.
     */
    private static boolean offer(final TransportConnection c, final Message message) {
        if (c.sock.protocolId != SpProtocol.PAIR1) {
            return c.writer.offer(message);
        }
        message.clearHeader().pushHeaderInt(1);
        if (c.writer.offer(message)) {
            return true;
        }
        message.clearHeader();
        return false;
    }

    /** See {@link Transport#reply}. */
    boolean reply(final Message request, final Message reply) {
        if (request == null) {
            throw new IllegalArgumentException("request must not be null");
        }
        checkMessage(reply);
        final int backtrace = request.headerLength();
        if (backtrace == 0) {
            throw new IllegalArgumentException("the request has no backtrace: reply to a message a REP or RESPONDENT"
                + " socket received (or its clone), got " + request);
        }
        final TransportConnection c = byPeer.get(request.peerId());
        if (c != null && c.sock.protocolId != SpProtocol.REP && c.sock.protocolId != SpProtocol.RESPONDENT) {
            throw new IllegalArgumentException("peer " + request.peerId() + " is on a " + SpProtocol.name(c.sock.protocolId)
                + " socket: reply answers requests of REP and RESPONDENT sockets");
        }
        reply.putHeader(request.wireBuffer(), request.wireOffset(), backtrace);
        if (c != null && !transport.isClosing() && c.writer.offer(reply)) {
            return true;
        }
        reply.clearHeader();
        sendRejected.incrementAndGet();
        return false;
    }

    /** See {@link Transport#sendToConnection}. */
    boolean sendToConnection(final long connId, final Message message) {
        checkMessage(message);
        return sent(byConn.get(connId), message);
    }

    private static void checkMessage(final Message message) {
        if (message == null) {
            throw new IllegalArgumentException("message must not be null");
        }
        if (!(message.source() instanceof BufferPool)) {
            throw new IllegalArgumentException("send takes a message from a BufferPool (acquire it, or clone() a ring "
                + "message), got " + message);
        }
    }

    private boolean sent(final TransportConnection c, final Message message) {
        if (c != null && !transport.isClosing() && offer(c, message)) {
            return true;
        }
        sendRejected.incrementAndGet();
        return false;
    }

    /** Copies PUB and BUS sends did not queue (a peer's queue was full). */
    long fanOutDrops() {
        return fanOutDrops.get();
    }

    /** A socket's ready connections; null for a socket this transport has not used. Allocation-free. */
    private ReadyConnections readyOf(final SpSocket socket) {
        final SocketEndpoints s = transport.sockets.find(socket);
        return s == null ? null : s.ready;
    }

    /** Sends refused so far. */
    long sendRejected() {
        return sendRejected.get();
    }

    /** How many of the socket's connections are ready; 0 for a socket with none so far. */
    int readyCount(final SpSocket socket) {
        final ReadyConnections r = readyOf(socket);
        return r == null ? 0 : r.conns.length;
    }

    /** See {@link Transport#awaitReady}; parks between checks. */
    boolean awaitReady(final SpSocket socket, final int count, final long deadlineNs) {
        while (readyCount(socket) < count) {
            if (System.nanoTime() - deadlineNs >= 0) {
                return false;
            }
            LockSupport.parkNanos(POLL_NS);
        }
        return true;
    }

    /** See {@link Transport#awaitFlushed}; parks between checks. */
    boolean awaitFlushed(final SpSocket socket, final long deadlineNs) {
        while (!isFlushed(socket)) {
            if (System.nanoTime() - deadlineNs >= 0) {
                return false;
            }
            LockSupport.parkNanos(POLL_NS);
        }
        return true;
    }

    /** Whether nothing is queued or being written on the socket's ready connections. */
    private boolean isFlushed(final SpSocket socket) {
        final ReadyConnections r = readyOf(socket);
        boolean flushed = true;
        if (r != null) {
            for (final TransportConnection c : r.conns) {
                flushed &= c.writer.isFlushed();
            }
        }
        return flushed;
    }
}
