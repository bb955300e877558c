package io.sprocket.registry;

/**
 * Receives each peer of a {@link PeerRegistry#forEach(PeerVisitor, Object) forEach} or
 * {@link PeerRegistry#disconnectAll(long, PeerVisitor, Object) disconnectAll}, together with a
 * context object the caller passes through, so a visitor need capture nothing.
 *
 * <p>Write visitors as non-capturing lambdas or method references ({@code (peer, sum) -> ...}) or
 * as reused objects: the JVM keeps one instance of a non-capturing lambda, so visiting allocates
 * nothing.
 *
 * <p><b>Note:</b> called on the registry's owner thread only, the one that called {@code forEach}.
 * A visitor must not add or remove peers of the registry it visits (with checks on that throws
 * {@link IllegalStateException}); it may read the registry, visit it again, move peers between
 * states and update their counters.
 *
 * @param <C> the type of the context passed through.
 */
@FunctionalInterface
public interface PeerVisitor<C> {
    /**
     * Visits one peer.
     *
     * @param peer    the peer; do not keep it after the visit (the registry recycles removed peers).
     * @param context what the caller passed to {@code forEach}.
     */
    void visit(Peer peer, C context);
}
