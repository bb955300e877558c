package io.sprocket.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/**
 * Every public entry point of the message module against bad input: each answer is a clear
 * exception or result, and the state is intact afterwards. The rows of docs/RELIABILITY.md.
 */
class BadInputTest {
    private final BufferPool pool = new BufferPool("bad",
        InfraConfig.builder().maxPooledSizeBytes(128).headerCapacityBytes(8).maxRetained(2).build());

    private PoolStats stats() {
        return pool.stats(new PoolStats());
    }

    @Test
    void shouldRefuseBadAcquireSizesAndLeaveThePoolAsItWas() {
        final PoolStats before = stats();
        assertThatThrownBy(() -> pool.acquire(-1)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("acquire size -1 must be from 0 to 1073741824");
        assertThatThrownBy(() -> pool.acquire(Integer.MAX_VALUE)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("(pooled up to 128)");
        assertThat(stats().acquires()).isEqualTo(before.acquires());
        assertThat(pool.acquire(0).capacity()).as("zero length is legal").isEqualTo(128);
    }

    @Test
    void shouldTreatNullReleaseAsNothingAndRefuseForeignMessages() {
        pool.release(null);
        assertThat(stats().releases()).isZero();
        final Message foreign = new BufferPool("other", InfraConfig.defaults()).acquire(1);
        assertThatThrownBy(() -> pool.release(foreign)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("does not belong to pool 'bad'");
        assertThat(foreign.length()).as("the foreign message is still its owner's").isEqualTo(1);
        assertThat(stats().releases()).isZero();
    }

    @Test
    void shouldRefuseDoubleReleaseAndUseAfterReleaseKeepingThePoolConsistent() {
        final Message m = pool.acquire(4);
        m.release();
        assertThatThrownBy(m::release).isInstanceOf(IllegalStateException.class).hasMessageContaining("it was released");
        assertThatThrownBy(m::buffer).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> m.putPayload(new byte[1], 0, 1)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(m::clone).isInstanceOf(IllegalStateException.class);
        final PoolStats s = stats();
        assertThat(s.releases()).isEqualTo(1);
        assertThat(s.retained()).as("the message is on the free list once, not twice").isEqualTo(1);
        assertThat(pool.acquire(1)).isSameAs(m);
        assertThat(pool.acquire(1)).as("the next acquire allocates: it was not listed twice").isNotSameAs(m);
    }

    @Test
    void shouldRefuseOutOfRangeLengthsHeadersAndCopiesLeavingTheMessageIntact() {
        final Message m = pool.acquire(0).putPayload(new byte[] {1, 2, 3}, 0, 3).pushHeaderInt(7);
        assertThatThrownBy(() -> m.length(129)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("capacity 128");
        assertThatThrownBy(() -> m.length(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> m.putPayload((byte[])null, 0, 0)).isInstanceOf(IllegalArgumentException.class)
            .hasMessage("source is null");
        assertThatThrownBy(() -> m.putHeader(null, 0, 0)).isInstanceOf(IllegalArgumentException.class)
            .hasMessage("header source is null");
        assertThatThrownBy(() -> m.putPayload(new byte[4], 3, 2)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("outside the source's 4 bytes");
        assertThatThrownBy(() -> m.putPayload(new UnsafeBuffer(new byte[200]), 0, 200))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("capacity 128");
        assertThatThrownBy(() -> m.putHeader(new UnsafeBuffer(new byte[9]), 0, 9))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("room 8");
        m.pushHeaderInt(8);
        assertThatThrownBy(() -> m.pushHeaderInt(9)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("no room for 4 more header bytes");
        assertThatThrownBy(() -> m.headerInt(5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> m.headerInt(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> m.moveToHeader(4)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("the payload has 3");
        assertThat(m.length()).isEqualTo(3);
        assertThat(m.headerLength()).isEqualTo(8);
        assertThat(m.headerInt(0)).isEqualTo(8);
        assertThat(m.headerInt(4)).isEqualTo(7);
        assertThat(m.buffer().getByte(2)).isEqualTo((byte)3);
        m.release();
    }

    @Test
    void shouldRefuseMalformedAddressesAndConfigs() {
        assertThatThrownBy(() -> Addr.parse(null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Addr.parse("tcp://h:99999")).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("expected 0 to 65535");
        assertThatThrownBy(() -> InfraConfig.builder().maxRetained(3)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("power of two");
        assertThatThrownBy(() -> new BufferPool(null, InfraConfig.defaults())).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("needs a name");
    }
}
