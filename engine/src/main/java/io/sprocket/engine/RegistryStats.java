package io.sprocket.engine;

/**
 * A snapshot of an engine's registry figures, filled into an object the caller owns and reuses.
 *
 * <p><b>Note:</b> not thread-safe; one thread fills and reads one instance. Filling
 * ({@link Registries#stats(RegistryStats)}) and reading allocate nothing.
 */
public final class RegistryStats {
    long sockets;
    long peers;
    long connections;
    long controlEvents;
    long controlErrors;
    long unknownPeerMessages;
    long rehashes;
    long snapshots;

    /** Creates an empty snapshot to be filled by {@link Registries#stats(RegistryStats)}. */
    public RegistryStats() {
    }

    /**
     * Sockets open in the engine.
     *
     * @return a count.
     */
    public long sockets() {
        return sockets;
    }

    /**
     * Peers registered, over all sockets.
     *
     * @return a count.
     */
    public long peers() {
        return peers;
    }

    /**
     * Connections registered.
     *
     * @return a count.
     */
    public long connections() {
        return connections;
    }

    /**
     * Control events the engine applied successfully.
     *
     * @return a count since the ring was built.
     */
    public long controlEvents() {
        return controlEvents;
    }

    /**
     * Control events the engine refused (an unknown id, a duplicate, an illegal state change); each
     * was reported to the ring's error listener and changed nothing.
     *
     * @return a count since the ring was built.
     */
    public long controlErrors() {
        return controlErrors;
    }

    /**
     * Data messages tagged with a peer id the engine does not know; they were still handled.
     *
     * @return a count since the ring was built.
     */
    public long unknownPeerMessages() {
        return unknownPeerMessages;
    }

    /**
     * Times an index outgrew its presized capacity (each one allocated), over all registries.
     *
     * @return a count since the ring was built.
     */
    public long rehashes() {
        return rehashes;
    }

    /**
     * Membership snapshots the engine published.
     *
     * @return a count since the ring was built.
     */
    public long snapshots() {
        return snapshots;
    }

    @Override
    public String toString() {
        return "RegistryStats{sockets=" + sockets + ", peers=" + peers + ", connections=" + connections
            + ", controlEvents=" + controlEvents + ", controlErrors=" + controlErrors
            + ", unknownPeerMessages=" + unknownPeerMessages + ", rehashes=" + rehashes + ", snapshots=" + snapshots + '}';
    }
}
