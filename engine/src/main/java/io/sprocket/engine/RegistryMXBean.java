package io.sprocket.engine;

/**
 * A ring's registry figures for JMX, registered by {@link Engine#start()} as
 * {@code io.sprocket:type=Registry,name=<ring name>} and unregistered by close. The figures are
 * those of {@link RegistryStats}.
 *
 * <p><b>Note:</b> called by JMX threads; each attribute read takes a fresh snapshot (which
 * allocates: JMX itself allocates, and this is not a hot path).
 */
public interface RegistryMXBean {
    /**
     * See {@link RegistryStats#sockets()}.
     *
     * @return a count.
     */
    long getSockets();

    /**
     * See {@link RegistryStats#peers()}.
     *
     * @return a count.
     */
    long getPeers();

    /**
     * See {@link RegistryStats#connections()}.
     *
     * @return a count.
     */
    long getConnections();

    /**
     * See {@link RegistryStats#controlEvents()}.
     *
     * @return a count.
     */
    long getControlEvents();

    /**
     * See {@link RegistryStats#controlErrors()}.
     *
     * @return a count.
     */
    long getControlErrors();

    /**
     * See {@link RegistryStats#unknownPeerMessages()}.
     *
     * @return a count.
     */
    long getUnknownPeerMessages();

    /**
     * See {@link RegistryStats#rehashes()}.
     *
     * @return a count.
     */
    long getRehashes();

    /**
     * See {@link RegistryStats#snapshots()}.
     *
     * @return a count.
     */
    long getSnapshots();
}
