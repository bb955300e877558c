package io.sprocket.registry;

/**
 * Receives each peer of a {@link PeerRegistry#forEachWhile(PeerCondition, Object) forEachWhile} and
 * says whether to go on: a visit that can stop early (a search), with a context object passed
 * through so it need capture nothing.
 *
 * <p><b>Note:</b> as {@link PeerVisitor}: the registry's owner thread only, no membership changes
 * during the visit; a non-capturing lambda allocates nothing.
 *
 * @param <C> the type of the context passed through.
 */
@FunctionalInterface
public interface PeerCondition<C> {
    /**
     * Visits one peer.
     *
     * @param peer    the peer; do not keep it after the visit.
     * @param context what the caller passed in.
     * @return true to visit the next peer, false to stop here.
     */
    boolean visit(Peer peer, C context);
}
