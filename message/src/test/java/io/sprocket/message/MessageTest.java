package io.sprocket.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

class MessageTest {
    private final BufferPool pool = new BufferPool("test",
        InfraConfig.builder().maxPooledSizeBytes(256).headerCapacityBytes(16).maxRetained(4).build());

    private static byte[] ascii(final String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void shouldKeepTheHeaderDirectlyInFrontOfThePayload() {
        final Message m = pool.acquire(0).putPayload(ascii("body"), 0, 4);
        m.pushHeaderInt(0x8000_0001).pushHeaderInt(0x0000_0002);
        assertThat(m.headerLength()).isEqualTo(8);
        assertThat(m.headerRoomLeft()).isEqualTo(8);
        assertThat(m.headerInt(0)).isEqualTo(2);
        assertThat(m.headerInt(4)).isEqualTo(0x8000_0001);
        assertThat(m.wireLength()).isEqualTo(12);
        final byte[] wire = new byte[m.wireLength()];
        m.wireBuffer().getBytes(m.wireOffset(), wire);
        assertThat(wire).containsExactly(0, 0, 0, 2, 0x80, 0, 0, 1, 'b', 'o', 'd', 'y');
        m.release();
    }

    @Test
    void shouldExposeTheSameMemoryAsAByteBufferForChannels() {
        final Message m = pool.acquire(0).putPayload(ascii("wire"), 0, 4).pushHeaderInt(0x0102_0304);
        final java.nio.ByteBuffer bb = m.byteBuffer();
        assertThat(bb.isDirect()).isTrue();
        bb.limit(m.wireOffset() + m.wireLength()).position(m.wireOffset());
        final byte[] out = new byte[bb.remaining()];
        bb.get(out);
        assertThat(out).containsExactly(1, 2, 3, 4, 'w', 'i', 'r', 'e');
        bb.clear().position(m.wireOffset() + 4);
        bb.put((byte)'W');
        assertThat(m.buffer().getByte(0)).isEqualTo((byte)'W');
        m.release();
        assertThatThrownBy(m::byteBuffer).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void shouldMoveLeadingPayloadBytesIntoTheHeader() {
        final Message m = pool.acquire(0).putPayload(new byte[] {0, 0, 0, 9, 'h', 'i'}, 0, 6);
        final int capacity = m.capacity();
        m.moveToHeader(4);
        assertThat(m.capacity()).isEqualTo(capacity - 4);
        assertThat(m.headerLength()).isEqualTo(4);
        assertThat(m.headerInt(0)).isEqualTo(9);
        assertThat(m.length()).isEqualTo(2);
        assertThat(m.buffer().getByte(0)).isEqualTo((byte)'h');
        assertThat(m.wireLength()).isEqualTo(6);
        m.release();
        final Message again = pool.acquire(3);
        assertThat(again.headerLength()).isZero();
        assertThat(again.capacity()).isEqualTo(capacity).isEqualTo(256);
        again.release();
    }

    @Test
    void shouldRejectHeaderAndLengthOutOfBounds() {
        final Message m = pool.acquire(0);
        assertThatThrownBy(() -> m.length(257)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("length 257 must be from 0 to the capacity 256");
        assertThatThrownBy(() -> m.length(-1)).isInstanceOf(IllegalArgumentException.class);
        final UnsafeBuffer twenty = new UnsafeBuffer(new byte[20]);
        assertThatThrownBy(() -> m.putHeader(twenty, 0, 20)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("header of 20 bytes must be from 0 to the room 16");
        assertThatThrownBy(() -> m.putPayload(new byte[300], 0, 300)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("payload of 300 bytes");
        assertThatThrownBy(() -> m.putPayload(new byte[3], 2, 2)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("outside the source");
        for (int i = 0; i < 4; i++) {
            m.pushHeaderInt(i);
        }
        assertThatThrownBy(() -> m.pushHeaderInt(5)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("no room for 4 more header bytes");
        assertThatThrownBy(() -> m.headerInt(13)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> m.moveToHeader(1)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("the payload has 0");
        assertThat(m.headerLength()).isEqualTo(16);
        m.release();
    }

    @Test
    void shouldCloneHeaderPayloadAndRoutingIntoAnIndependentMessage() {
        final Message m = pool.acquire(0).putPayload(ascii("payload"), 0, 7).pushHeaderInt(0x8000_00ff);
        final Addr addr = Addr.parse("tcp://127.0.0.1:9");
        m.peerId(77).addr(addr);
        final Message copy = m.clone();
        assertThat(copy).isNotSameAs(m);
        assertThat(copy.length()).isEqualTo(7);
        assertThat(copy.headerLength()).isEqualTo(4);
        assertThat(copy.headerInt(0)).isEqualTo(0x8000_00ff);
        assertThat(copy.peerId()).isEqualTo(77);
        assertThat(copy.addr()).isSameAs(addr);
        assertThat(copy.buffer().getStringWithoutLengthAscii(0, 7)).isEqualTo("payload");

        m.buffer().putByte(0, (byte)'X');
        m.clearHeader();
        assertThat(copy.buffer().getByte(0)).isEqualTo((byte)'p');
        assertThat(copy.headerLength()).isEqualTo(4);
        m.release();
        assertThat(copy.buffer().getStringWithoutLengthAscii(0, 7)).isEqualTo("payload");
        copy.release();
    }

    @Test
    void shouldCatchDoubleRelease() {
        final Message m = pool.acquire(1);
        m.release();
        assertThatThrownBy(m::release).isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("release() on Message[pool 'test' buffer #")
            .hasMessageContaining("it was released");
        assertThatThrownBy(() -> pool.release(m)).isInstanceOf(IllegalStateException.class);
        final PoolStats s = pool.stats(new PoolStats());
        assertThat(s.releases()).isEqualTo(1);
        assertThat(s.retained()).isEqualTo(1);
    }

    @Test
    void shouldCatchUseAfterRelease() {
        final Message m = pool.acquire(1);
        m.release();
        assertThat(Checks.ENABLED).as("tests run with checks on").isTrue();
        assertThatThrownBy(m::buffer).isInstanceOf(IllegalStateException.class).hasMessageContaining("buffer() on");
        assertThatThrownBy(m::length).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> m.length(0)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> m.peerId(1)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(m::clone).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(m::wireBuffer).isInstanceOf(IllegalStateException.class);
        assertThat(m.toString()).contains("released");
    }

    @Test
    void shouldAllowPooledMessagesToMoveBetweenThreads() throws Exception {
        final Message m = pool.acquire(8);
        m.buffer().putLong(0, 99);
        final long[] seen = new long[1];
        final Thread other = new Thread(() -> {
            seen[0] = m.buffer().getLong(0);
            m.release();
        });
        other.start();
        other.join(10_000);
        assertThat(other.isAlive()).isFalse();
        assertThat(seen[0]).isEqualTo(99);
        assertThat(pool.stats(new PoolStats()).releases()).isEqualTo(1);
    }

    @Test
    @Tag("alloc")
    void shouldAllocateNothingForHeaderAndPayloadOperations() {
        final Message m = pool.acquire(0);
        final UnsafeBuffer src = new UnsafeBuffer(new byte[64]);
        final Runnable ops = () -> {
            for (int i = 0; i < 10_000; i++) {
                m.clearHeader().putPayload(src, 0, 64).pushHeaderInt(i).peerId(i);
                if (m.headerInt(0) != i || m.wireLength() != 68) {
                    throw new AssertionError();
                }
            }
        };
        ops.run();
        assertThat(AllocationMeter.measure(ops)).isZero();
        m.release();
    }
}
