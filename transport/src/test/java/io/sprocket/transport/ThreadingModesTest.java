package io.sprocket.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.sprocket.engine.Engine;
import io.sprocket.message.Addr;
import io.sprocket.message.InfraConfig;
import io.sprocket.message.Message;
import io.sprocket.message.Waits;
import io.sprocket.registry.SpSocket;
import io.sprocket.ring.EngineWait;
import io.sprocket.ring.MessageRing;
import io.sprocket.ring.ThreadingMode;

/**
 * The transport in each threading mode: its I/O worker on a thread of its own ({@code DEDICATED},
 * blocking in its selector or polling it), in the engine's duty cycle ({@code SHARED}), or driven by
 * the application's invoker ({@code INVOKER}); every combination carries messages both ways, in
 * order and byte-exact, and closes cleanly.
 */
class ThreadingModesTest {
    private static final int WINDOW = 100;
    private static final int WINDOWS = 20;

    /** Slots in each engine's ring. */
    static final int RING_SIZE = 256;

    static InfraConfig config() {
        return InfraConfig.builder().bufferSizeBytes(1024).maxPooledSizeBytes(4096).maxRetained(64)
            .maxMessageSizeBytes(1 << 20).build();
    }

    @ParameterizedTest(name = "server {0}/{1}, client {2}/{3}")
    @CsvSource({
        "DEDICATED, BLOCKING, DEDICATED, SLEEPING",
        "SHARED, BLOCKING, SHARED, BLOCKING",
        "SHARED, SLEEPING, DEDICATED, BLOCKING",
        "INVOKER, SLEEPING, SHARED, BLOCKING",
        "DEDICATED, BLOCKING, INVOKER, SLEEPING"})
    void shouldEchoEveryMessageInOrderAndCloseCleanly(final ThreadingMode serverMode, final EngineWait serverWait,
        final ThreadingMode clientMode, final EngineWait clientWait) throws Exception {
        final Transport[] serverRef = new Transport[1];
        final AtomicLong refused = new AtomicLong();
        final Collector echoes = new Collector();
        try (ModeNode server = new ModeNode("echo", serverMode, serverWait, config(), RING_SIZE, (m, s, e) -> {
                final Message copy = m.clone();
                if (!serverRef[0].sendToPeer(copy.peerId(), copy)) {
                    copy.release();
                    refused.incrementAndGet();
                }
            });
            ModeNode client = new ModeNode("ping", clientMode, clientWait, config(), RING_SIZE, echoes)) {
            serverRef[0] = server.transport;
            final SpSocket serverSocket = server.transport.openSocket("echo", SpProtocol.PAIR0);
            final SpSocket clientSocket = client.transport.openSocket("ping", SpProtocol.PAIR0);
            final Listener l = server.transport.listen(serverSocket, Addr.parse("tcp://127.0.0.1:0"));
            client.transport.dial(clientSocket, l.boundAddr());
            assertThat(client.transport.awaitReady(clientSocket, 1, Node.WAIT_NS)).isTrue();

            final List<byte[]> sent = new ArrayList<>();
            for (int w = 0; w < WINDOWS; w++) {
                for (int i = 0; i < WINDOW; i++) {
                    final int n = w * WINDOW + i;
                    final byte[] p = Payloads.random(1 + n * 37 % 3000, n);
                    sent.add(p);
                    final Message m = client.ring.clonePool().acquire(p.length).putPayload(p, 0, p.length);
                    Waits.await("room to send message " + n, Node.WAIT_MS, () -> client.transport.send(clientSocket, m));
                }
                echoes.await(sent.size(), Node.WAIT_MS);
            }
            final List<Collector.Received> got = echoes.all();
            assertThat(got).hasSize(sent.size());
            for (int i = 0; i < sent.size(); i++) {
                assertThat(got.get(i).bytes).as("echo %d", i).isEqualTo(sent.get(i));
            }
            assertThat(refused.get()).as("echoes refused by the server's transport").isZero();
            Waits.await("every frame counted in", Node.WAIT_MS,
                () -> server.transport.stats(new TransportStats()).framesIn() >= sent.size());
            assertThat(server.transport.stats(new TransportStats()).framesIn()).isEqualTo(sent.size());
            checkThreads(server, serverMode);
            checkThreads(client, clientMode);
            assertThat(client.closeBoth()).as("client closed cleanly").isTrue();
            assertThat(server.closeBoth()).as("server closed cleanly").isTrue();
        }
    }

