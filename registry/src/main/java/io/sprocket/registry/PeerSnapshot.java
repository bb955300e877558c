package io.sprocket.registry;

import org.agrona.collections.Long2LongHashMap;
import org.agrona.collections.Object2IntHashMap;

import io.sprocket.message.Addr;

/**
 * An immutable copy of a {@link PeerRegistry}'s membership at one moment: for each peer its id,
 * address and state, in the registry's iteration order.
 *
 * <p>Made by {@link PeerRegistry#snapshot()} on the owner thread, for monitoring and for threads
 * that may not touch the registry. Membership changes are rare, so the engine can take a new
 * snapshot after a batch that changed it and publish it (through a volatile field, for instance).
 *
 * <p>Lookups by id ({@link #indexOf(long)}) and by address ({@link #indexOf(Addr)}) are O(1): a scan
 * of at most eight peers, or two hash indexes built with a larger snapshot and never changed after.
 *
 * <p><b>Note:</b> immutable and safe to share between threads once published; its fields are final,
 * so even a racy publication shows it complete. Reading allocates nothing; creating one allocates
 * three arrays of {@link #size()} elements and the two indexes.
 */
public final class PeerSnapshot {
    private final String registryName;
    private final long[] ids;
    private final Addr[] addrs;
    private final PeerState[] states;
    /** Up to this many peers, a lookup scans the arrays: cheaper than an index, and O(1) all the same. */
    static final int SCAN_MAX = 8;

    /** Id to index (null for a snapshot of at most {@link #SCAN_MAX}); never changed after construction. */
    private final Long2LongHashMap byId;
    /** Address to index (null as {@link #byId}); never changed after construction. */
    private final Object2IntHashMap<Addr> byAddr;

    PeerSnapshot(final String registryName, final long[] ids, final Addr[] addrs, final PeerState[] states) {
        this.registryName = registryName;
        this.ids = ids;
        this.addrs = addrs;
        this.states = states;
        if (ids.length <= SCAN_MAX) {
            this.byId = null;
            this.byAddr = null;
            return;
        }
        final int capacity = Integer.highestOneBit(ids.length * 2) << 1;
        this.byId = new Long2LongHashMap(capacity, 0.65f, -1);
        this.byAddr = new Object2IntHashMap<>(capacity, 0.65f, -1);
        for (int i = 0; i < ids.length; i++) {
            byId.put(ids[i], i);
            if (addrs[i] != null) {
                byAddr.put(addrs[i], i);
            }
        }
    }

    /** Copies the membership of the first {@code count} peers of {@code dense}; owner thread of the registry. */
    static PeerSnapshot of(final String registryName, final Peer[] dense, final int count) {
        final long[] ids = new long[count];
        final Addr[] addrs = new Addr[count];
        final PeerState[] states = new PeerState[count];
        for (int i = 0; i < count; i++) {
            ids[i] = dense[i].plainId();
            addrs[i] = dense[i].addr();
            states[i] = dense[i].state();
        }
        return new PeerSnapshot(registryName, ids, addrs, states);
    }

    /**
     * The name of the registry this was taken from.
     *
     * @return the name.
     */
    public String registryName() {
        return registryName;
    }

    /**
     * How many peers the registry held.
     *
     * @return the count.
     */
    public int size() {
        return ids.length;
    }

    /**
     * The id of one peer.
     *
     * @param index 0 to {@link #size()} - 1.
     * @return the id.
     * @throws IllegalArgumentException when {@code index} is out of range.
     */
    public long id(final int index) {
        return ids[checkIndex(index)];
    }

    /**
     * The address of one peer.
     *
     * @param index 0 to {@link #size()} - 1.
     * @return the address, or null when the peer was added without one.
     * @throws IllegalArgumentException when {@code index} is out of range.
     */
    public Addr addr(final int index) {
        return addrs[checkIndex(index)];
    }

    /**
     * The state of one peer.
     *
     * @param index 0 to {@link #size()} - 1.
     * @return the state.
     * @throws IllegalArgumentException when {@code index} is out of range.
     */
    public PeerState state(final int index) {
        return states[checkIndex(index)];
    }

    /**
     * Where a peer id sits in this snapshot: O(1), allocation-free.
     *
     * @param id a peer id.
     * @return its index, or -1 when the snapshot does not hold it.
     */
    public int indexOf(final long id) {
        if (byId != null) {
            return (int)byId.get(id);
        }
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] == id) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Where the peer at an address sits in this snapshot (a registry holds one peer per address):
     * O(1), allocation-free.
     *
     * @param addr an address; null finds nothing.
     * @return its index, or -1 when no peer of this snapshot has that address.
     */
    public int indexOf(final Addr addr) {
        if (addr == null) {
            return -1;
        }
        if (byAddr != null) {
            return byAddr.getValue(addr);
        }
        for (int i = 0; i < addrs.length; i++) {
            if (addr.equals(addrs[i])) {
                return i;
            }
        }
        return -1;
    }

    private int checkIndex(final int index) {
        if (index < 0 || index >= ids.length) {
            throw new IllegalArgumentException("index " + index + " must be from 0 to size() - 1 = "
                + (ids.length - 1) + " in the snapshot of registry '" + registryName + "'");
        }
        return index;
    }

    @Override
    public String toString() {
        final StringBuilder b = new StringBuilder("PeerSnapshot{registry='").append(registryName).append("', peers=[");
        for (int i = 0; i < ids.length; i++) {
            if (i > 0) {
                b.append(", ");
            }
            b.append(ids[i]).append(' ').append(states[i]);
            if (addrs[i] != null) {
                b.append(' ').append(addrs[i]);
            }
        }
        return b.append("]}").toString();
    }
}
