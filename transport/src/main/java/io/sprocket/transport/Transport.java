package io.sprocket.transport;

import java.io.IOException;

import io.sprocket.counters.CountersFile;
import io.sprocket.engine.Control;
import io.sprocket.engine.Engine;
import io.sprocket.message.Addr;
import io.sprocket.message.BufferPool;
import io.sprocket.message.Message;
import io.sprocket.registry.ConnEntry;
import io.sprocket.registry.SpSocket;
import io.sprocket.ring.MessageRing;
import io.sprocket.ring.ThreadingMode;
import org.agrona.ErrorHandler;

/**
 * Scalability Protocols over TCP and IPC for one {@link MessageRing}: listeners and dialers for
 * {@link SpSocket}s, and a small fixed number of I/O worker threads that read frames straight into
 * ring slots and write each connection's outbound queue. Wire-compatible with NNG and nanomsg (the
 * SP TCP and IPC mappings: an 8-byte header each way, then length-prefixed messages).
 *
 * <pre>{@code
 * MessageRing ring = MessageRing.builder().handler(handler).build().start();
 * Transport transport = Transport.builder(ring).build();
 * SpSocket pull = transport.openSocket("in", SpProtocol.PULL);
 * Listener l = transport.listen(pull, Addr.parse("tcp://127.0.0.1:0"));   // l.boundAddr() has the port
 * // the handler sees each received message, with peerId() and addr() set
 * ...
 * transport.close();   // before ring.close()
 * }</pre>
 *
 * <h2>Threads and the registries</h2>
 * Each listener, dialer and connection belongs to one I/O worker (round robin). Every accept,
 * connect and close goes through the ring as a {@link Control} event: {@code peerConnecting} and
 * {@code connectionOpened} when a connection is made (the transport's {@link io.sprocket.registry.Connection}
 * is registered), {@code peerConnected} after a valid header, {@code connectionClosed} and
 * {@code peerDisconnected} when it ends. So the engine's registries always know the real
 * connections, and closing a socket (a socket-closed event, {@link #closeSocket}, or the ring's
 * shutdown) closes them: the registry calls the connection's {@code close()}, the worker closes the
 * channel, and the socket's listeners and dialers stop. A connection is read from only once the
 * engine has registered it; one the engine refuses (its socket was never opened, or was closed
 * meanwhile) is closed without delivering anything, and its socket's endpoints stop too
 * ({@link TransportStats#refusedByEngine()}). Events that find the ring full are retried; a closed
 * ring stops every endpoint.
 *
 * <h2>Receiving</h2>
 * A frame's payload is read straight into a claimed ring slot when it arrives whole in the reads
 * available (zero copy); a frame that trickles in is staged (in a clone-pool message, or for a frame
 * longer than the pool's pooled size a direct buffer freed as soon as the frame is copied) and
 * copied into a slot once when complete, so that no slot stays claimed across wake-ups (which would
 * stall every consumer of the ring). Every claim goes through {@link MessageRing#tryFill}, so a
 * claimed slot is published or given back whatever fails. Messages are tagged with the connection's
 * peer id and remote address. A frame longer than {@link TransportSettings#recvMaxSizeBytes()} closes its connection
 * and delivers nothing; a full ring stops reading that connection until there is room, and
 * connections waiting for room are served in turn, one frame each, so none is starved.
 *
 * <h2>Limits and faults</h2>
 * A frame left unfinished longer than {@link TransportSettings#frameTimeoutNs()} closes its connection; a listener
 * keeps at most {@link TransportSettings#maxConnectionsPerListener()} connections open (one more is accepted and
 * closed); an IPC socket file gets {@link TransportSettings#ipcPermissions()}. An accept that fails (out of file
 * descriptors, say) pauses that listener, 10 ms doubling to 1 s. Anything thrown on an I/O thread
 * is counted and reported, closes the connection it came from, and never ends the thread. Each of
 * these is counted in {@link TransportStats}.
 *
 * <h2>Sending</h2>
 * Each connection's outbound queue is the bounded queue of its registry {@link ConnEntry}. Any thread
 * sends a message it owns from a {@link BufferPool} (acquired, or a ring message's {@code clone()}):
 * {@link #send(SpSocket, Message)} (as the socket's protocol says), {@link #sendToPeer(long, Message)}
 * (to the connection of a peer) or {@link #sendToConnection(long, Message)}. On success the
 * transport owns the message and releases it after writing it; false means nothing was queued and
 * the caller still owns it. Engine code that holds a {@link ConnEntry} may also use
 * {@link ConnEntry#offerOutboundAndNotify(Message)}.
 *
 * <h2>Protocols</h2>
 * {@link #send} follows the socket's protocol (PUB and BUS to every peer, PUSH and PAIR to one, a
 * PAIR1 hop count added), and what arrives passes the protocol's receive rule on the I/O thread
 * before it takes a ring slot ({@link ReceiveRules}: a SUB's {@link #subscriptions}, PAIR1's hop
 * count and TTL, a REP's or RESPONDENT's backtrace, a REQ's or SURVEYOR's outstanding ids). A PAIR
 * socket keeps its first peer and closes any other connection. A REP or RESPONDENT answers with
 * {@link #reply}, which routes by the request's backtrace; a REQ or SURVEYOR asks with
 * {@link #request}, which keeps the request until its reply (resending) or deadline.
 *
 * <p><b>Note:</b> every public method may be called from any thread. {@link #send}, {@link #sendToPeer},
 * {@link #sendToConnection}, {@link #readyConnections} and {@link #stats} allocate nothing, and
 * neither do the I/O workers per message in steady state (frames no longer than the ring's slot
 * size); opening and closing listeners, dialers and connections allocate.
 */
