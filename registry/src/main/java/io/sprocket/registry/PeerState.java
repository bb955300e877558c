package io.sprocket.registry;

/**
 * The life cycle of a {@link Peer}.
 *
 * <p>Legal moves: {@code CONNECTING → CONNECTED | DISCONNECTING | DISCONNECTED},
 * {@code CONNECTED → DISCONNECTING | DISCONNECTED} and {@code DISCONNECTING → DISCONNECTED}.
 * Nothing leaves {@code DISCONNECTED} and no state moves to itself. Each state keeps its legal
 * successors as a bit mask over the ordinals, so {@link #canMoveTo(PeerState)} is one shift and
 * one mask.
 *
 * <p><b>Note:</b> immutable; any thread may call {@link #canMoveTo(PeerState)}, which allocates
 * nothing.
 */
public enum PeerState {
    /** The transport connected and the SP handshake is under way. */
    CONNECTING(0b1110),
    /** The handshake completed: messages flow. */
    CONNECTED(0b1100),
    /** Closing: no new messages are accepted, queued ones may still drain. */
    DISCONNECTING(0b1000),
    /** Gone. A registry recycles a peer in this state. */
    DISCONNECTED(0);

    /** Bit {@code 1 << s.ordinal()} is set for each state {@code s} this one may move to. */
    private final int nextMask;

    PeerState(final int nextMask) {
        this.nextMask = nextMask;
    }

    /**
     * Whether a peer in this state may move to {@code next}.
     *
     * @param next the state to move to.
     * @return true for a legal transition; false for an illegal one, a self-transition or null.
     */
    public boolean canMoveTo(final PeerState next) {
        return next != null && (nextMask & (1 << next.ordinal())) != 0;
    }
}
