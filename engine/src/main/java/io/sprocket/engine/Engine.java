package io.sprocket.engine;

import java.util.concurrent.atomic.AtomicInteger;

import io.sprocket.counters.CountersFile;
import io.sprocket.message.InfraConfig;
import io.sprocket.registry.ConnRegistry;
import io.sprocket.registry.PeerRegistry;
import io.sprocket.ring.MessageHandler;
import io.sprocket.ring.MessageRing;
import io.sprocket.ring.MessageRingBuilder;

/**
 * The engine: the single writer of a ring's registries of sockets, peers and connections. It runs
 * as the ring's engine consumer (its {@link io.sprocket.ring.RingHook}), so it sees every control
 * event in order with the data: a peer's messages are never handled before its connect, and a
 * close drains everything published before it. For each data message it counts the message
 * against its peer, then runs the application's {@link MessageHandler}, which may read the
 * registries (it runs on the engine thread).
 *
 * <pre>{@code
 * Engine engine = Engine.builder().name("orders")
 *     .config(config)
 *     .ring(MessageRing.builder().ringSize(1024))
 *     .handler((message, sequence, endOfBatch) -> { ... })
 *     .build()
 *     .start();
 * long peer = engine.control().newPeerId();          // other threads change the registries
 * engine.control().peerConnecting(socket, peer, addr, timeoutNs);
 * engine.ring().tryClaim(length);                     // and publish data, tagged with the peer id
 * }</pre>
 *
 * <p><b>Note:</b> {@link #ring()}, {@link #control()} and {@link #registries()} may be used from
 * any thread as their own types say; {@link #start} and {@link #close} from any thread (close on a
 * consumer thread starts the close and returns, as the ring's does). Building and starting
 * allocate; the engine's per-message work does not.
 */
public final class Engine implements AutoCloseable {
    private static final AtomicInteger UNNAMED = new AtomicInteger();

    private final String name;
    private final MessageRing ring;
    private final Registries registries;
    private final Control control;
    private final boolean jmx;
    private EngineBeans beans;
    private boolean started;

    private Engine(final Builder b) {
        this.name = b.name != null ? b.name : "engine-" + UNNAMED.incrementAndGet();
        final InfraConfig config = b.config;
        final int ringSize = b.ring.ringSize();
        final ControlSlot[] controls = new ControlSlot[ringSize];
        for (int i = 0; i < ringSize; i++) {
            controls[i] = new ControlSlot();
        }
        final boolean ownsFile = b.countersFile == null;
        this.registries = new Registries(name, b.initialPeerCapacity, b.initialConnCapacity, b.registrySnapshots,
            ownsFile ? CountersFile.processShared() : b.countersFile, ownsFile);
        if (b.countersFile != null) {
            b.ring.counters(b.countersFile);
        }
        try {
            this.ring = b.ring.name(name).config(config).jmx(b.jmx)
                .hook(new RegistriesHook(registries, controls, b.handler)).build();
        } catch (final RuntimeException e) {
            registries.freeCounters();   // a ring refused at build (its region too large, say) leaves no counters behind
            throw e;
        }
        this.control = new Control(ring, config, controls, b.initialPeerCapacity);
        this.jmx = b.jmx;
    }

    /**
     * A builder.
     *
     * @return a new builder.
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts the ring's consumers (the engine among them) and registers the registry MXBean.
     *
     * @return this engine.
     * @throws IllegalStateException    when already started or closed.
     * @throws IllegalArgumentException when another running engine has this name in JMX.
     */
    public synchronized Engine start() {
        ring.start();
        started = true;
        if (jmx) {
            beans = new EngineBeans(name, registries);
        }
        return this;
    }

