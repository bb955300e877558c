package io.sprocket.transport;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.sprocket.counters.CountersFile;
import io.sprocket.message.InfraConfig;
import io.sprocket.message.Message;
import io.sprocket.message.Waits;
import io.sprocket.registry.SpSocket;
import io.sprocket.ring.HandlerErrorListener;
import io.sprocket.ring.MessageRing;
import io.sprocket.ring.MessageRingBuilder;
import io.sprocket.engine.Engine;

/** An engine and its ring, a collecting handler and a transport: one Sprocket process in a test. */
final class Node implements AutoCloseable {
    /**
     * The safety bound of every wait in the transport's tests, in ms: fail if what should happen has not
     * happened by then. Loopback work takes milliseconds; 30 s leaves room for any load on the machine.
     */
    static final long WAIT_MS = 30_000;
    /** {@link #WAIT_MS} in nanoseconds. */
    static final long WAIT_NS = TimeUnit.MILLISECONDS.toNanos(WAIT_MS);
    /** Slots in a node's ring. */
    static final int RING_SIZE = 256;
    private static final AtomicInteger SERIAL = new AtomicInteger();

    final Collector collector = new Collector();
    final Engine engine;
    final MessageRing ring;
    final Transport transport;

    Node(final String name, final InfraConfig config, final java.util.function.UnaryOperator<TransportBuilder> tune) {
        this(name, config, RING_SIZE, tune, null);
    }

    Node(final String name, final InfraConfig config, final int ringSize,
        final java.util.function.UnaryOperator<TransportBuilder> tune) {
        this(name, config, ringSize, tune, null);
    }

    /** A node whose ring reports handler failures to {@code errors} instead of logging them. */
    Node(final String name, final HandlerErrorListener errors) {
        this(name, config(), RING_SIZE, b -> b, errors);
    }

    /** A node whose engine and transport count in {@code counters} instead of the process's shared file. */
    Node(final String name, final CountersFile counters) {
        this(name, config(), RING_SIZE, b -> b.counters(counters), null, counters);
    }

    private Node(final String name, final InfraConfig config, final int ringSize,
        final java.util.function.UnaryOperator<TransportBuilder> tune, final HandlerErrorListener errors) {
        this(name, config, ringSize, tune, errors, null);
    }

    private Node(final String name, final InfraConfig config, final int ringSize,
        final java.util.function.UnaryOperator<TransportBuilder> tune, final HandlerErrorListener errors,
        final CountersFile counters) {
        final MessageRingBuilder rb = MessageRing.builder().ringSize(ringSize);
        final Engine.Builder eb = Engine.builder().name(name + "-" + SERIAL.incrementAndGet()).config(config).jmx(false)
            .ring(errors == null ? rb : rb.errorListener(errors)).handler(collector);
        engine = (counters != null ? eb.counters(counters) : eb).build().start();
        ring = engine.ring();
        transport = tune.apply(Transport.builder(engine)).build();
    }

    Node(final String name) {
        this(name, config(), b -> b);
    }

    /** A ring builder of {@link #RING_SIZE} slots, for engines built beside nodes. */
    static MessageRingBuilder ring() {
        return MessageRing.builder().ringSize(RING_SIZE);
    }

    static InfraConfig config() {
        return InfraConfig.builder().bufferSizeBytes(64 * 1024).maxPooledSizeBytes(64 * 1024)
            .maxRetained(64).maxMessageSizeBytes(4 << 20).build();
    }

    SpSocket socket(final int protocol) {
        return transport.openSocket("s" + protocol, protocol);
    }

    /** Sends a copy of {@code bytes} on the socket, waiting (bounded) while no connection has room. */
    void send(final SpSocket socket, final byte[] bytes) {
        final Message m = ring.clonePool().acquire(bytes.length).putPayload(bytes, 0, bytes.length);
        Waits.await("room to send " + bytes.length + " bytes", WAIT_MS, () -> transport.send(socket, m));
    }

    /**
     * Sends a request (REQ) or survey (SURVEYOR) of {@code text}, retrying (bounded) while no connection is
     * ready; returns its id.
     */
    long request(final SpSocket socket, final String text) {
        final byte[] b = text.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        final Message m = ring.clonePool().acquire(b.length).putPayload(b, 0, b.length);
        final long[] id = new long[1];
        Waits.await("a connection for the request", WAIT_MS, () -> (id[0] = transport.request(socket, m)) >= 0);
        return id[0];
    }

    /**
     * Answers every message the handler gets on {@code socket} with {@code reply} (engine thread):
     * routed back with {@link Transport#reply} for REP and RESPONDENT, sent for the others.
     */
    void answer(final SpSocket socket, final String reply) {
        final byte[] bytes = reply.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        final boolean routed = socket.protocolId() == SpProtocol.REP || socket.protocolId() == SpProtocol.RESPONDENT;
        collector.also = (m, seq, end) -> {
            final Message r = ring.clonePool().acquire(bytes.length).putPayload(bytes, 0, bytes.length);
            if (!(routed ? transport.reply(m, r) : transport.send(socket, r))) {
                r.release();
            }
        };
    }

    /** Makes the engine send a copy of each message it receives on {@code socket} (a BUS hub): given back if refused. */
    void passOn(final SpSocket socket) {
        collector.also = (m, seq, end) -> {
            final Message copy = m.clone();
            if (!transport.send(socket, copy)) {
                copy.release();
            }
        };
    }

    @Override
    public void close() {
        transport.close();
        engine.close(TimeUnit.SECONDS.toNanos(5));
    }
}
