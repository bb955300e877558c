package io.sprocket.transport;

/**
 * An immutable open-addressing map from a long id (peer or connection) to a connection, rebuilt on
 * each membership change and read by any thread without locks or allocation.
 */
final class ConnectionIndex {
    static final ConnectionIndex EMPTY = new ConnectionIndex(new TransportConnection[0], true);

    private final long[] keys;
    private final TransportConnection[] values;
    private final int mask;

    ConnectionIndex(final TransportConnection[] conns, final boolean byPeer) {
        int capacity = 4;
        while (capacity < conns.length * 2) {
            capacity <<= 1;
        }
        keys = new long[capacity];
        values = new TransportConnection[capacity];
        mask = capacity - 1;
        for (final TransportConnection c : conns) {
            final long key = byPeer ? c.peerId : c.connId;
            int i = slot(key);
            while (values[i] != null) {
                i = (i + 1) & mask;
            }
            keys[i] = key;
            values[i] = c;
        }
    }

    private int slot(final long key) {
        final long h = key * 0x9E3779B97F4A7C15L;
        return (int)(h ^ (h >>> 32)) & mask;
    }

    TransportConnection get(final long key) {
        int i = slot(key);
        TransportConnection c;
        while ((c = values[i]) != null) {
            if (keys[i] == key) {
                return c;
            }
            i = (i + 1) & mask;
        }
        return null;
    }
}
