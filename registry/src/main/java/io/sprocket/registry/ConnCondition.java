package io.sprocket.registry;

/**
 * Receives each connection of a {@link ConnRegistry#forEachWhile(ConnCondition, Object)
 * forEachWhile} and says whether to go on: a visit that can stop early (a search), with a context
 * object passed through so it need capture nothing.
 *
 * <p><b>Note:</b> as {@link ConnVisitor}: the registry's owner thread only, no registrations or
 * closes during the visit; a non-capturing lambda allocates nothing.
 *
 * @param <C> the type of the context passed through.
 */
@FunctionalInterface
public interface ConnCondition<C> {
    /**
     * Visits one connection.
     *
     * @param entry   the connection's entry.
     * @param context what the caller passed in.
     * @return true to visit the next connection, false to stop here.
     */
    boolean visit(ConnEntry entry, C context);
}
