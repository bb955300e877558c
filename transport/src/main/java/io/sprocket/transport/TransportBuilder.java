package io.sprocket.transport;

import io.sprocket.counters.CountersFile;
import io.sprocket.engine.Engine;
import io.sprocket.registry.ConnEntry;
import io.sprocket.ring.EngineWait;
import io.sprocket.ring.MessageRing;
import io.sprocket.ring.ThreadingMode;
import org.agrona.ErrorHandler;

/**
 * Collects and validates a transport's configuration; every bad value is an
 * {@link IllegalArgumentException} naming the bound. Made by {@link Transport#builder(Engine)}.
 *
 * <p><b>Note:</b> not thread-safe; use one builder on one thread. {@link #build()} allocates the
 * workers and starts their threads.
 */
public final class TransportBuilder {
    /** The default {@link #errorHandler(ErrorHandler)}: a warning on the transport's logger. */
    private static final ErrorHandler LOG_WARNING = t -> System.getLogger("io.sprocket.transport")
        .log(System.Logger.Level.WARNING, "I/O thread " + Thread.currentThread().getName() + ": " + t, t);

    // Package-private: the transport's constructor reads them.
    final Engine engine;
    final MessageRing ring;
    int ioThreads = 1;
    int recvMaxSizeBytes = -1;
    long handshakeTimeoutNs = TransportSettings.DEFAULT_HANDSHAKE_TIMEOUT_NS;
    long reconnectMinNs = TransportSettings.DEFAULT_RECONNECT_MIN_NS;
    long reconnectMaxNs = TransportSettings.DEFAULT_RECONNECT_MAX_NS;
    int outboundCapacity = TransportSettings.DEFAULT_OUTBOUND_CAPACITY;
    long frameTimeoutNs = TransportSettings.DEFAULT_FRAME_TIMEOUT_NS;
    int maxConnectionsPerListener = TransportSettings.DEFAULT_MAX_CONNECTIONS_PER_LISTENER;
    int ipcPermissions = TransportSettings.IPC_PERMISSIONS_FROM_UMASK;
    int maxTtl = TransportSettings.DEFAULT_MAX_TTL;
    long resendTimeNs = TransportSettings.DEFAULT_RESEND_TIME_NS;
    long surveyTimeNs = TransportSettings.DEFAULT_SURVEY_TIME_NS;
    int maxOutstandingRequests = TransportSettings.DEFAULT_MAX_OUTSTANDING_REQUESTS;
    ReadFaults readFaults = ReadFaults.NONE;
    ErrorHandler errorHandler = LOG_WARNING;
    CountersFile countersFile;
    ThreadingMode threading = ThreadingMode.DEDICATED;
    EngineWait ioWait = EngineWait.BLOCKING;

    /** See {@link Transport#builder(Engine)}. */
    TransportBuilder(final Engine engine) {
        if (engine == null) {
            throw new IllegalArgumentException("engine must not be null");
        }
        final MessageRing ring = engine.ring();
        if (ring.isSingleProducer()) {
            throw new IllegalArgumentException("ring '" + ring.name() + "' is single-producer, but the transport's"
                + " I/O threads and the application's threads all publish into it: build it multi-producer");
        }
        this.engine = engine;
        this.ring = ring;
    }

    /**
     * Which threads run the I/O workers, as Aeron's media driver's threading modes. Default
     * {@link ThreadingMode#DEDICATED}: a daemon thread per worker, named {@code <ring>-io-N},
     * waiting as {@link #ioWait} says. {@link ThreadingMode#SHARED}: no I/O thread at all; the one
     * worker runs in the duty cycle of the engine's thread, after the consumers, so a message goes
     * from socket to handler and back with no hand-off between threads; the ring must be built
     * with {@code threading(ThreadingMode.SHARED)} and this transport built before
     * {@code Engine.start()}; the thread waits as the ring's {@link EngineWait} says (with
     * {@code BLOCKING}, in the worker's selector, woken by sockets and publishes alike).
     * {@link ThreadingMode#INVOKER}: the same, with a ring built {@code INVOKER}: the
     * application's thread drives the engine and the I/O through the ring's invoker (build the
     * transport before asking for it); listens, dials and closes from other threads are carried
     * out when that thread next invokes.
     *
     * <p><b>Note:</b> builder thread; no allocation.
     *
     * @param mode the threading mode; with {@code SHARED} or {@code INVOKER}, {@link #ioThreads}
     *             must be 1.
     * @return this builder.
     * @throws IllegalArgumentException when null.
     */
    public TransportBuilder threading(final ThreadingMode mode) {
        if (mode == null) {
            throw new IllegalArgumentException("threading mode must not be null");
        }
        this.threading = mode;
        return this;
    }

