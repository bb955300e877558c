package io.sprocket.counters;

/**
 * The type ids of Sprocket's counters, so a reader of the counters file can group and name them.
 * Each id is one kind of figure, whatever instance it belongs to (the label says which ring,
 * connection or peer).
 *
 * <p><b>Note:</b> constants; any thread, no allocation.
 */
public final class CounterTypes {
    /** A ring figure (claims, handled, refusals...). */
    public static final int RING = 1001;
    /** A buffer pool figure (news, drops...). */
    public static final int POOL = 1002;
    /** A registry figure (sockets, peers, control events...). */
    public static final int REGISTRY = 1003;
    /** A transport figure (frames, bytes, refusals...). */
    public static final int TRANSPORT = 1004;
    /** A figure of one connection (messages and bytes each way), freed when it closes. */
    public static final int CONNECTION = 1005;
    /**
     * A figure of one peer of an engine's socket (messages and payload bytes received from it and sent
     * to it), shown while the peer is registered and hidden when it is removed.
     */
    public static final int PEER = 1006;
    /** A journal figure. */
    public static final int JOURNAL = 1007;
    /** A protocol figure (drops by reason...). */
    public static final int PROTOCOL = 1008;

    private CounterTypes() {
    }

    /**
     * The kind of figure a type id names, for display.
     *
     * @param typeId a counter's type id.
     * @return for example {@code ring}; {@code other} for an id Sprocket does not use.
     */
    public static String name(final int typeId) {
        switch (typeId) {
            case RING:
                return "ring";
            case POOL:
                return "pool";
            case REGISTRY:
                return "registry";
            case TRANSPORT:
                return "transport";
            case CONNECTION:
                return "connection";
            case PEER:
                return "peer";
            case JOURNAL:
                return "journal";
            case PROTOCOL:
                return "protocol";
            default:
                return "other";
        }
    }
}