public final class Transport implements AutoCloseable {
    /** {@link #request}: no connection was ready or had room; the caller keeps the message. */
    public static final long REQUEST_NOT_SENT = Requests.NOT_SENT;
    /** {@link #request}: the socket has {@link TransportBuilder#maxOutstandingRequests(int)} outstanding already. */
    public static final long REQUEST_TOO_MANY = Requests.TOO_MANY;

    private final Engine engine;
    private final MessageRing ring;
    private final TransportSettings settings;
    /** The fault-injection seam of the read paths ({@link ReadFaults#NONE} unless a test set one). */
    final ReadFaults readFaults;
    /** Who hears about failures inside the I/O threads. */
    final ErrorHandler errorHandler;
    /** Which connections exist and which are ready; picks the connection of each send. */
    final Connections connections;
    /** The sockets and their listeners and dialers. */
    final Sockets sockets;
    /** The I/O workers and the threads that run them. */
    final IoThreads ioThreads;
    private final CloseSequence closer;
    /** Where the counters live: the builder's file, or null for the process's shared one. */
    final CountersFile countersFile;
    /** The JMX bean, when the engine registers its own; null otherwise. */
    final TransportBeans beans;

    Transport(final TransportBuilder b) {
        this.engine = b.engine;
        this.ring = engine.ring();
        this.settings = new TransportSettings(b);
        this.readFaults = b.readFaults;
        this.errorHandler = b.errorHandler;
        this.countersFile = b.countersFile;
        this.connections = new Connections(this);
        this.sockets = new Sockets(this, connections);
        this.closer = new CloseSequence(this);
        this.ioThreads = new IoThreads(this, b.threading, b.ioThreads, b.countersFile);
        ioThreads.start(ring, b.ioWait, errorHandler);
        this.beans = TransportBeans.register(this);
    }

