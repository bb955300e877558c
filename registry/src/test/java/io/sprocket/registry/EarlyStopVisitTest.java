package io.sprocket.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.sprocket.message.Addr;

/** A visit that stops where the visitor says: forEachWhile on both registries. */
class EarlyStopVisitTest {
    @Test
    void shouldStopAPeerVisitAtThePeerTheConditionRefuses() {
        final PeerRegistry registry = new PeerRegistry("search", 8);
        for (long id = 1; id <= 10; id++) {
            registry.add(id, Addr.parse("tcp://10.0.0.1:" + (1000 + id)), 0);
        }
        final List<Long> seen = new ArrayList<>();
        final int visited = registry.forEachWhile((peer, list) -> {
            list.add(peer.id());
            return peer.id() != 4;
        }, seen);
        assertThat(seen).containsExactly(1L, 2L, 3L, 4L);
        assertThat(visited).isEqualTo(4);
        assertThat(registry.forEachWhile((peer, list) -> true, seen)).as("never refused: all").isEqualTo(10);
        assertThat(registry.forEachWhile((peer, list) -> false, seen)).as("refused at once: the first only").isEqualTo(1);
        assertThat(new PeerRegistry("empty", 4).forEachWhile((peer, list) -> false, seen)).isZero();
        assertThatThrownBy(() -> registry.forEachWhile(null, seen)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> registry.forEachWhile((peer, r) -> {
            r.remove(peer.id());
            return true;
        }, registry)).as("no membership change inside").isInstanceOf(IllegalStateException.class);
        assertThat(registry.count()).isEqualTo(10);
    }

    @Test
    void shouldStopAConnectionVisitAtTheEntryTheConditionRefuses() {
        final ConnRegistry registry = new ConnRegistry("search", 8);
        final SpSocket socket = new SpSocket(1, "s", 0x10, 4);
        for (long id = 1; id <= 6; id++) {
            registry.register(id, socket, 0, TestConnections.noOp(), 4, 0);
        }
        final List<Long> seen = new ArrayList<>();
        final int visited = registry.forEachWhile((entry, list) -> {
            list.add(entry.id());
            return list.size() < 3;
        }, seen);
        assertThat(visited).isEqualTo(3);
        assertThat(seen).hasSize(3).doesNotHaveDuplicates();
        assertThat(registry.forEachWhile((entry, list) -> true, seen)).isEqualTo(6);
        assertThatThrownBy(() -> registry.forEachWhile(null, seen)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> registry.forEachWhile((entry, r) -> r.close(entry.id()), registry))
            .as("no close inside").isInstanceOf(IllegalStateException.class);
        assertThat(registry.count()).isEqualTo(6);
    }
}
