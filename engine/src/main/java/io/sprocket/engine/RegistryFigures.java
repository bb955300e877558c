package io.sprocket.engine;

import io.sprocket.ring.Described;

/**
 * An engine's registry figures as JMX shows them: the attributes of {@link RegistryMXBean}, each
 * read at its own moment, and the items of its {@link RegistryMXBean#getSnapshot() Snapshot}, all
 * read at one moment. The figures are those of {@link RegistryStats}.
 *
 * <p><b>Note:</b> a view for JMX; its getters are called by JMX threads and allocate nothing
 * beyond what the bean they belong to says.
 */
public interface RegistryFigures {
    /**
     * See {@link RegistryStats#sockets()}.
     *
     * @return sockets.
     */
    @Described(value = "Sockets open in the engine now.", units = "sockets")
    long getSockets();

    /**
     * See {@link RegistryStats#peers()}.
     *
     * @return peers.
     */
    @Described(value = "Peers registered now, over all sockets.", units = "peers")
    long getPeers();

    /**
     * See {@link RegistryStats#connections()}.
     *
     * @return connections.
     */
    @Described(value = "Connections registered now.", units = "connections")
    long getConnections();

    /**
     * See {@link RegistryStats#controlEvents()}.
     *
     * @return events.
     */
    @Described(value = "Control events (sockets, peers and connections coming and going) the engine applied since"
        + " the ring was built." + Described.ALONE, units = "events")
    long getControlEvents();

    /**
     * See {@link RegistryStats#controlErrors()}.
     *
     * @return events.
     */
    @Described(value = "Control events the engine refused since the ring was built (an unknown id, a duplicate, an"
        + " illegal state change); each changed nothing and was reported to the ring's error listener."
        + Described.ALONE, units = "events")
    long getControlErrors();

    /**
     * See {@link RegistryStats#unknownPeerMessages()}.
     *
     * @return messages.
     */
    @Described(value = "Data messages tagged with a peer id the engine does not know, since the ring was built;"
        + " they were still handled." + Described.ALONE, units = "messages")
    long getUnknownPeerMessages();

    /**
     * See {@link RegistryStats#rehashes()}.
     *
     * @return rehashes.
     */
    @Described(value = "Times an index of the registries outgrew its presized capacity since the ring was built;"
        + " each one allocated." + Described.ALONE, units = "rehashes")
    long getRehashes();

    /**
     * See {@link RegistryStats#snapshots()}.
     *
     * @return snapshots.
     */
    @Described(value = "Membership snapshots the engine published since the ring was built, one per batch that"
        + " changed membership." + Described.ALONE, units = "snapshots")
    long getSnapshots();
}
