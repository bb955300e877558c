package io.sprocket.registry;

/**
 * The two intrusive doubly linked lists of a {@link ConnRegistry}: one per {@link SpSocket} (headed
 * and counted in the socket, linked through {@code ConnEntry.prev/next}) and one through every entry
 * (headed here, linked through {@code ConnEntry.allPrev/allNext}).
 * New entries go to the head of both, so walks run newest first. A socket's list is in one registry
 * at a time: linking marks the socket with it, unlinking its last entry frees the socket.
 *
 * <p><b>Threading:</b> the registry's owner thread only; plain fields, no checks here (the registry
 * makes them). Nothing here allocates.
 */
final class ConnLists {
    private ConnEntry allHead;

    /** The newest entry of the list of all, or null when it is empty. */
    ConnEntry allHead() {
        return allHead;
    }

    /**
     * Puts {@code entry} at the head of its socket's list (counting it there, and marking the socket's
     * connections as held by {@code registry}) and at the head of the list of all.
     */
    void link(final ConnEntry entry, final ConnRegistry registry) {
        final SpSocket socket = entry.socket();
        entry.next = socket.connHead;
        if (socket.connHead != null) {
            socket.connHead.prev = entry;
        }
        socket.connHead = entry;
        socket.connCount++;
        socket.connRegistry = registry;

        entry.allNext = allHead;
        if (allHead != null) {
            allHead.allPrev = entry;
        }
        allHead = entry;
    }

    /**
     * Takes {@code entry} out of both lists and clears its links; uncounts it in its socket, which is
     * free of its registry once its last entry is gone.
     */
    void unlink(final ConnEntry entry) {
        final SpSocket socket = entry.socket();
        if (entry.prev != null) {
            entry.prev.next = entry.next;
        } else {
            socket.connHead = entry.next;
        }
        if (entry.next != null) {
            entry.next.prev = entry.prev;
        }
        entry.prev = null;
        entry.next = null;
        if (--socket.connCount == 0) {
            socket.connRegistry = null;
        }

        if (entry.allPrev != null) {
            entry.allPrev.allNext = entry.allNext;
        } else {
            allHead = entry.allNext;
        }
        if (entry.allNext != null) {
            entry.allNext.allPrev = entry.allPrev;
        }
        entry.allPrev = null;
        entry.allNext = null;
    }

    /**
     * Whether {@code registry} holds the connections of {@code socket} (false when it has none
     * anywhere).
     *
     * @throws IllegalArgumentException when the socket is null or its connections are in another registry.
     */
    boolean holds(final SpSocket socket, final ConnRegistry registry) {
        if (socket == null) {
            throw new IllegalArgumentException(ConnRegistry.KIND + " '" + registry.name() + "': socket is null");
        }
        final ConnRegistry holder = socket.connRegistry;
        if (holder == null) {
            return false;
        }
        if (holder != registry) {
            throw new IllegalArgumentException(ConnRegistry.KIND + " '" + registry.name() + "': socket '" + socket.name()
                + "' has its connections in ConnRegistry '" + holder.name() + "'");
        }
        return true;
    }
}
