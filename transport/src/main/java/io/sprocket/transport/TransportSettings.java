package io.sprocket.transport;

import java.util.concurrent.TimeUnit;

/**
 * A transport's settings as its {@link TransportBuilder} fixed them, with their defaults and bounds
 * ({@link Transport#settings()}).
 *
 * <p><b>Note:</b> immutable: any thread; the accessors allocate nothing.
 */
public final class TransportSettings {
    /** Default receive limit: 1 MiB (nanomsg's default; NNG 1.5's is unlimited). */
    public static final int DEFAULT_RECV_MAX_SIZE_BYTES = 1 << 20;
    /** Default handshake timeout: 10 s, as NNG. */
    public static final long DEFAULT_HANDSHAKE_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(10);
    /** Default minimum reconnect time: 100 ms, as NNG. */
    public static final long DEFAULT_RECONNECT_MIN_NS = TimeUnit.MILLISECONDS.toNanos(100);
    /** Default maximum reconnect time: 0, no exponential backoff (each wait is the minimum), as NNG. */
    public static final long DEFAULT_RECONNECT_MAX_NS = 0;
    /** Default outbound queue capacity per connection. */
    public static final int DEFAULT_OUTBOUND_CAPACITY = 128;
    /** Default {@link Transport#close()} timeout: 5 s. */
    public static final long DEFAULT_CLOSE_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(5);
    /** Most I/O threads a transport may have. */
    public static final int MAX_IO_THREADS = 16;
    /** Longest handshake timeout and reconnect times: one hour. */
    public static final long MAX_TIME_NS = TimeUnit.HOURS.toNanos(1);
    /** Shortest handshake timeout and minimum reconnect time: 1 ms. */
    public static final long MIN_TIME_NS = TimeUnit.MILLISECONDS.toNanos(1);
    /** Default frame timeout: 30 s for a frame the peer has started to finish. */
    public static final long DEFAULT_FRAME_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(30);
    /** Default maximum of open connections accepted by one listener: 1024. */
    public static final int DEFAULT_MAX_CONNECTIONS_PER_LISTENER = 1024;
    /** {@link TransportBuilder#ipcPermissions(int)} value that leaves an IPC socket file's mode to the umask (the default). */
    public static final int IPC_PERMISSIONS_FROM_UMASK = -1;
    /** Default {@link TransportBuilder#resendTimeNs(long)}: 60 s, as NNG's REQ. */
    public static final long DEFAULT_RESEND_TIME_NS = TimeUnit.SECONDS.toNanos(60);
    /** Default {@link TransportBuilder#surveyTimeNs(long)}: 1 s, as NNG's SURVEYOR. */
    public static final long DEFAULT_SURVEY_TIME_NS = TimeUnit.SECONDS.toNanos(1);
    /** Default {@link TransportBuilder#maxOutstandingRequests(int)}. */
    public static final int DEFAULT_MAX_OUTSTANDING_REQUESTS = 256;
    /** The highest {@link TransportBuilder#maxOutstandingRequests(int)}. */
    public static final int MAX_MAX_OUTSTANDING_REQUESTS = 1 << 16;
    /** Default {@link TransportBuilder#maxTtl(int)}: 8 hops, as NNG. */
    public static final int DEFAULT_MAX_TTL = 8;
    /** The highest {@link TransportBuilder#maxTtl(int)}: 15, as NNG. */
    public static final int MAX_MAX_TTL = 15;

    private final int recvMaxSizeBytes;
    private final long handshakeTimeoutNs;
    private final long reconnectMinNs;
    private final long reconnectMaxNs;
    private final int outboundCapacity;
    private final long frameTimeoutNs;
    private final int maxConnectionsPerListener;
    private final int maxTtl;
    private final long resendTimeNs;
    private final long surveyTimeNs;
    private final int maxOutstandingRequests;
    private final int ipcPermissions;