    /**
     * A builder for a transport over {@code engine}.
     *
     * @param engine the engine whose registries know every connection and peer, and whose ring
     *               received messages are published into: a multi-producer ring (the default; the I/O
     *               threads and the application's threads all publish into it), started before
     *               connections are made and closed after the transport.
     * @return a new builder with the defaults.
     * @throws IllegalArgumentException when {@code engine} is null or its ring single-producer.
     * @throws IllegalStateException when the JVM was started without the flag {@link io.sprocket.message.JvmAccess} names.
     */
    public static TransportBuilder builder(final Engine engine) {
        io.sprocket.message.JvmAccess.require();
        return new TransportBuilder(engine);
    }

    // ------------------------------------------------------------------ sockets and endpoints

    /**
     * Creates a socket in the ring and opens it in the engine (an {@code openSocket} control event),
     * so it can listen and dial at once.
     *
     * @param socketName a name for statistics and errors.
     * @param protocolId one of the {@link SpProtocol} ids.
     * @return the socket.
     * @throws IllegalArgumentException when the protocol id is not a known SP protocol or the name is bad.
     * @throws IllegalStateException    when the ring refused the event (closed, or full for 1 s).
     */
    public SpSocket openSocket(final String socketName, final int protocolId) {
        return sockets.open(socketName, protocolId);
    }

    /**
     * A SUB socket's topics: subscribe before or after listening or dialing; a SUB with none
     * delivers nothing.
     *
     * @param socket a socket opened with {@link SpProtocol#SUB}.
     * @return its subscriptions (the same object every call).
     * @throws IllegalArgumentException when the socket is null or not a SUB socket.
     * @throws IllegalStateException    when the transport is closed.
     */
    public Subscriptions subscriptions(final SpSocket socket) {
        return sockets.subscriptions(socket);
    }

    /**
     * Listens on {@code tcp://host:port} (IPv4 or IPv6; port 0 picks a free port; host {@code *}
     * means every interface) or {@code ipc:///path} (a Unix-domain socket; a stale socket file
     * nobody listens on is replaced). The socket must be open in the ring (see {@link #openSocket}).
     *
     * @param socket the socket, with a known SP protocol id.
     * @param addr   where to listen.
     * @return the listener; {@link Listener#boundAddr()} is the address actually bound.
     * @throws IllegalArgumentException when an argument is null, the address is not tcp or ipc, or the
     *                                  socket's protocol is not an SP protocol.
     * @throws IllegalStateException    when the transport or the socket is closed.
     * @throws IOException              when the address cannot be bound (in use, no permission, unknown host).
     */
    public Listener listen(final SpSocket socket, final Addr addr) throws IOException {
        return sockets.listen(socket, addr);
    }

    /**
     * Dials {@code tcp://host:port} or {@code ipc:///path}, now and again after each failed attempt
     * or lost connection (reconnect time from the minimum, doubling up to the maximum). Returns at
     * once; {@link Dialer#awaitConnected(long)} waits for the connection. The host is resolved now,
     * once. The socket must be open in the ring.
     *
     * @param socket the socket, with a known SP protocol id.
     * @param addr   where to connect; a socket dials each address once.
     * @return the dialer.
     * @throws IllegalArgumentException when an argument is null, the address is not tcp or ipc, has
     *                                  port 0, cannot be resolved or is dialed by this socket already,
     *                                  or the socket's protocol is not an SP protocol.
     * @throws IllegalStateException    when the transport or the socket is closed.
     */
    public Dialer dial(final SpSocket socket, final Addr addr) {
        return sockets.dial(socket, addr);
    }

    /**
     * Closes a socket: stops its listeners and dialers, publishes a socket-closed event (the engine
     * closes the socket's connections and removes its peers), and closes the connections' channels.
     * The socket must not be used again: this transport refuses to listen or dial with it.
     *
     * @param socket    the socket.
     * @param timeoutNs how long to wait for a free ring slot for the event.
     * @return the event's ring sequence, or {@link MessageRing#FULL} or {@link MessageRing#CLOSED}.
     * @throws IllegalArgumentException when the socket is null or the timeout negative.
     */
    public long closeSocket(final SpSocket socket, final long timeoutNs) {
        return sockets.close(socket, timeoutNs);
    }

