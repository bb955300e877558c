package io.sprocket.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.sprocket.message.BufferPool;
import io.sprocket.message.InfraConfig;
import io.sprocket.message.Message;
import io.sprocket.message.PoolStats;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ConnEntryTest {
    private static final Connection NO_OP = TestConnections.noOp();

    private final BufferPool pool = new BufferPool("outbound",
        InfraConfig.builder().maxPooledSizeBytes(64).maxRetained(16).headerCapacityBytes(8).build());

    @Test
    void shouldRefuseOffersWhenFullAndPollInFifoOrder() {
        final ConnRegistry conns = new ConnRegistry("queue", 4);
        final SpSocket socket = new SpSocket(1, "push", 0x50, 4);
        final ConnEntry entry = conns.register(1, socket, 0, NO_OP, 4, 10);
        assertThat(entry.outboundCapacity()).isEqualTo(4);

        final Message[] sent = new Message[4];
        for (int i = 0; i < 4; i++) {
            sent[i] = pool.acquire(8);
            sent[i].peerId(i + 1);
            assertThat(entry.offerOutbound(sent[i])).isTrue();
        }
        final Message extra = pool.acquire(8);
        assertThat(entry.offerOutbound(extra)).as("full").isFalse();
        assertThat(entry.outboundSize()).isEqualTo(4);

        for (int i = 0; i < 4; i++) {
            final Message m = entry.pollOutbound();
            assertThat(m).isSameAs(sent[i]);
            assertThat(m.peerId()).isEqualTo(i + 1);
            m.release();
        }
        assertThat(entry.pollOutbound()).isNull();
        assertThat(entry.offerOutbound(extra)).as("room again").isTrue();
        assertThat(entry.drainOutbound()).isEqualTo(1);
        assertThat(pool.stats(new PoolStats()).releases()).isEqualTo(5);
        assertThatThrownBy(() -> entry.offerOutbound(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldRefuseOffersOnceClosedAndLetTheConsumerReleaseWhatIsLeft() {
        final ConnRegistry conns = new ConnRegistry("closing", 4);
        final SpSocket socket = new SpSocket(1, "push", 0x50, 4);
        final ConnEntry entry = conns.register(7, socket, 3, NO_OP, 8, 10);
        assertThat(entry.offerOutbound(pool.acquire(1))).isTrue();
        assertThat(entry.offerOutbound(pool.acquire(2))).isTrue();
        assertThat(entry.isClosed()).isFalse();

        assertThat(conns.close(7)).isTrue();
        assertThat(entry.isClosed()).isTrue();
        final Message late = pool.acquire(3);
        assertThat(entry.offerOutbound(late)).isFalse();
        late.release();
        assertThat(entry.drainOutbound()).isEqualTo(2);
        final PoolStats s = pool.stats(new PoolStats());
        assertThat(s.acquires()).isEqualTo(s.releases()).isEqualTo(3);
    }

    @Test
    void shouldAcceptAOneSlotQueueAndRejectCapacitiesThatAreNotPowersOfTwo() {
        final ConnRegistry conns = new ConnRegistry("caps", 4);
        final SpSocket socket = new SpSocket(1, "pair", 0x10, 4);
        final ConnEntry one = conns.register(1, socket, 0, NO_OP, 1, 0);
        final Message m = pool.acquire(1);
        assertThat(one.offerOutbound(m)).isTrue();
        final Message n = pool.acquire(1);
        assertThat(one.offerOutbound(n)).isFalse();
        assertThat(one.pollOutbound()).isSameAs(m);
        assertThat(one.offerOutbound(n)).isTrue();
        assertThat(one.drainOutbound()).isEqualTo(1);
        m.release();

        for (final int bad : new int[] {0, -1, 3, 6, ConnEntry.MAX_OUTBOUND_CAPACITY * 2}) {
            assertThatThrownBy(() -> conns.register(2, socket, 0, NO_OP, bad, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("outboundCapacity must be a power of two from 1 to "
                    + ConnEntry.MAX_OUTBOUND_CAPACITY + ", got " + bad);
        }
        assertThat(conns.count()).isEqualTo(1);
    }

    @Test
    void shouldKeepTheRegistrationFacts() {
        final ConnRegistry conns = new ConnRegistry("facts", 4);
        final SpSocket socket = new SpSocket(9, "pull", 0x51, 4);
        final ConnEntry e = conns.register(5, socket, 12, NO_OP, 2, 1234);
        assertThat(e.id()).isEqualTo(5);
        assertThat(e.socket()).isSameAs(socket);
        assertThat(e.peerId()).isEqualTo(12);
        assertThat(e.connection()).isSameAs(NO_OP);
        assertThat(e.createdNanos()).isEqualTo(1234);
        assertThat(e.toString()).contains("id=5").contains("'pull'").contains("closed=false");
        assertThat(socket.protocolId()).isEqualTo(0x51);
        assertThat(socket.toString()).contains("0x51");
    }
}
