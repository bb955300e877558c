package io.sprocket.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.sprocket.message.Addr;
import io.sprocket.message.Waits;
import io.sprocket.registry.SpSocket;
import io.sprocket.ring.MessageRing;
import io.sprocket.engine.Engine;

/**
 * What a connected peer may hold: a frame left unfinished is timed out (and its staging memory
 * freed), a listener keeps at most its maximum of connections, and an IPC socket file gets the mode
 * asked for. Each refusal is counted.
 */
@Timeout(60)
class LimitsTest {

    @TempDir
    Path dir;

    private static TransportStats stats(final Node n) {
        return n.transport.stats(new TransportStats());
    }

    @Test
    void shouldCloseAPeerStalledInsideAFrameAndKeepOneIdleBetweenFrames() throws Exception {
        final long timeout = TimeUnit.MILLISECONDS.toNanos(200);
        try (Node n = new Node("frame-timeout", Node.config(), b -> b.frameTimeoutNs(timeout))) {
            final SpSocket pull = n.socket(SpProtocol.PULL);
            final Listener l = n.transport.listen(pull, Addr.parse("tcp://127.0.0.1:0"));
            try (RawPeer idle = new RawPeer(l.boundAddr()); RawPeer stalled = new RawPeer(l.boundAddr())) {
                idle.write(RawPeer.header(SpProtocol.PUSH)).frame(new byte[] {1});
                assertThat(n.collector.await(1, Node.WAIT_MS).get(0).bytes).containsExactly(1);
                final byte[] big = Payloads.random(200_000, 7);
                stalled.write(RawPeer.header(SpProtocol.PUSH)).writePrefix(big.length)
                    .write(Arrays.copyOfRange(big, 0, 50_000));
                assertThat(stalled.awaitClosedByPeer(Node.WAIT_MS)).as("the peer stalled inside a frame is closed").isTrue();
                assertThat(stats(n).frameTimeouts()).isEqualTo(1);
                // The idle peer (between frames) outlived that timeout many times over: still served.
                idle.frame(new byte[] {2});
                assertThat(n.collector.await(2, Node.WAIT_MS).get(1).bytes).containsExactly(2);
            }
            assertThat(n.collector.count()).as("nothing of the unfinished frame").isEqualTo(2);
            assertThat(stats(n).frameTimeouts()).isEqualTo(1);
            assertThat(n.transport.close(Node.WAIT_NS)).isTrue();
        }
    }

    @Test
    void shouldAcceptAndCloseConnectionsBeyondTheListenersMaximum() throws Exception {
        try (Node n = new Node("max-conns", Node.config(), b -> b.maxConnectionsPerListener(3))) {
            final SpSocket pull = n.socket(SpProtocol.PULL);
            final Listener l = n.transport.listen(pull, Addr.parse("tcp://127.0.0.1:0"));
            final List<RawPeer> peers = new ArrayList<>();
            try {
                for (int i = 0; i < 5; i++) {
                    peers.add(new RawPeer(l.boundAddr()).write(RawPeer.header(SpProtocol.PUSH)));
                }
                Waits.await("three connections and two refused", Node.WAIT_MS,
                    () -> stats(n).accepted() == 5 && stats(n).overLimit() == 2);
                assertThat(n.transport.awaitReady(pull, 3, Node.WAIT_NS)).isTrue();
                int closed = 0;
                for (final RawPeer p : peers) {
                    p.channel.configureBlocking(false);
                }
                for (final RawPeer p : peers.subList(3, 5)) {
                    closed += p.awaitClosedByPeer(Node.WAIT_MS) ? 1 : 0;
                }
                assertThat(closed).as("connections over the maximum closed").isEqualTo(2);
                assertThat(n.transport.readyConnections(pull)).isEqualTo(3);
                // The engine tells a connection it is registered while applying the event, and republishes
                // its snapshot at the end of that batch: readiness can come first.
                Waits.await("three connections in the registry snapshot", Node.WAIT_MS,
                    () -> n.engine.registries().snapshot().connectionCount() == 3);

                // One leaves: there is room for one more.
                peers.get(0).close();
                Waits.await("the first connection gone", Node.WAIT_MS, () -> stats(n).connections() == 2);
                try (RawPeer again = new RawPeer(l.boundAddr())) {
                    again.write(RawPeer.header(SpProtocol.PUSH)).frame(new byte[] {9});
                    assertThat(n.collector.await(1, Node.WAIT_MS).get(0).bytes).containsExactly(9);
                }
                assertThat(stats(n).overLimit()).isEqualTo(2);
            } finally {
                for (final RawPeer p : peers) {
                    p.close();
                }
            }
            assertThat(n.transport.close(Node.WAIT_NS)).isTrue();
        }
    }

    @Test
    void shouldGiveTheIpcSocketFileTheModeAskedFor() throws Exception {
        try (Node owner = new Node("ipc-0600", Node.config(), b -> b.ipcPermissions(0600));
            Node group = new Node("ipc-0660", Node.config(), b -> b.ipcPermissions(0660))) {
            final Path a = dir.resolve("a.sock");
            final Path b = dir.resolve("b.sock");
            final Listener la = owner.transport.listen(owner.socket(SpProtocol.PULL), Addr.ipc(a.toString()));
            final Listener lb = group.transport.listen(group.socket(SpProtocol.PULL), Addr.ipc(b.toString()));
            assertThat(Files.getPosixFilePermissions(a))
                .isEqualTo(EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
            assertThat(Files.getPosixFilePermissions(b)).isEqualTo(EnumSet.of(PosixFilePermission.OWNER_READ,
                PosixFilePermission.OWNER_WRITE, PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE));
            try (RawPeer p = new RawPeer(la.boundAddr())) {
                p.write(RawPeer.header(SpProtocol.PUSH)).frame(new byte[] {3});
                assertThat(owner.collector.await(1, Node.WAIT_MS).get(0).bytes).containsExactly(3);
            }
            assertThat(lb.isClosed()).isFalse();
            assertThat(owner.transport.settings().ipcPermissions()).isEqualTo(0600);
        }
    }

    @Test
    void shouldRefuseLimitsOutOfRangeNamingTheBound() {
        final Engine ring = Engine.builder().name("limits-bad").config(Node.config()).ring(Node.ring()).jmx(false)
            .handler((m, s, e) -> { }).build();
        try {
            final TransportBuilder b = Transport.builder(ring);
            assertThatThrownBy(() -> b.frameTimeoutNs(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("frameTimeoutNs");
            assertThatThrownBy(() -> b.maxConnectionsPerListener(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxConnectionsPerListener");
            assertThatThrownBy(() -> b.ipcPermissions(01000)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0777");
            assertThatThrownBy(() -> b.ipcPermissions(-2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ipcPermissions");
            final Transport t = b.build();
            assertThat(t.settings().frameTimeoutNs()).isEqualTo(TransportSettings.DEFAULT_FRAME_TIMEOUT_NS);
            assertThat(t.settings().maxConnectionsPerListener()).isEqualTo(TransportSettings.DEFAULT_MAX_CONNECTIONS_PER_LISTENER);
            assertThat(t.settings().ipcPermissions()).isEqualTo(TransportSettings.IPC_PERMISSIONS_FROM_UMASK);
            assertThat(t.close(Node.WAIT_NS)).isTrue();
        } finally {
            ring.close(Node.WAIT_NS);
        }
    }
}
