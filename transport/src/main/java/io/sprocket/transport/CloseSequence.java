package io.sprocket.transport;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

import io.sprocket.ring.MessageRing;
import io.sprocket.ring.RingStats;

/**
 * A transport's close, run once: stop the listeners and dialers, close every connection through the
 * registries' control events, wait for the connections to finish and for the engine to apply the
 * events, then stop the I/O workers. A close asked for on one of the ring's consumer threads goes to
 * a closer thread instead, since the engine cannot apply the events while that handler runs. Holds
 * the transport's closing flag, which the senders read (a volatile read, no allocation).
 */
final class CloseSequence {
    private static final long POLL_NS = 200_000;
    /** How long a close waits for the I/O workers to finish at least, even when its timeout has run out. */
    private static final long STOP_GRACE_NS = 100_000_000L;

    private final Transport transport;
    private final MessageRing ring;
    private final Object lifecycle = new Object();
    private final AtomicBoolean closerStarted = new AtomicBoolean();
    private volatile boolean closing;
    private volatile boolean closed;
    private volatile boolean closeResult;

    CloseSequence(final Transport transport) {
        this.transport = transport;
        this.ring = transport.ring();
    }

    /** Whether the close has begun; any thread, allocation-free. */
    boolean isClosing() {
        return closing;
    }

    /** See {@link Transport#close(long)}; {@code timeoutNs} is checked by the caller. */
    boolean close(final long timeoutNs) {
        if (ring.isConsumerThread()) {
            return closeFromHandler(timeoutNs);
        }
        synchronized (lifecycle) {
            if (closed) {
                return closeResult;
            }
            final long deadline = System.nanoTime() + timeoutNs;
            closing = true;
            transport.sockets.closeEndpoints();
            transport.connections.close(null, null, null);
            boolean clean = transport.connections.awaitNone(deadline);
            clean &= awaitEngine(deadline);
            clean &= transport.ioThreads.stop(Math.max(deadline, System.nanoTime() + STOP_GRACE_NS));
            if (transport.beans != null) {
                transport.beans.unregister();
            }
            closeResult = clean;
            closed = true;
            return clean;
        }
    }

    /**
     * Close asked for by a handler: refuse new work now and let another thread wait for the engine,
     * which can only apply the closing events once this handler call returns. Takes no lock, so a
     * close in progress on another thread cannot hold the engine up either.
     */
    private boolean closeFromHandler(final long timeoutNs) {
        if (closed) {
            return closeResult;
        }
        closing = true;
        if (closerStarted.compareAndSet(false, true)) {
            final Thread closer = new Thread(() -> close(timeoutNs), ring.name() + "-transport-closer");
            closer.setDaemon(true);
            closer.start();
        }
        return false;
    }

    /** Waits until every consumer of the ring has passed the last control event the workers published. */
    private boolean awaitEngine(final long deadline) {
        final long last = transport.ioThreads.lastControlSeq();
        if (last < 0 || ring.engineThread() == null) {
            return true;
        }
        final RingStats stats = new RingStats();
        while (ring.stats(stats).recycled() <= last) {
            if (ring.isClosed()) {
                return true;
            }
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            LockSupport.parkNanos(POLL_NS);
        }
        return true;
    }
}
