package io.sprocket.registry;

import java.nio.charset.StandardCharsets;

import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersReader;

import io.sprocket.counters.CounterRecords;
import io.sprocket.counters.CounterRecordsPool;
import io.sprocket.counters.CounterTypes;
import io.sprocket.counters.CountersFile;
import io.sprocket.message.Addr;

/**
 * The layout of one peer's counters ({@link CounterTypes#PEER}): messages and payload bytes received
 * from it and sent to it, each labelled {@code peer <id> of <where> (<address>): <name>}, for example
 * {@code peer 7 of socket 3 'pull' in orders (tcp://10.0.0.1:5555): messages received}. A
 * {@link PeerRegistry} given a pool ({@link PeerRegistry#counters(CounterRecordsPool, String)})
 * borrows a set from it for each peer it adds, through an instance of this class, and gives it back
 * when the peer goes; without one (or when the file is full) a peer counts in memory of its own,
 * where only this process sees it.
 *
 * <p><b>Note:</b> {@link #newPool(CountersFile)} allocates the pool; an instance belongs to its
 * registry's owner thread, and lending a set allocates only while the pool grows.
 */
public final class PeerCounterRecords {
    static final int MESSAGES_RECEIVED = 0;
    static final int BYTES_RECEIVED = 1;
    static final int MESSAGES_SENT = 2;
    static final int BYTES_SENT = 3;
    static final int COUNTERS = 4;

    private static final String[] NAMES = {
        "messages received", "payload bytes received", "messages sent", "payload bytes sent"};
    private static final byte[] PEER = "peer ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] OF = " of ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] OPEN = " (".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CLOSE = ")".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] COLON = ": ".getBytes(StandardCharsets.US_ASCII);

    private final CounterRecordsPool pool;
    private final byte[] where;
    private final UnsafeBuffer label = new UnsafeBuffer(new byte[CountersReader.MAX_LABEL_LENGTH]);

    /** Lends sets of {@code pool} labelled as belonging to {@code where}; {@code registry} names the caller in errors. */
    PeerCounterRecords(final String registry, final CounterRecordsPool pool, final String where) {
        if (where == null || pool.setSize() != COUNTERS) {
            throw new IllegalArgumentException(registry + ": counters need a pool of " + COUNTERS
                + "-counter sets and a label, got sets of " + pool.setSize() + " and label " + where);
        }
        this.pool = pool;
        this.where = where.getBytes(StandardCharsets.UTF_8);
    }

    /** A labelled set of the file for a peer being added; null when the file is full. */
    CounterRecords lend(final long peerId, final Addr addr) {
        return pool.take(label, 0, writeLabel(label, peerId, where, addr));
    }

    /**
     * A pool of peer counter sets in a counters file, for the registries of one engine.
     *
     * @param file where the sets live.
     * @return the pool; close it once no registry lends from it any more.
     * @throws IllegalArgumentException when the file is null.
     */
    public static CounterRecordsPool newPool(final CountersFile file) {
        return new CounterRecordsPool(file, CounterTypes.PEER, NAMES);
    }

    /** A peer's counters outside any file. */
    static CounterRecords onHeap() {
        return CounterRecords.onHeap(COUNTERS);
    }

    /**
     * Writes {@code peer <id> of <where> (<addr>): } into {@code into} from 0, cut at its capacity;
     * the address in ASCII (other characters become {@code ?}).
     *
     * @return the length written.
     */
    static int writeLabel(final MutableDirectBuffer into, final long peerId, final byte[] where, final Addr addr) {
        final int capacity = into.capacity();
        into.putBytes(0, PEER);
        int n = PEER.length;
        n += into.putNaturalLongAscii(n, peerId);   // at most 19 digits: "peer " and the id fit any label
        n = put(into, n, OF);
        n = put(into, n, where);
        if (addr != null) {
            n = put(into, n, OPEN);
            final String text = addr.toString();
            n += into.putStringWithoutLengthAscii(n, text, 0, Math.max(0, capacity - n - CLOSE.length - COLON.length));
            n = put(into, n, CLOSE);
        }
        return put(into, n, COLON);
    }

    private static int put(final MutableDirectBuffer into, final int at, final byte[] bytes) {
        final int length = Math.min(bytes.length, into.capacity() - at);
        into.putBytes(at, bytes, 0, length);
        return at + length;
    }
}
