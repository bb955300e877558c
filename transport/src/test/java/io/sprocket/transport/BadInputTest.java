package io.sprocket.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sprocket.message.Addr;
import io.sprocket.message.Message;
import io.sprocket.registry.SpSocket;
import io.sprocket.engine.Engine;

class BadInputTest {
    @TempDir
    Path dir;

    @Test
    void shouldRejectEachBadBuilderValueNamingTheBound() {
        try (Node n = new Node("builder")) {
            final TransportBuilder b = Transport.builder(n.engine);
            assertThatThrownBy(() -> Transport.builder(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("engine");
            assertThatThrownBy(() -> b.ioThreads(0)).hasMessageContaining("ioThreads must be from 1 to 16");
            assertThatThrownBy(() -> b.ioThreads(17)).hasMessageContaining("ioThreads must be from 1 to 16");
            assertThatThrownBy(() -> b.recvMaxSizeBytes(-1)).hasMessageContaining("recvMaxSizeBytes must be from 0");
            assertThatThrownBy(() -> b.recvMaxSizeBytes((4 << 20) + 1)).hasMessageContaining("maxMessageSizeBytes 4194304");
            assertThatThrownBy(() -> b.handshakeTimeoutNs(0)).hasMessageContaining("handshakeTimeoutNs must be from 1000000");
            assertThatThrownBy(() -> b.handshakeTimeoutNs(TimeUnit.HOURS.toNanos(2))).hasMessageContaining("3600000000000");
            assertThatThrownBy(() -> b.reconnectMinNs(-1)).hasMessageContaining("reconnectMinNs");
            assertThatThrownBy(() -> b.reconnectMaxNs(5)).hasMessageContaining("reconnectMaxNs");
            assertThatThrownBy(() -> b.outboundCapacity(3)).hasMessageContaining("power of two");
            assertThatThrownBy(() -> b.outboundCapacity(0)).hasMessageContaining("power of two");
            assertThatThrownBy(() -> b.reconnectMinNs(TimeUnit.SECONDS.toNanos(2)).reconnectMaxNs(TimeUnit.SECONDS.toNanos(1))
                .build()).hasMessageContaining("at least reconnectMinNs");
            assertThat(Transport.builder(n.engine).build().settings().recvMaxSizeBytes()).isEqualTo(TransportSettings.DEFAULT_RECV_MAX_SIZE_BYTES);
        }
        final Engine single = Engine.builder().name("single-for-transport")
            .ring(io.sprocket.ring.MessageRing.builder().singleProducer(true)).jmx(false).handler((m, s, e) -> { }).build();
        try {
            assertThatThrownBy(() -> Transport.builder(single)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is single-producer");
        } finally {
            single.close(0);
        }
    }

    @Test
    void shouldRejectBadEndpointsAndMessages() throws Exception {
        try (Node n = new Node("api")) {
            final SpSocket pull = n.socket(SpProtocol.PULL);
            final Transport t = n.transport;
            assertThatThrownBy(() -> t.openSocket("x", 0x99)).hasMessageContaining("not an SP protocol id");
            final SpSocket odd = n.engine.control().newSocket("odd", 0x99);
            assertThatThrownBy(() -> t.listen(odd, Addr.parse("tcp://127.0.0.1:0"))).hasMessageContaining("0x99");
            assertThatThrownBy(() -> t.listen(null, Addr.parse("tcp://127.0.0.1:0"))).hasMessageContaining("socket");
            assertThatThrownBy(() -> t.listen(pull, null)).hasMessageContaining("address");
            assertThatThrownBy(() -> t.listen(pull, Addr.parse("inproc://x"))).hasMessageContaining("tcp:// and ipc://");
            assertThatThrownBy(() -> t.dial(pull, Addr.parse("tcp://127.0.0.1:0"))).hasMessageContaining("port 0");
            assertThatThrownBy(() -> t.dial(pull, Addr.parse("tcp://no-such-host.invalid:5"))).hasMessageContaining("unknown host");
            final Listener l = t.listen(pull, Addr.parse("tcp://127.0.0.1:0"));
            assertThatThrownBy(() -> t.listen(pull, l.boundAddr())).isInstanceOf(IOException.class)
                .hasMessageContaining(l.boundAddr().toString());
            final Addr ipc = Addr.ipc(dir.resolve("busy.sock").toString());
            t.listen(pull, ipc);
            assertThatThrownBy(() -> t.listen(pull, ipc)).isInstanceOf(IOException.class)
                .hasMessageContaining("another process listens");
            t.dial(pull, Addr.parse("tcp://127.0.0.1:9"));
            assertThatThrownBy(() -> t.dial(pull, Addr.parse("tcp://127.0.0.1:9"))).hasMessageContaining("already");

            assertThatThrownBy(() -> t.send(pull, null)).hasMessageContaining("message");
            final Message pooled = n.ring.clonePool().acquire(1);
            assertThatThrownBy(() -> t.send(null, pooled)).hasMessageContaining("socket");
            final long seq = n.ring.tryClaim(1);
            final Message slot = n.ring.message(seq);
            assertThatThrownBy(() -> t.send(pull, slot)).hasMessageContaining("BufferPool");
            n.ring.cancel(seq);
            assertThatThrownBy(() -> t.send(pull, pooled)).hasMessageContaining("pull0, which only receives");
            final SpSocket push = n.socket(SpProtocol.PUSH);
            assertThat(t.send(push, pooled)).as("no ready connection").isFalse();
            assertThat(t.sendToPeer(12345, pooled)).isFalse();
            assertThat(t.sendToConnection(12345, pooled)).isFalse();
            assertThat(t.stats(new TransportStats()).sendRejected()).isEqualTo(3);
            pooled.release();
            assertThatThrownBy(() -> t.stats(null)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> t.close(-1)).hasMessageContaining("timeoutNs");

            t.close();
            assertThatThrownBy(() -> t.listen(pull, Addr.parse("tcp://127.0.0.1:0"))).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> t.dial(pull, Addr.parse("tcp://127.0.0.1:5"))).isInstanceOf(IllegalStateException.class);
            final Message late = n.ring.clonePool().acquire(1);
            assertThat(t.send(push, late)).isFalse();
            late.release();
        }
    }
}