    // ------------------------------------------------------------------ sending

    /**
     * Sends as the socket's protocol does, without waiting:
     * <ul>
     *   <li>PUSH and PAIR0: to one ready connection, round robin, the next whose queue has room;</li>
     *   <li>REQ and SURVEYOR: as {@link #request}, true when it answers an id;</li>
     *   <li>PAIR1: the same, with the hop count (1) put in front of the body;</li>
     *   <li>PUB: to every ready connection (a copy each from the message's pool); a connection whose
     *       queue is full misses it, counted in {@link TransportStats#fanOutDrops()}; with none the
     *       message is released; true either way: a publisher never waits;</li>
     *   <li>BUS: as PUB, except to the peer the message came from ({@link Message#peerId()}), so a
     *       received message can be passed on to the others;</li>
     *   <li>REP and RESPONDENT answer with {@link #reply}: refused here with an exception;</li>
     *   <li>SUB and PULL only receive: refused with an exception.</li>
     * </ul>
     *
     * @param socket  the socket.
     * @param message a message from a {@link BufferPool}, owned by the caller; on success the transport
     *                owns it and releases it after writing it.
     * @return true when the transport took the message; false (the caller keeps it) when the socket has
     *         no ready connection or every ready connection's queue is full (PUSH, PAIR), or the
     *         transport is closing.
     * @throws IllegalArgumentException when an argument is null, the message is not a pool message, or
     *                                  the socket is SUB, PULL, REP or RESPONDENT.
     */
    public boolean send(final SpSocket socket, final Message message) {
        return connections.send(socket, message);
    }

    /**
     * Sends to the connection of one peer (a received message's {@link Message#peerId()}).
     *
     * @param peerId  the peer.
     * @param message as for {@link #send(SpSocket, Message)}.
     * @return true when queued; false when the peer has no ready connection, its queue is full, or the
     *         transport is closing.
     * @throws IllegalArgumentException when the message is null or not a pool message.
     */
    public boolean sendToPeer(final long peerId, final Message message) {
        return connections.sendToPeer(peerId, message);
    }

    /**
     * Sends a request on a REQ socket (to one ready connection, round robin) or a survey on a SURVEYOR
     * socket (to every ready connection), with a new 32-bit id in front of the body. A REQ sends it
     * again every {@link TransportSettings#resendTimeNs()}, and at once when its connection closes, until the reply
     * comes or {@link #cancel}; a SURVEYOR takes responses until {@link TransportSettings#surveyTimeNs()} has passed.
     * Replies reach the handler with the id in their header ({@link #requestId(Message)}); a reply
     * that matches nothing outstanding is dropped and counted ({@link TransportStats#staleReplies()}).
     * Any number may be outstanding, up to {@link TransportSettings#maxOutstandingRequests()} (NNG's contexts).
     *
     * @param socket  a REQ or SURVEYOR socket.
     * @param message a message from a {@link BufferPool}, owned by the caller; on success the transport
     *                owns it (and keeps a copy from the same pool until the request ends).
     * @return the request id (0x80000000 to 0xffffffff), or {@link #REQUEST_NOT_SENT} (no connection
     *         ready or with room, or the transport is closing) or {@link #REQUEST_TOO_MANY}; on a
     *         negative answer the caller keeps the message.
     * @throws IllegalArgumentException when an argument is null, the message is not a pool message, or
     *                                  the socket is not REQ or SURVEYOR.
     */
    public long request(final SpSocket socket, final Message message) {
        return connections.request(socket, message);
    }

