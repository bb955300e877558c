package io.sprocket.transport;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What one {@link Worker} owns: its connections, pending dials and listeners. Its one job is
 * keeping them, and the passes over all of them: the scan for connections that asked for attention
 * when the attention queue was full, their timers, and closing them all when the worker stops. A
 * pass survives its endpoints leaving the lists as it goes (a timer that closes its connection, a
 * close that removes it), and whatever one endpoint throws goes to that endpoint, so the others are
 * still served.
 *
 * <p><b>Note:</b> its worker's thread only. Allocation-free, except when an array or list grows.
 */
final class WorkerEndpoints {
    /** No timer due: what {@code onTimer} answers when an endpoint needs none. */
    static final long NO_TIMER = Long.MAX_VALUE;

    private TransportConnection[] conns = new TransportConnection[16];
    private int connCount;
    private final List<Dialer> dialers = new ArrayList<>();
    private final List<Listener> listeners = new ArrayList<>();

    void addConnection(final TransportConnection c) {
        if (connCount == conns.length) {
            conns = Arrays.copyOf(conns, connCount * 2);
        }
        conns[connCount++] = c;
    }

    /** Drops {@code c}; through {@link Worker#removeConnection}, which also takes it out of the turn queue. */
    void removeConnection(final TransportConnection c) {
        for (int i = connCount - 1; i >= 0; i--) {
            if (conns[i] == c) {
                conns[i] = conns[--connCount];
                conns[connCount] = null;
                return;
            }
        }
    }

    void addDialer(final Dialer d) {
        dialers.add(d);
    }

    void removeDialer(final Dialer d) {
        dialers.remove(d);
    }

    void addListener(final Listener l) {
        listeners.add(l);
    }

    void removeListener(final Listener l) {
        listeners.remove(l);
    }

    /**
     * Attends every connection whose attention flag is set: the fallback when the attention queue
     * overflowed, so no signal is lost.
     */
    void attendFlagged() {
        for (int i = connCount - 1; i >= 0; i--) {
            if (i < connCount && TransportConnection.ATTENTION.compareAndSet(conns[i], 1, 0)) {
                Worker.attend(conns[i]);
            }
        }
    }

    /**
     * Runs every endpoint's timer; each next due time goes to {@link Worker#timer}. Whatever one
     * throws goes to its {@link Endpoint#onFault} (a connection closes, a listener pauses).
     *
     * @param now    the time now ({@link System#nanoTime()} scale).
     * @param worker the owning worker, told each next due time.
     */
    void runTimers(final long now, final Worker worker) {
        for (int i = connCount - 1; i >= 0; i--) {
            if (i < connCount) {
                runTimer(conns[i], now, worker);
            }
        }
        for (int i = dialers.size() - 1; i >= 0; i--) {
            if (i < dialers.size()) {
                runTimer(dialers.get(i), now, worker);
            }
        }
        for (int i = listeners.size() - 1; i >= 0; i--) {
            if (i < listeners.size()) {
                runTimer(listeners.get(i), now, worker);
            }
        }
    }

    private static void runTimer(final Endpoint e, final long now, final Worker worker) {
        try {
            final long at = e.onTimer(now);
            if (at != NO_TIMER) {
                worker.timer(at);
            }
        } catch (final Throwable t) {
            e.onFault(t);
        }
    }

    /**
     * Closes every listener, dial and connection without publishing anything more (the worker is
     * stopping). Whatever one throws is counted and reported through the worker, and that endpoint is
     * dropped, so the rest still close.
     *
     * @param worker the owning worker: connections leave through its {@link Worker#removeConnection}.
     */
    void closeAll(final Worker worker) {
        for (int i = listeners.size() - 1; i >= 0; i--) {
            try {
                listeners.get(i).closeNow();
            } catch (final Throwable t) {
                worker.fault(t);
                listeners.remove(i);
            }
        }
        for (int i = dialers.size() - 1; i >= 0; i--) {
            try {
                dialers.get(i).closeNow();
            } catch (final Throwable t) {
                worker.fault(t);
                dialers.remove(i);
            }
        }
        while (connCount > 0) {
            final TransportConnection c = conns[connCount - 1];
            try {
                c.abandon();
            } catch (final Throwable t) {
                worker.fault(t);
            }
            if (connCount > 0 && conns[connCount - 1] == c) {
                worker.removeConnection(c);
            }
        }
    }
}
