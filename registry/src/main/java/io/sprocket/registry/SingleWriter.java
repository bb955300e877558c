package io.sprocket.registry;

import io.sprocket.message.Checks;

/**
 * The single-writer rule of one registry: which thread owns it, whether the caller is that thread,
 * and whether a visit is open, so that a visitor cannot add or remove members.
 *
 * <p><b>Threading:</b> {@link #bind(Thread)} and {@link #owner()} may be called from any thread (the
 * owner is a volatile field). Everything else is for the owner (or, while unbound, for the one thread
 * at a time that uses the registry): the visit depth is a plain field. With {@link Checks#ENABLED
 * checks} on, {@link #checkThread(String)} throws {@link IllegalStateException} naming both threads
 * when the caller is not the bound owner, and {@link #checkMembershipChange(String)} also throws from
 * within a visit; with checks off, or unbound, they check nothing. The visit depth is counted either
 * way. Nothing here allocates, except the exceptions on misuse.
 */
final class SingleWriter {
    private final String kind;
    private final String name;
    private volatile Thread owner;
    private int visiting;

    /** An unbound rule for the registry {@code kind} named {@code name} (both for messages). */
    SingleWriter(final String kind, final String name) {
        this.kind = kind;
        this.name = name;
    }

    /** Pins the owner; null checks nothing. */
    void bind(final Thread thread) {
        this.owner = thread;
    }

    /** The bound owner, or null. */
    Thread owner() {
        return owner;
    }

    /** Throws, with checks on, when the calling thread is not the bound owner. */
    void checkThread(final String operation) {
        if (Checks.ENABLED) {
            final Thread bound = owner;
            if (bound != null) {
                final Thread caller = Thread.currentThread();
                if (caller != bound) {
                    throw wrongThread(operation, caller, bound);
                }
            }
        }
    }

    /** As {@link #checkThread(String)}, then throws {@link IllegalArgumentException} for a null visitor. */
    void checkVisit(final String operation, final Object visitor) {
        checkThread(operation);
        if (visitor == null) {
            throw new IllegalArgumentException(kind + " '" + name + "': visitor is null");
        }
    }

    /** As {@link #checkThread(String)}, then throws, with checks on, when a visit is open. */
    void checkMembershipChange(final String operation) {
        checkThread(operation);
        if (Checks.ENABLED && visiting != 0) {
            throw new IllegalStateException(kind + " '" + name + "': " + operation
                + " called by a visitor while the registry is being visited; collect the ids and change the"
                + " registry after the visit");
        }
    }

    /** Opens a visit; pair it with {@link #exitVisit()} in a {@code finally}. Visits nest. */
    void enterVisit() {
        visiting++;
    }

    /** Closes the visit {@link #enterVisit()} opened. */
    void exitVisit() {
        visiting--;
    }

    private IllegalStateException wrongThread(final String operation, final Thread caller, final Thread bound) {
        return new IllegalStateException(kind + " '" + name + "': " + operation + " called on thread '"
            + caller.getName() + "' (id " + caller.getId() + ") but the registry is owned by thread '"
            + bound.getName() + "' (id " + bound.getId() + ")");
    }
}