    /**
     * Ends an outstanding request or survey: no more resends, and its replies are dropped.
     *
     * @param socket    the REQ or SURVEYOR socket.
     * @param requestId an id {@link #request} returned.
     * @return false when it was not outstanding (answered, expired, cancelled, or unknown).
     * @throws IllegalArgumentException when the socket is null or not REQ or SURVEYOR.
     * @throws IllegalStateException    when the transport is closed.
     */
    public boolean cancel(final SpSocket socket, final long requestId) {
        return sockets.requests(socket).cancel(requestId);
    }

    /**
     * The request id a reply (to a REQ) or response (to a SURVEYOR) answers: the last header word.
     *
     * @param reply a message the handler received on a REQ or SURVEYOR socket.
     * @return the id, as {@link #request} returned it; -1 when the message has no id in its header.
     */
    public static long requestId(final Message reply) {
        final int header = reply.headerLength();
        return header < 4 ? -1 : reply.headerInt(header - 4) & 0xFFFF_FFFFL;
    }

    /**
     * Answers a request a REP (or a survey a RESPONDENT) received: the reply carries the request's backtrace
     * (its header, ending with the request id) back to the peer it came from. Any number may be answered,
     * in any order, from any thread (NNG's contexts); to answer after the handler returns, keep
     * {@code request.clone()} (it keeps header and peer).
     *
     * @param request the received request (a ring message in the handler, or a clone of one).
     * @param reply   a message from a {@link BufferPool}, owned by the caller; on success the transport owns it.
     * @return true when queued; false (the caller keeps the reply) when the requester has gone (as NNG,
     *         the reply is then for nobody), its queue is full, or the transport is closing.
     * @throws IllegalArgumentException when an argument is null, the reply is not a pool message, the request
     *                                  has no backtrace, or its peer is on neither a REP nor a RESPONDENT socket.
     */
    public boolean reply(final Message request, final Message reply) {
        return connections.reply(request, reply);
    }

    /**
     * Sends on one connection by its registry id ({@link ConnEntry#id()}).
     *
     * @param connId  the connection id.
     * @param message as for {@link #send(SpSocket, Message)}.
     * @return true when queued; false when that connection is not ready, its queue is full, or the
     *         transport is closing.
     * @throws IllegalArgumentException when the message is null or not a pool message.
     */
    public boolean sendToConnection(final long connId, final Message message) {
        return connections.sendToConnection(connId, message);
    }

    /**
     * How many of the socket's connections are ready to send on (handshake done, registered).
     *
     * @param socket the socket.
     * @return a count; 0 for a socket this transport does not know.
     */
    public int readyConnections(final SpSocket socket) {
        return socket == null ? 0 : connections.readyCount(socket);
    }

    /**
     * Waits until the socket has at least {@code count} ready connections, parking between checks.
     *
     * @param socket    the socket.
     * @param count     how many, 1 or more.
     * @param timeoutNs how long to wait at most, 0 or more.
     * @return true when reached in time.
     * @throws IllegalArgumentException when the socket is null, the count below 1 or the timeout negative.
     */
    public boolean awaitReady(final SpSocket socket, final int count, final long timeoutNs) {
        if (socket == null || count < 1 || timeoutNs < 0) {
            throw new IllegalArgumentException("awaitReady needs a socket, a count of 1 or more and a timeout of 0 or "
                + "more; got " + socket + ", " + count + ", " + timeoutNs);
        }
        return connections.awaitReady(socket, count, System.nanoTime() + timeoutNs);
    }

    /**
     * Waits until every message queued on the socket's ready connections has been written to the
     * operating system, parking between checks (what a one-shot sender does before it closes).
     *
     * @param socket    the socket.
     * @param timeoutNs how long to wait at most, 0 or more.
     * @return true when flushed in time.
     * @throws IllegalArgumentException when the socket is null or the timeout negative.
     */
    public boolean awaitFlushed(final SpSocket socket, final long timeoutNs) {
        if (socket == null || timeoutNs < 0) {
            throw new IllegalArgumentException("awaitFlushed needs a socket and a timeout of 0 or more; got " + socket
                + ", " + timeoutNs);
        }
        return connections.awaitFlushed(socket, System.nanoTime() + timeoutNs);
    }

