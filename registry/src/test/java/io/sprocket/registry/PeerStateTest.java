package io.sprocket.registry;

import static io.sprocket.registry.PeerState.CONNECTED;
import static io.sprocket.registry.PeerState.CONNECTING;
import static io.sprocket.registry.PeerState.DISCONNECTED;
import static io.sprocket.registry.PeerState.DISCONNECTING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

class PeerStateTest {
    /** The specification: every legal move. Everything else (10 of the 16 pairs) is illegal. */
    static final Map<PeerState, Set<PeerState>> LEGAL = Map.of(
        CONNECTING, EnumSet.of(CONNECTED, DISCONNECTING, DISCONNECTED),
        CONNECTED, EnumSet.of(DISCONNECTING, DISCONNECTED),
        DISCONNECTING, EnumSet.of(DISCONNECTED),
        DISCONNECTED, EnumSet.noneOf(PeerState.class));

    @Test
    void shouldAllowExactlyTheSixLegalTransitions() {
        int legal = 0;
        int pairs = 0;
        for (final PeerState from : PeerState.values()) {
            for (final PeerState to : PeerState.values()) {
                pairs++;
                final boolean expected = LEGAL.get(from).contains(to);
                assertThat(from.canMoveTo(to)).as("%s -> %s", from, to).isEqualTo(expected);
                legal += expected ? 1 : 0;
            }
        }
        assertThat(pairs).isEqualTo(16);
        assertThat(legal).isEqualTo(6);
    }

    @Test
    void shouldRefuseNull() {
        for (final PeerState from : PeerState.values()) {
            assertThat(from.canMoveTo(null)).isFalse();
        }
    }

    @Test
    void shouldMoveAPeerThroughEveryPairAndThrowOnEachIllegalOne() {
        final PeerRegistry registry = new PeerRegistry("states", 4);
        int illegal = 0;
        for (final PeerState from : PeerState.values()) {
            for (final PeerState to : PeerState.values()) {
                final Peer peer = registry.add(1, null, 0);
                driveTo(peer, from);
                assertThat(peer.state()).isEqualTo(from);
                if (LEGAL.get(from).contains(to)) {
                    peer.moveTo(to);
                    assertThat(peer.state()).as("%s -> %s", from, to).isEqualTo(to);
                } else {
                    illegal++;
                    assertThatThrownBy(() -> peer.moveTo(to)).as("%s -> %s", from, to)
                        .isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("peer 1 ")
                        .hasMessageContaining("cannot move from " + from + " to " + to);
                    assertThat(peer.state()).isEqualTo(from);
                }
                assertThat(registry.remove(1)).isTrue();
            }
        }
        assertThat(illegal).isEqualTo(10);
    }

    @Test
    void shouldRejectANullTargetState() {
        final Peer peer = new PeerRegistry("null", 1).add(3, null, 0);
        assertThatThrownBy(() -> peer.moveTo(null)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("peer 3").hasMessageContaining("null");
    }

    private static void driveTo(final Peer peer, final PeerState target) {
        switch (target) {
            case CONNECTING:
                break;
            case CONNECTED:
                peer.moveTo(CONNECTED);
                break;
            case DISCONNECTING:
                peer.moveTo(CONNECTED);
                peer.moveTo(DISCONNECTING);
                break;
            default:
                peer.moveTo(DISCONNECTED);
                break;
        }
    }
}
