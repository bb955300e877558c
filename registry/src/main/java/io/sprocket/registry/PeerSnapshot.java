package io.sprocket.registry;

import io.sprocket.message.Addr;

/**
 * An immutable copy of a {@link PeerRegistry}'s membership at one moment: for each peer its id,
 * address and state, in the registry's iteration order.
 *
 * <p>Made by {@link PeerRegistry#snapshot()} on the owner thread, for monitoring and for threads
 * that may not touch the registry. Membership changes are rare, so the engine can take a new
 * snapshot after a batch that changed it and publish it (through a volatile field, for instance).
 *
 * <p><b>Note:</b> immutable and safe to share between threads once published; its fields are final,
 * so even a racy publication shows it complete. Reading allocates nothing; creating one allocates
 * three arrays of {@link #size()} elements.
 */
public final class PeerSnapshot {
    private final String registryName;
    private final long[] ids;
    private final Addr[] addrs;
    private final PeerState[] states;

    PeerSnapshot(final String registryName, final long[] ids, final Addr[] addrs, final PeerState[] states) {
        this.registryName = registryName;
        this.ids = ids;
        this.addrs = addrs;
        this.states = states;
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
     * Where a peer id sits in this snapshot (a linear search).
     *
     * @param id a peer id.
     * @return its index, or -1 when the snapshot does not hold it.
     */
    public int indexOf(final long id) {
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] == id) {
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
