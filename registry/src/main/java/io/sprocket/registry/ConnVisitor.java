package io.sprocket.registry;

/**
 * Receives each connection of a {@link ConnRegistry#connectionsOf(SpSocket, ConnVisitor, Object)
 * connectionsOf} or {@link ConnRegistry#forEach(ConnVisitor, Object) forEach}, together with a
 * context object the caller passes through, so a visitor need capture nothing.
 *
 * <p><b>Note:</b> called on the registry's owner thread only. A visitor must not register or close
 * connections of the registry it visits (with checks on that throws {@link IllegalStateException});
 * it may read the registry and visit it again. Non-capturing lambdas allocate nothing.
 *
 * @param <C> the type of the context passed through.
 */
@FunctionalInterface
public interface ConnVisitor<C> {
    /**
     * Visits one connection.
     *
     * @param entry   the connection's entry.
     * @param context what the caller passed in.
     */
    void visit(ConnEntry entry, C context);
}