    // ------------------------------------------------------------------ introspection

    /**
     * Fills a snapshot of the counters, summed over the I/O workers.
     *
     * @param into the caller's object.
     * @return {@code into}.
     * @throws IllegalArgumentException when {@code into} is null.
     */
    public TransportStats stats(final TransportStats into) {
        if (into == null) {
            throw new IllegalArgumentException("stats into a null TransportStats");
        }
        for (int i = 0; i < TransportStats.COUNT; i++) {
            into.values[i] = ioThreads.sum(i);
        }
        into.sendRejected = connections.sendRejected();
        into.fanOutDrops = connections.fanOutDrops();
        into.requestsResent = connections.requestsResent.get();
        into.surveysExpired = connections.surveysExpired.get();
        into.connections = connections.count();
        return into;
    }

    /**
     * The I/O threads, for monitoring (allocation, CPU time): one per worker with
     * {@link ThreadingMode#DEDICATED}; with {@code SHARED} or {@code INVOKER}, the thread that runs
     * the engine (null before the engine starts).
     *
     * @return a new array of the threads.
     */
    public Thread[] ioThreads() {
        return ioThreads.threads();
    }

    /**
     * The ring messages are published into.
     *
     * @return the ring.
     */
    public MessageRing ring() {
        return ring;
    }

    /**
     * The engine that owns the registries of this transport's sockets, peers and connections.
     *
     * @return the engine.
     */
    public Engine engine() {
        return engine;
    }

    /**
     * The settings its builder fixed, with their defaults and bounds.
     *
     * @return the settings (the same object every call).
     */
    public TransportSettings settings() {
        return settings;
    }

    /**
     * Whether {@link #close} has begun.
     *
     * @return true once closing.
     */
    public boolean isClosing() {
        return closer.isClosing();
    }

    // ------------------------------------------------------------------ closing

    /**
     * Closes with {@link TransportSettings#DEFAULT_CLOSE_TIMEOUT_NS}.
     */
    @Override
    public void close() {
        close(TransportSettings.DEFAULT_CLOSE_TIMEOUT_NS);
    }

    /**
     * Closes the transport: stops every listener and dialer, closes every connection through the
     * registries' control events ({@code connectionClosed}, {@code peerDisconnected}), waits for the
     * engine to have applied them, then stops the I/O threads. Close the transport before its ring.
     * Messages still queued for sending are released unsent. A second call returns the first one's
     * result (waiting for a close in progress on another thread).
     *
     * <p>Called on one of the ring's consumer threads (from a handler), close cannot wait for the
     * engine to apply the closing events, because that engine is busy with the very handler call
     * that asked: it refuses new sends, listens and dials at once, starts the close on a new thread
     * named {@code <ring>-transport-closer} and returns false at once (or the result of a close that
     * had already finished). That close completes after the handler returns, with the same timeout;
     * messages published into the ring before it are still handled (the ring is not closed by it).
     * A later close from any other thread waits for it and returns its result.
     *
     * @param timeoutNs how long to wait for all of it, 0 or more.
     * @return true when everything was closed and applied in time; false when the time ran out (the
     *         threads are stopped regardless, and whatever is left is closed without events), or when
     *         called on a consumer thread of the ring and the close was started on another thread.
     * @throws IllegalArgumentException when {@code timeoutNs} is negative.
     */
    public boolean close(final long timeoutNs) {
        if (timeoutNs < 0) {
            throw new IllegalArgumentException("timeoutNs must be 0 or more, got " + timeoutNs);
        }
        return closer.close(timeoutNs);
    }

    @Override
    public String toString() {
        return "Transport['" + ring.name() + "', " + ioThreads.count() + " I/O threads, " + connections.count()
            + " connections]";
    }
}