    TransportSettings(final TransportBuilder b) {
        this.recvMaxSizeBytes = b.recvMaxSizeBytes;
        this.handshakeTimeoutNs = b.handshakeTimeoutNs;
        this.reconnectMinNs = b.reconnectMinNs;
        this.reconnectMaxNs = b.reconnectMaxNs;
        this.outboundCapacity = b.outboundCapacity;
        this.frameTimeoutNs = b.frameTimeoutNs;
        this.maxConnectionsPerListener = b.maxConnectionsPerListener;
        this.maxTtl = b.maxTtl;
        this.resendTimeNs = b.resendTimeNs;
        this.surveyTimeNs = b.surveyTimeNs;
        this.maxOutstandingRequests = b.maxOutstandingRequests;
        this.ipcPermissions = b.ipcPermissions;
    }

    /**
     * The receive limit: a longer frame closes its connection.
     *
     * @return bytes.
     */
    public int recvMaxSizeBytes() {
        return recvMaxSizeBytes;
    }

    /**
     * How long a new connection may take to receive the peer's header (and a dial to connect).
     *
     * @return nanoseconds.
     */
    public long handshakeTimeoutNs() {
        return handshakeTimeoutNs;
    }

    /**
     * The first wait before a dialer reconnects.
     *
     * @return nanoseconds.
     */
    public long reconnectMinNs() {
        return reconnectMinNs;
    }

    /**
     * The longest wait before a dialer reconnects; 0 means the wait never grows past the minimum.
     *
     * @return nanoseconds.
     */
    public long reconnectMaxNs() {
        return reconnectMaxNs;
    }

    /**
     * Each connection's outbound queue capacity.
     *
     * @return a power of two.
     */
    public int outboundCapacity() {
        return outboundCapacity;
    }

    /**
     * How long a peer may leave a frame it has started unfinished before its connection is closed.
     *
     * @return nanoseconds.
     */
    public long frameTimeoutNs() {
        return frameTimeoutNs;
    }

    /**
     * The most connections one listener keeps open at once; one more is accepted and closed at once.
     *
     * @return a count.
     */
    public int maxConnectionsPerListener() {
        return maxConnectionsPerListener;
    }

    /**
     * The most hops a received PAIR1 message may have travelled ({@link TransportBuilder#maxTtl(int)}).
     *
     * @return hops.
     */
    public int maxTtl() {
        return maxTtl;
    }

    /**
     * How long a REQ waits for a reply before it sends the request again ({@link TransportBuilder#resendTimeNs}).
     *
     * @return nanoseconds.
     */
    public long resendTimeNs() {
        return resendTimeNs;
    }

    /**
     * How long a SURVEYOR takes responses to a survey ({@link TransportBuilder#surveyTimeNs}).
     *
     * @return nanoseconds.
     */
    public long surveyTimeNs() {
        return surveyTimeNs;
    }

    /**
     * The most requests (or surveys) one socket keeps outstanding ({@link TransportBuilder#maxOutstandingRequests}).
     *
     * @return a count.
     */
    public int maxOutstandingRequests() {
        return maxOutstandingRequests;
    }

    /**
     * The mode given to IPC socket files after binding, or {@link #IPC_PERMISSIONS_FROM_UMASK}.
     *
     * @return a Unix mode (0 to 0777), or -1.
     */
    public int ipcPermissions() {
        return ipcPermissions;
    }

    @Override
    public String toString() {
        return "TransportSettings{" + "recvMaxSizeBytes=" + recvMaxSizeBytes + ", handshakeTimeoutNs=" + handshakeTimeoutNs + ", reconnectMinNs=" + reconnectMinNs + ", reconnectMaxNs=" + reconnectMaxNs + ", outboundCapacity=" + outboundCapacity + ", frameTimeoutNs=" + frameTimeoutNs + ", maxConnectionsPerListener=" + maxConnectionsPerListener + ", maxTtl=" + maxTtl + ", resendTimeNs=" + resendTimeNs + ", surveyTimeNs=" + surveyTimeNs + ", maxOutstandingRequests=" + maxOutstandingRequests + ", ipcPermissions=" + ipcPermissions + '}';
    }
}