    /**
     * How a {@link ThreadingMode#DEDICATED} I/O thread waits when it has nothing to do: an Agrona
     * idle strategy. Default {@link EngineWait#BLOCKING}: in its selector, so an idle transport
     * costs no CPU and a socket or a send wakes it at once. {@code BUSY_SPIN}, {@code YIELDING}
     * and {@code SLEEPING} (backing off) poll the selector without blocking, for the lowest
     * latency at the price of a core. The shared modes wait as the engine's ring does.
     *
     * <p><b>Note:</b> builder thread; no allocation.
     *
     * @param wait how to wait.
     * @return this builder.
     * @throws IllegalArgumentException when null.
     */
    public TransportBuilder ioWait(final EngineWait wait) {
        if (wait == null) {
            throw new IllegalArgumentException("ioWait must not be null");
        }
        this.ioWait = wait;
        return this;
    }

    /**
     * The number of I/O threads, each with its own selector. Default 1.
     *
     * @param threads 1 to {@value TransportSettings#MAX_IO_THREADS}.
     * @return this builder.
     * @throws IllegalArgumentException when out of range.
     */
    public TransportBuilder ioThreads(final int threads) {
        if (threads < 1 || threads > TransportSettings.MAX_IO_THREADS) {
            throw new IllegalArgumentException("ioThreads must be from 1 to " + TransportSettings.MAX_IO_THREADS + ", got " + threads);
        }
        this.ioThreads = threads;
        return this;
    }

    /**
     * The receive limit: a frame longer than this closes its connection without delivering
     * anything. Default {@link TransportSettings#DEFAULT_RECV_MAX_SIZE_BYTES}, or the ring's maximum message size if
     * smaller.
     *
     * @param bytes 0 to the ring's maximum message size.
     * @return this builder.
     * @throws IllegalArgumentException when out of range.
     */
    public TransportBuilder recvMaxSizeBytes(final int bytes) {
        final int max = engine.control().config().maxMessageSizeBytes();
        if (bytes < 0 || bytes > max) {
            throw new IllegalArgumentException("recvMaxSizeBytes must be from 0 to the ring's maxMessageSizeBytes "
                + max + ", got " + bytes);
        }
        this.recvMaxSizeBytes = bytes;
        return this;
    }

    /**
     * How long a new connection may take to deliver the peer's header (also a dial's connect
     * timeout). Default {@link TransportSettings#DEFAULT_HANDSHAKE_TIMEOUT_NS}.
     *
     * @param timeoutNs {@link TransportSettings#MIN_TIME_NS} to {@link TransportSettings#MAX_TIME_NS}.
     * @return this builder.
     * @throws IllegalArgumentException when out of range.
     */
    public TransportBuilder handshakeTimeoutNs(final long timeoutNs) {
        this.handshakeTimeoutNs = checkTime("handshakeTimeoutNs", timeoutNs, TransportSettings.MIN_TIME_NS);
        return this;
    }

    /**
     * The first wait before a dialer tries again. Default {@link TransportSettings#DEFAULT_RECONNECT_MIN_NS}.
     *
     * @param minNs {@link TransportSettings#MIN_TIME_NS} to {@link TransportSettings#MAX_TIME_NS}.
     * @return this builder.
     * @throws IllegalArgumentException when out of range.
     */
    public TransportBuilder reconnectMinNs(final long minNs) {
        this.reconnectMinNs = checkTime("reconnectMinNs", minNs, TransportSettings.MIN_TIME_NS);
        return this;
    }

    /**
     * The longest wait before a dialer tries again: the wait doubles from the minimum up to this.
     * 0 (the default, as NNG) keeps every wait at the minimum.
     *
     * @param maxNs 0, or the minimum to {@link TransportSettings#MAX_TIME_NS} (checked by {@link #build()}).
     * @return this builder.
     * @throws IllegalArgumentException when out of range.
     */
    public TransportBuilder reconnectMaxNs(final long maxNs) {
        this.reconnectMaxNs = maxNs == 0 ? 0 : checkTime("reconnectMaxNs", maxNs, TransportSettings.MIN_TIME_NS);
        return this;
    }

    /**
     * Each connection's outbound queue capacity. Default {@link TransportSettings#DEFAULT_OUTBOUND_CAPACITY}. Keep it
     * below the send pool's retained bound, so that queued messages come back to the pool.
     *
     * @param capacity a power of two from 1 to {@link ConnEntry#MAX_OUTBOUND_CAPACITY}.
     * @return this builder.
     * @throws IllegalArgumentException when out of range or not a power of two.
     */
    public TransportBuilder outboundCapacity(final int capacity) {
        if (capacity < 1 || capacity > ConnEntry.MAX_OUTBOUND_CAPACITY || Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("outboundCapacity must be a power of two from 1 to "
                + ConnEntry.MAX_OUTBOUND_CAPACITY + ", got " + capacity);
        }
        this.outboundCapacity = capacity;
        return this;
    }