    /**
     * Closes the ring (see {@link MessageRing#close(long)}): the engine applies every event and
     * handles every message published before the close, then releases every socket, connection and
     * peer on its own thread as it stops.
     *
     * @param timeoutNs how long to wait for the drain, 0 or more.
     * @return as {@link MessageRing#close(long)}: how many published messages were left unhandled,
     *         or {@link MessageRing#CLOSE_STARTED} on a consumer thread.
     * @throws IllegalArgumentException when {@code timeoutNs} is negative.
     */
    public long close(final long timeoutNs) {
        final long result = ring.close(timeoutNs);
        if (result != MessageRing.CLOSE_STARTED) {
            afterClose();
        }
        return result;
    }

    /** Closes with the ring's default timeout; see {@link MessageRing#close()}. */
    @Override
    public void close() {
        ring.close();
        afterClose();
    }

    private synchronized void afterClose() {
        if (beans != null) {
            beans.unregister();
            beans = null;
        }
        if (!started) {
            registries.freeCounters();   // no engine thread ever ran to free them as it stopped
        }
    }

    /**
     * Whether this engine registers its MXBeans (the ring's, the clone pool's and the registry's) when
     * it starts ({@link Builder#jmx}); a transport on it registers its own bean likewise.
     *
     * <p><b>Note:</b> any thread; no allocation.
     *
     * @return true when it registers them.
     */
    public boolean jmx() {
        return jmx;
    }

    /**
     * The engine's name, which is also its ring's.
     *
     * @return the name.
     */
    public String name() {
        return name;
    }

    /**
     * The ring: producers claim and publish data here.
     *
     * @return the ring.
     */
    public MessageRing ring() {
        return ring;
    }

    /**
     * The registries the engine owns: read them from the handler (the engine thread), or through
     * {@link Registries#snapshot()} and {@link Registries#stats} from any thread.
     *
     * @return the registries.
     */
    public Registries registries() {
        return registries;
    }

    /**
     * How other threads change the registries: control events through the ring.
     *
     * @return the control facade.
     */
    public Control control() {
        return control;
    }

    @Override
    public String toString() {
        return "Engine['" + name + "', " + ring + ']';
    }

    /**
     * Collects an engine's configuration; every bad value is an {@link IllegalArgumentException}
     * naming the bound.
     *
     * <p><b>Note:</b> not thread-safe; use one builder on one thread.
     */
    public static final class Builder {
        private String name;
        private MessageRingBuilder ring = MessageRing.builder();
        private InfraConfig config = InfraConfig.defaults();
        private MessageHandler handler;
        private int initialPeerCapacity = PeerRegistry.DEFAULT_INITIAL_CAPACITY;
        private int initialConnCapacity = ConnRegistry.DEFAULT_INITIAL_CAPACITY;
        private boolean registrySnapshots = true;
        private boolean jmx = true;
        private CountersFile countersFile;

        private Builder() {
        }

        /**
         * Names the engine and its ring (threads, JMX, errors). Default: {@code engine-N}.
         *
         * @param engineName 1 to 64 of {@code A-Z a-z 0-9 . _ -}.
         * @return this builder.
         * @throws IllegalArgumentException when the name does not match (checked when the ring is built).
         */
        public Builder name(final String engineName) {
            this.name = engineName;
            return this;
        }

        /**
         * The ring's settings (size, wait strategy, threading, readers, producers...): the engine sets
         * its name, configuration and hook on it when it builds, and sizes its control slots to the
         * ring's {@link MessageRingBuilder#ringSize(int) size}.
         *
         * @param ringBuilder a ring builder without a handler.
         * @return this builder.
         * @throws IllegalArgumentException when null.
         */
        public Builder ring(final MessageRingBuilder ringBuilder) {
            if (ringBuilder == null) {
                throw new IllegalArgumentException("ring builder must not be null");
            }
            this.ring = ringBuilder;
            return this;
        }

        /**
         * Slot size, header room, maximum message size and the clone pool's sizes, set on the ring
         * when the engine builds it (the ring's size is the ring builder's, {@link #ring}).
         *
         * @param infraConfig the configuration; default {@link InfraConfig#defaults()}.
         * @return this builder.
         * @throws IllegalArgumentException when null.
         */
        public Builder config(final InfraConfig infraConfig) {
            if (infraConfig == null) {
                throw new IllegalArgumentException("config must not be null");
            }
            this.config = infraConfig;
            return this;
        }