    private static void checkThreads(final ModeNode node, final ThreadingMode mode) {
        final Thread io = node.transport.ioThreads()[0];
        if (mode == ThreadingMode.DEDICATED) {
            assertThat(io).as("a DEDICATED I/O thread of its own").isNotSameAs(node.engineThread());
            assertThat(io.getName()).endsWith("-io-0");
        } else {
            assertThat(io).as(mode + ": the I/O runs on the engine's thread").isSameAs(node.engineThread());
        }
    }

    @Test
    void shouldRefuseASharedTransportOnARingThatCannotTakeIt() {
        final Engine dedicated = Engine.builder().name("modes-dedicated").config(config())
            .ring(MessageRing.builder().ringSize(RING_SIZE))
            .jmx(false)
            .handler((m, s, e) -> { }).build();
        try {
            assertThatThrownBy(() -> Transport.builder(dedicated).threading(ThreadingMode.SHARED).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("threading(ThreadingMode.SHARED)");
        } finally {
            dedicated.close(TimeUnit.SECONDS.toNanos(5));
        }
        final Engine started = Engine.builder().name("modes-started").config(config()).jmx(false)
            .ring(MessageRing.builder().ringSize(RING_SIZE).threading(ThreadingMode.SHARED))
            .handler((m, s, e) -> { }).build().start();
        try {
            assertThatThrownBy(() -> Transport.builder(started).threading(ThreadingMode.SHARED).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("before Engine.start()");
            assertThatThrownBy(() -> Transport.builder(started).threading(ThreadingMode.SHARED).ioThreads(2).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ioThreads must be 1");
            assertThatThrownBy(() -> Transport.builder(started).threading(null))
                .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> Transport.builder(started).ioWait(null))
                .isInstanceOf(IllegalArgumentException.class);
        } finally {
            started.close(TimeUnit.SECONDS.toNanos(5));
        }
        final Engine invoker = Engine.builder().name("modes-invoker").config(config()).jmx(false)
            .ring(MessageRing.builder().ringSize(RING_SIZE).threading(ThreadingMode.INVOKER))
            .handler((m, s, e) -> { }).build();
        try {
            assertThatThrownBy(() -> Transport.builder(invoker).threading(ThreadingMode.SHARED).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("threading INVOKER");
            invoker.ring().invoker();
            assertThatThrownBy(() -> Transport.builder(invoker).threading(ThreadingMode.INVOKER).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("before calling invoker()");
        } finally {
            invoker.close(TimeUnit.SECONDS.toNanos(5));
        }
    }

    @Test
    void shouldCloseASharedTransportWhoseEngineClosesFirst() throws Exception {
        final ModeNode node = new ModeNode("engine-first", ThreadingMode.SHARED, EngineWait.BLOCKING, config(),
            RING_SIZE, (m, s, e) -> { });
        final SpSocket pull = node.transport.openSocket("pull", SpProtocol.PULL);
        final Listener l = node.transport.listen(pull, Addr.parse("tcp://127.0.0.1:0"));
        try (RawPeer peer = new RawPeer(l.boundAddr())) {
            peer.write(RawPeer.header(SpProtocol.PUSH));
            assertThat(node.transport.awaitReady(pull, 1, Node.WAIT_NS)).isTrue();
            assertThat(node.engine.close(TimeUnit.SECONDS.toNanos(5))).as("unhandled").isZero();
            // The engine's thread closed the worker as it stopped: nothing is left open and the close answers at once.
            assertThat(node.transport.close(TimeUnit.SECONDS.toNanos(5))).isTrue();
        }
    }
}
