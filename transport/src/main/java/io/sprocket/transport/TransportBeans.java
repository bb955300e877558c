package io.sprocket.transport;

import javax.management.JMException;
import javax.management.ObjectName;

import io.sprocket.ring.DescribedMBean;

/**
 * JMX registration of a transport's {@link TransportMXBean} (beside its engine's ring and registry
 * beans), with descriptions and units.
 *
 * <p><b>Note:</b> registered by the transport's constructor and unregistered by its close; JMX
 * threads read the bean, each read filling a fresh {@link TransportStats}.
 */
final class TransportBeans {
    private final ObjectName objectName;

    /**
     * Registers the bean of {@code transport} when its engine registers its own ({@code Engine.jmx()}).
     *
     * @return the registration, or null when the engine registers no beans.
     * @throws IllegalArgumentException when a transport on a ring of that name is registered already
     *                                  (the transport is closed first).
     */
    static TransportBeans register(final Transport transport) {
        if (!transport.engine().jmx()) {
            return null;
        }
        try {
            return new TransportBeans(transport.ring().name(), transport);
        } catch (final RuntimeException e) {
            transport.close(0);
            throw e;
        }
    }

    private TransportBeans(final String name, final Transport transport) {
        try {
            objectName = new ObjectName("io.sprocket:type=Transport,name=" + name);
            DescribedMBean.register(objectName, new Bean(transport, null), TransportMXBean.class,
                "The SP transport of ring '" + name + "': connections made, handshakes, frames and bytes in and out,"
                    + " and every connection closed for cause, since the transport was built. Each attribute is read"
                    + " at its own moment; Snapshot reads them all at one moment.", "a transport on a ring named '"
                    + name + "' is already registered with JMX: give each running engine its own name");
        } catch (final JMException e) {
            throw new IllegalStateException("could not register the transport of ring '" + name + "' with JMX", e);
        }
    }

    void unregister() {
        DescribedMBean.unregisterQuietly(objectName, "io.sprocket.transport");
    }

    /** The live bean (no fixed snapshot: each attribute read fills a fresh one), or one snapshot's figures. */
    private static final class Bean implements TransportMXBean {
        private final Transport transport;
        private final TransportStats fixed;

        Bean(final Transport transport, final TransportStats fixed) {
            this.transport = transport;
            this.fixed = fixed;
        }

        private TransportStats s() {
            return fixed != null ? fixed : transport.stats(new TransportStats());
        }

        @Override
        public TransportFigures getSnapshot() {
            return new Bean(transport, transport.stats(new TransportStats()));
        }

        @Override
        public long getAccepted() {
            return s().accepted();
        }

        @Override
        public long getDialed() {
            return s().dialed();
        }

        @Override
        public long getConnectFailures() {
            return s().connectFailures();
        }

        @Override
        public long getHandshakes() {
            return s().handshakes();
        }

        @Override
        public long getBadHeaders() {
            return s().badHeaders();
        }

        @Override
        public long getWrongProtocol() {
            return s().wrongProtocol();
        }

        @Override
        public long getHandshakeTimeouts() {
            return s().handshakeTimeouts();
        }

        @Override
        public long getOversizedFrames() {
            return s().oversizedFrames();
        }

        @Override
        public long getBadFrames() {
            return s().badFrames();
        }

        @Override
        public long getPeerClosed() {
            return s().peerClosed();
        }

        @Override
        public long getClosed() {
            return s().closed();
        }

        @Override
        public long getFramesIn() {
            return s().framesIn();
        }

        @Override
        public long getBytesIn() {
            return s().bytesIn();
        }

        @Override
        public long getFramesOut() {
            return s().framesOut();
        }

        @Override
        public long getBytesOut() {
            return s().bytesOut();
        }

        @Override
        public long getStagedFrames() {
            return s().stagedFrames();
        }

        @Override
        public long getBackpressureStalls() {
            return s().backpressureStalls();
        }

        @Override
        public long getControlRetries() {
            return s().controlRetries();
        }

        @Override
        public long getRefusedByEngine() {
            return s().refusedByEngine();
        }

        @Override
        public long getIoFaults() {
            return s().ioFaults();
        }

        @Override
        public long getConnectionsFailed() {
            return s().connectionsFailed();
        }

        @Override
        public long getAcceptFailures() {
            return s().acceptFailures();
        }

        @Override
        public long getFrameTimeouts() {
            return s().frameTimeouts();
        }

        @Override
        public long getOverLimit() {
            return s().overLimit();
        }

        @Override
        public long getUnsubscribed() {
            return s().unsubscribed();
        }

        @Override
        public long getTtlDrops() {
            return s().ttlDrops();
        }

        @Override
        public long getDiscardedIn() {
            return s().discardedIn();
        }

        @Override
        public long getProtocolViolations() {
            return s().protocolViolations();
        }

        @Override
        public long getPairRefused() {
            return s().pairRefused();
        }

        @Override
        public long getFanOutDrops() {
            return s().fanOutDrops();
        }

        @Override
        public long getStaleReplies() {
            return s().staleReplies();
        }

        @Override
        public long getRequestsResent() {
            return s().requestsResent();
        }

        @Override
        public long getSurveysExpired() {
            return s().surveysExpired();
        }

        @Override
        public long getSendRejected() {
            return s().sendRejected();
        }

        @Override
        public long getConnections() {
            return s().connections();
        }
    }
}