    /**
     * How long a peer may leave a frame it has started unfinished: past it the connection is
     * closed ({@link TransportStats#frameTimeouts()}), and the staging memory the frame held
     * (up to the receive limit) is freed. The clock starts at the first wake-up that found the
     * frame incomplete; time the frame waits for ring room does not count. Default
     * {@link TransportSettings#DEFAULT_FRAME_TIMEOUT_NS}.
     *
     * @param timeoutNs {@link TransportSettings#MIN_TIME_NS} to {@link TransportSettings#MAX_TIME_NS}.
     * @return this builder.
     * @throws IllegalArgumentException when out of range.
     */
    public TransportBuilder frameTimeoutNs(final long timeoutNs) {
        this.frameTimeoutNs = checkTime("frameTimeoutNs", timeoutNs, TransportSettings.MIN_TIME_NS);
        return this;
    }

    /**
     * The most connections one listener keeps open at once (handshake included). A connection
     * beyond it is accepted and closed at once, before any handshake or control event, and
     * counted ({@link TransportStats#overLimit()}). Default
     * {@link TransportSettings#DEFAULT_MAX_CONNECTIONS_PER_LISTENER}.
     *
     * @param max 1 or more.
     * @return this builder.
     * @throws IllegalArgumentException when below 1.
     */
    public TransportBuilder maxConnectionsPerListener(final int max) {
        if (max < 1) {
            throw new IllegalArgumentException("maxConnectionsPerListener must be 1 or more, got " + max);
        }
        this.maxConnectionsPerListener = max;
        return this;
    }

    /**
     * The most hops a PAIR1 message may have travelled, as NNG's {@code NNG_OPT_MAXTTL}: a message
     * whose hop count is higher is dropped and counted ({@link TransportStats#ttlDrops()}). Default
     * {@value TransportSettings#DEFAULT_MAX_TTL}.
     *
     * @param hops 1 to {@value TransportSettings#MAX_MAX_TTL}.
     * @return this builder.
     * @throws IllegalArgumentException when out of range.
     */
    public TransportBuilder maxTtl(final int hops) {
        if (hops < 1 || hops > TransportSettings.MAX_MAX_TTL) {
            throw new IllegalArgumentException("maxTtl must be from 1 to MAX_MAX_TTL = " + TransportSettings.MAX_MAX_TTL
                + ", got " + hops);
        }
        this.maxTtl = hops;
        return this;
    }

    /**
     * How long a REQ waits for a reply before it sends the request again, as NNG's
     * {@code NNG_OPT_REQ_RESENDTIME}. Default {@link TransportSettings#DEFAULT_RESEND_TIME_NS} (60 s).
     *
     * @param ns {@link TransportSettings#MIN_TIME_NS} to {@link TransportSettings#MAX_TIME_NS}.
     * @return this builder.
     * @throws IllegalArgumentException when out of range.
     */
    public TransportBuilder resendTimeNs(final long ns) {
        this.resendTimeNs = checkTime("resendTimeNs", ns, TransportSettings.MIN_TIME_NS);
        return this;
    }

    /**
     * How long a SURVEYOR takes responses to a survey, as NNG's {@code NNG_OPT_SURVEYOR_SURVEYTIME}.
     * Default {@link TransportSettings#DEFAULT_SURVEY_TIME_NS} (1 s).
     *
     * @param ns {@link TransportSettings#MIN_TIME_NS} to {@link TransportSettings#MAX_TIME_NS}.
     * @return this builder.
     * @throws IllegalArgumentException when out of range.
     */
    public TransportBuilder surveyTimeNs(final long ns) {
        this.surveyTimeNs = checkTime("surveyTimeNs", ns, TransportSettings.MIN_TIME_NS);
        return this;
    }

    /**
     * The most requests (REQ) or surveys (SURVEYOR) one socket keeps outstanding; one more is refused
     * with {@link Transport#REQUEST_TOO_MANY}. Each holds a copy of its message from the pool.
     * Default {@value TransportSettings#DEFAULT_MAX_OUTSTANDING_REQUESTS}.
     *
     * @param count 1 to {@value TransportSettings#MAX_MAX_OUTSTANDING_REQUESTS}.
     * @return this builder.
     * @throws IllegalArgumentException when out of range.
     */
    public TransportBuilder maxOutstandingRequests(final int count) {
        if (count < 1 || count > TransportSettings.MAX_MAX_OUTSTANDING_REQUESTS) {
            throw new IllegalArgumentException("maxOutstandingRequests must be from 1 to MAX_MAX_OUTSTANDING_REQUESTS = "
                + TransportSettings.MAX_MAX_OUTSTANDING_REQUESTS + ", got " + count);
        }
        this.maxOutstandingRequests = count;
        return this;
    }

