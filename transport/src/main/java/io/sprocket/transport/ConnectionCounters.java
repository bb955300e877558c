package io.sprocket.transport;

import io.sprocket.counters.CounterSet;
import io.sprocket.counters.CounterTypes;
import io.sprocket.counters.CountersFile;
import io.sprocket.message.Addr;

/**
 * The layout of one connection's own counters in the counters file ({@link CounterTypes#CONNECTION}):
 * messages and bytes each way, labelled with the connection, its peer and the far end's address, so
 * that {@code sprocket-perf stat} shows each live connection (and so each peer: a transport's peer
 * has one connection) from another process. Allocated when the connection is made, freed when it is
 * done.
 *
 * <p><b>Note:</b> {@link #allocate} runs on the worker thread that makes the connection and allocates;
 * the worker writes the counters with release stores, allocation-free.
 */
final class ConnectionCounters {
    static final int MESSAGES_IN = 0;
    static final int BYTES_IN = 1;
    static final int MESSAGES_OUT = 2;
    static final int BYTES_OUT = 3;

    private ConnectionCounters() {
    }

    /** A new connection's counters, in the transport's counters file (or the process's shared one). */
    static CounterSet allocate(final Transport transport, final long connId, final long peerId, final Addr remote) {
        final String who = "connection " + connId + " of " + transport.ring().name() + " (peer " + peerId
            + (remote != null ? ", " + remote : "") + "): ";
        final String[] labels = {
            who + "messages received",
            who + "payload bytes received",
            who + "messages sent",
            who + "bytes sent (header and body)"};
        final CountersFile file = transport.countersFile;
        return file != null ? CounterSet.allocate(file, false, CounterTypes.CONNECTION, labels)
            : CounterSet.allocate(CountersFile.processShared(), true, CounterTypes.CONNECTION, labels);
    }
}