        /**
         * The presized capacity of each socket's peer registry (made by {@link Control#newSocket}) and
         * of the engine's index of peers and sockets: that many peers fit without a resize.
         *
         * <p><b>Note:</b> builder thread; no allocation.
         *
         * @param entries 1 to {@value PeerRegistry#MAX_INITIAL_CAPACITY}; default
         *                {@value PeerRegistry#DEFAULT_INITIAL_CAPACITY}.
         * @return this builder.
         * @throws IllegalArgumentException when out of range.
         */
        public Builder initialPeerCapacity(final int entries) {
            this.initialPeerCapacity = capacity("initialPeerCapacity", entries, PeerRegistry.MAX_INITIAL_CAPACITY);
            return this;
        }

        /**
         * The presized capacity of the engine's connection registry: that many connections fit
         * without a resize.
         *
         * <p><b>Note:</b> builder thread; no allocation.
         *
         * @param entries 1 to {@value ConnRegistry#MAX_INITIAL_CAPACITY}; default
         *                {@value ConnRegistry#DEFAULT_INITIAL_CAPACITY}.
         * @return this builder.
         * @throws IllegalArgumentException when out of range.
         */
        public Builder initialConnCapacity(final int entries) {
            this.initialConnCapacity = capacity("initialConnCapacity", entries, ConnRegistry.MAX_INITIAL_CAPACITY);
            return this;
        }

        private static int capacity(final String name, final int entries, final int max) {
            if (entries < 1 || entries > max) {
                throw new IllegalArgumentException(name + " must be from 1 to " + max + ", got " + entries);
            }
            return entries;
        }

        /**
         * The application's handler, run on the engine thread for every data message after the
         * engine has counted it against its peer. Required.
         *
         * @param engineHandler the handler.
         * @return this builder.
         * @throws IllegalArgumentException when null.
         */
        public Builder handler(final MessageHandler engineHandler) {
            if (engineHandler == null) {
                throw new IllegalArgumentException("handler must not be null");
            }
            this.handler = engineHandler;
            return this;
        }

        /**
         * Whether the engine republishes a {@link RegistrySnapshot} after each batch that changed
         * membership (the only allocation of registry upkeep). Default true; with false,
         * {@link Registries#snapshot()} stays empty and peer churn allocates nothing.
         *
         * @param publish false to skip snapshots.
         * @return this builder.
         */
        public Builder registrySnapshots(final boolean publish) {
            this.registrySnapshots = publish;
            return this;
        }

        /**
         * Whether {@link Engine#start()} registers the registry MXBean (and the ring its own). Default
         * true.
         *
         * @param register false to skip JMX.
         * @return this builder.
         */
        public Builder jmx(final boolean register) {
            this.jmx = register;
            return this;
        }

        /**
         * The counters file the engine's counters (sockets, peers and connections registered,
         * control events applied and refused...) and its ring's live in, where
         * {@code sprocket-perf stat} reads them from another process. Their records are freed when
         * the engine stops; the file stays the caller's to close.
         *
         * @param file the file; default the process's shared one, {@link CountersFile#processShared()}.
         * @return this builder.
         * @throws IllegalArgumentException when null.
         */
        public Builder counters(final CountersFile file) {
            if (file == null) {
                throw new IllegalArgumentException("counters file must not be null");
            }
            this.countersFile = file;
            return this;
        }

        /**
         * Builds the engine and its ring (which allocates the ring's off-heap region).
         *
         * @return the engine.
         * @throws IllegalArgumentException when no handler was set, or the ring's settings are bad.
         */
        public Engine build() {
            if (handler == null) {
                throw new IllegalArgumentException("an engine needs a handler: call handler(...) before build()");
            }
            return new Engine(this);
        }
    }
}