    /**
     * The mode an IPC listener gives its socket file, as NNG's {@code NNG_OPT_IPC_PERMISSIONS}:
     * for instance {@code 0600} (owner only) or {@code 0660} (owner and group). Connecting needs
     * write permission on the file. It is set right after the bind, so until then (microseconds)
     * the file has the mode the umask gives; a socket in a directory only the intended users can
     * enter has no such window. Default {@link TransportSettings#IPC_PERMISSIONS_FROM_UMASK}: the umask's mode.
     *
     * @param mode 0 to 0777 (the permission bits; no set-id or sticky bits), or
     *             {@link TransportSettings#IPC_PERMISSIONS_FROM_UMASK}.
     * @return this builder.
     * @throws IllegalArgumentException when out of range.
     */
    public TransportBuilder ipcPermissions(final int mode) {
        if (mode != TransportSettings.IPC_PERMISSIONS_FROM_UMASK && (mode < 0 || mode > 0777)) {
            throw new IllegalArgumentException("ipcPermissions must be a mode from 0 to 0777 (octal), or -1 for the"
                + " umask's, got " + (mode < 0 ? Integer.toString(mode) : "0" + Integer.toOctalString(mode)));
        }
        this.ipcPermissions = mode;
        return this;
    }

    /**
     * Sets who hears about failures inside the I/O threads (a connection that failed while being
     * served, a failed accept): each is counted in {@link TransportStats} whatever this does, and
     * the first 20 per I/O thread are passed here. Default: a {@code WARNING} on the
     * {@code io.sprocket.transport} {@link System.Logger}. Whatever the handler throws is dropped.
     *
     * @param handler the handler; called on an I/O thread, so it must not block.
     * @return this builder.
     * @throws IllegalArgumentException when null.
     */
    public TransportBuilder errorHandler(final ErrorHandler handler) {
        if (handler == null) {
            throw new IllegalArgumentException("errorHandler must not be null");
        }
        this.errorHandler = handler;
        return this;
    }

    /**
     * The counters file the I/O threads' counters live in (one set per thread, as
     * {@link TransportStats} counts), where {@code sprocket-perf stat} reads them from another
     * process. The transport frees its counters' records at its close and leaves the file open.
     *
     * @param file the file; default the process's shared one, {@link CountersFile#processShared()},
     *             of which the transport takes a reference per I/O thread that it gives back at its close.
     * @return this builder.
     * @throws IllegalArgumentException when null.
     */
    public TransportBuilder counters(final CountersFile file) {
        if (file == null) {
            throw new IllegalArgumentException("counters file must not be null");
        }
        this.countersFile = file;
        return this;
    }

    /** For fault-injection tests: what fails on the read paths (default {@link ReadFaults#NONE}). */
    TransportBuilder readFaults(final ReadFaults faults) {
        if (faults == null) {
            throw new IllegalArgumentException("readFaults must not be null");
        }
        this.readFaults = faults;
        return this;
    }

    /**
     * Builds the transport and starts its I/O threads (daemon threads named {@code <ring>-io-N}).
     *
     * @return the transport.
     * @throws IllegalArgumentException when the maximum reconnect time is below the minimum (and not 0).
     * @throws IllegalStateException    when the ring is closed, or no selector can be opened.
     */
    public Transport build() {
        if (reconnectMaxNs != 0 && reconnectMaxNs < reconnectMinNs) {
            throw new IllegalArgumentException("reconnectMaxNs " + reconnectMaxNs
                + " must be 0 or at least reconnectMinNs " + reconnectMinNs);
        }
        if (ring.isClosed()) {
            throw new IllegalStateException("ring '" + ring.name() + "' is closed");
        }
        if (threading != ThreadingMode.DEDICATED && ioThreads != 1) {
            throw new IllegalArgumentException("a transport with threading " + threading + " runs one I/O worker"
                + " on the engine's thread; ioThreads must be 1, got " + ioThreads);
        }
        if (recvMaxSizeBytes < 0) {
            recvMaxSizeBytes = Math.min(TransportSettings.DEFAULT_RECV_MAX_SIZE_BYTES, engine.control().config().maxMessageSizeBytes());
        }
        return new Transport(this);
    }

    private static long checkTime(final String what, final long ns, final long min) {
        if (ns < min || ns > TransportSettings.MAX_TIME_NS) {
            throw new IllegalArgumentException(what + " must be from " + min + " to " + TransportSettings.MAX_TIME_NS + " ns, got " + ns);
        }
        return ns;
    }
}
