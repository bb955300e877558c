package io.sprocket.ring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.agrona.concurrent.AgentInvoker;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import io.sprocket.message.Addr;
import io.sprocket.message.BufferPool;
import io.sprocket.message.InfraConfig;
import io.sprocket.message.Message;

/**
 * The views: a producer's {@code message(seq, view)} and the one message each consumer hands its
 * handler show the slot they are pointed at, with what the other side wrote, including the fields a
 * claim resets and the ones kept on the heap.
 */
class RingViewTest {
    private static final Addr PEER = Addr.tcp("127.0.0.1", 5555);

    /** What a handler saw, as text, and each distinct message object it was given. */
    private static final class Recorder implements MessageHandler {
        final List<String> seen = new ArrayList<>();
        final IdentityHashMap<Message, Boolean> objects = new IdentityHashMap<>();

        @Override
        public void onMessage(final Message m, final long sequence, final boolean endOfBatch) {
            objects.put(m, Boolean.TRUE);
            seen.add(sequence + ": slot " + m.index() + ", " + m.length() + " B, first " + m.buffer().getInt(0)
                + ", peer " + m.peerId() + ", addr " + m.addr() + ", header " + m.headerLength());
        }
    }

    private static MessageRing invokerRing(final String name, final MessageHandler handler) {
        return MessageRing.builder().name(name).config(Rings.small(64)).ringSize(4)
            .threading(ThreadingMode.INVOKER).handler(handler).build().start();
    }

    private static void drain(final AgentInvoker invoker) {
        while (invoker.invoke() > 0) {
            // hand every published slot to the handler
        }
    }

    @Test
    void shouldShowEachClaimedSlotThroughTheProducersViewAndTheConsumersOne() {
        final Recorder recorder = new Recorder();
        final MessageRing ring = invokerRing("views", recorder);
        try {
            final AgentInvoker invoker = ring.invoker();
            final Message view = ring.newView();
            for (int i = 0; i < 6; i++) {
                final long seq = Rings.claim(ring, 8);
                final Message m = ring.message(seq, view);
                assertThat(m).isSameAs(view);
                assertThat(m.index()).isEqualTo((int)seq & 3);
                assertThat(m.length()).isEqualTo(8);
                m.buffer().putInt(0, 100 + i);
                if (i == 1) {
                    m.peerId(7).addr(PEER).pushHeaderInt(0x01020304);
                }
                ring.publish(seq);
                drain(invoker);
            }
            // Sequence 5 reuses slot 1, whose last use set a peer, an address and a header: the claim
            // cleared them all, the address (kept on the heap) included.
            assertThat(recorder.seen).containsExactly(
                "0: slot 0, 8 B, first 100, peer 0, addr null, header 0",
                "1: slot 1, 8 B, first 101, peer 7, addr " + PEER + ", header 4",
                "2: slot 2, 8 B, first 102, peer 0, addr null, header 0",
                "3: slot 3, 8 B, first 103, peer 0, addr null, header 0",
                "4: slot 0, 8 B, first 104, peer 0, addr null, header 0",
                "5: slot 1, 8 B, first 105, peer 0, addr null, header 0");
            assertThat(recorder.objects).as("the consumer hands its handler one view").hasSize(1);
            assertThat(recorder.objects).doesNotContainKey(view);
        } finally {
            assertThat(ring.close(TimeUnit.SECONDS.toNanos(10))).isZero();
        }
    }

    @Test
    void shouldShowTheAddressAndWireRangeOfTheSlotWhateverWroteThem() {
        final List<String> seen = new ArrayList<>();
        final MessageRing ring = invokerRing("wire", (m, seq, eob) -> {
            final UnsafeBuffer wire = m.wireBuffer();
            seen.add(seq + ": addr " + m.addr() + ", wire " + m.wireLength() + " B from " + m.wireOffset()
                + ", first wire int " + wire.getInt(m.wireOffset(), ByteOrder.BIG_ENDIAN) + ", byte buffer "
                + m.byteBuffer().capacity());
        });
        try {
            final AgentInvoker invoker = ring.invoker();
            final Message view = ring.newView();
            final long first = Rings.claim(ring, 8);
            ring.message(first).addr(PEER).buffer().putInt(0, 11, ByteOrder.BIG_ENDIAN);
            ring.publish(first);
            final long second = Rings.claim(ring, 8);
            ring.message(second, view).pushHeaderInt(22).buffer().putInt(0, 33);
            ring.publish(second);
            drain(invoker);
            final int wireRange = InfraConfig.DEFAULT_HEADER_CAPACITY_BYTES + 64;
            assertThat(seen).containsExactly(
                "0: addr " + PEER + ", wire 8 B from 64, first wire int 11, byte buffer " + wireRange,
                "1: addr null, wire 12 B from 60, first wire int 22, byte buffer " + wireRange);
        } finally {
            assertThat(ring.close(TimeUnit.SECONDS.toNanos(10))).isZero();
        }
    }

    @Test
    void shouldFollowAPayloadMovedIntoTheHeaderThroughAView() {
        final List<String> seen = new ArrayList<>();
        final MessageRing ring = invokerRing("moved", (m, seq, eob) ->
            seen.add(seq + ": header " + m.headerLength() + " wire " + Integer.toHexString(m.wireBuffer().getInt(m.wireOffset()))
                + ", payload " + m.length() + " B first " + Integer.toHexString(m.buffer().getInt(0))));
        try {
            final AgentInvoker invoker = ring.invoker();
            final Message view = ring.newView();
            for (int i = 0; i < 5; i++) {
                final long seq = Rings.claim(ring, 8);
                final Message m = ring.message(seq, view);
                m.buffer().putInt(0, 0xAAAA0000 + i);
                m.buffer().putInt(4, 0xBBBB0000 + i);
                if (i % 2 == 0) {
                    m.moveToHeader(4);
                }
                ring.publish(seq);
                drain(invoker);
            }
            // Slot 0 is moved at sequences 0 and 4; sequence 2 (slot 2) too; 1 and 3 are not: a claim
            // puts the payload back at the header room, and each view follows the descriptor.
            assertThat(seen).containsExactly(
                "0: header 4 wire aaaa0000, payload 4 B first bbbb0000",
                "1: header 0 wire aaaa0001, payload 8 B first aaaa0001",
                "2: header 4 wire aaaa0002, payload 4 B first bbbb0002",
                "3: header 0 wire aaaa0003, payload 8 B first aaaa0003",
                "4: header 4 wire aaaa0004, payload 4 B first bbbb0004");
        } finally {
            assertThat(ring.close(TimeUnit.SECONDS.toNanos(10))).isZero();
        }
    }

    @Test
    void shouldHandAnOversizedSlotAsItsOwnMessage() {
        final Recorder recorder = new Recorder();
        final MessageRing ring = MessageRing.builder().name("big").config(InfraConfig.builder().bufferSizeBytes(64)
            .maxMessageSizeBytes(4096).build()).ringSize(4).threading(ThreadingMode.INVOKER).handler(recorder)
            .build().start();
        try {
            final Message view = ring.newView();
            final long small = Rings.claim(ring, 8);
            ring.message(small, view).buffer().putInt(0, 1);
            ring.publish(small);
            final long big = Rings.claim(ring, 1000);
            final Message m = ring.message(big, view);
            assertThat(m).isNotSameAs(view).isSameAs(ring.message(big));
            m.buffer().putInt(0, 2);
            m.buffer().putInt(996, 3);
            ring.publish(big);
            drain(ring.invoker());
            assertThat(recorder.seen).containsExactly(
                "0: slot 0, 8 B, first 1, peer 0, addr null, header 0",
                "1: slot 1, 1000 B, first 2, peer 0, addr null, header 0");
            assertThat(recorder.objects).as("a view for the small slot, the slot's own message for the big one")
                .hasSize(2);
        } finally {
            assertThat(ring.close(TimeUnit.SECONDS.toNanos(10))).isZero();
        }
    }

    @Test
    void shouldRefuseAViewThatIsNotThisRingsOwn() {
        final MessageRing ring = invokerRing("mine", (m, seq, eob) -> { });
        final MessageRing other = invokerRing("other", (m, seq, eob) -> { });
        final BufferPool pool = new BufferPool("views-pool", Rings.small(64));
        final Message pooled = pool.acquire(8);
        try {
            final long seq = Rings.claim(ring, 8);
            final Message slot = ring.message(seq);
            for (final Message notAView : new Message[] {null, slot, other.newView(), pooled}) {
                assertThatThrownBy(() -> ring.message(seq, notAView)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("ring 'mine' takes a view from this ring's newView()");
            }
            ring.publish(seq);
        } finally {
            pooled.release();
            assertThat(ring.close(TimeUnit.SECONDS.toNanos(10))).isZero();
            assertThat(other.close(TimeUnit.SECONDS.toNanos(10))).isZero();
        }
    }

    @Test
    void shouldRefuseAViewBeyondItsBoundNamingIt() {
        final MessageRing ring = invokerRing("bounded", (m, seq, eob) -> { });
        try {
            // The engine's consumer has one view already: the producers get the rest.
            final List<Message> views = new ArrayList<>();
            for (int i = 1; i < MessageRing.MAX_VIEWS; i++) {
                views.add(ring.newView());
            }
            final IdentityHashMap<Message, Boolean> distinct = new IdentityHashMap<>();
            views.forEach(v -> distinct.put(v, Boolean.TRUE));
            assertThat(distinct).hasSize(MessageRing.MAX_VIEWS - 1);
            assertThatThrownBy(ring::newView).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("ring 'bounded' has handed out " + MessageRing.MAX_VIEWS + " views")
                .hasMessageContaining("MessageRing.MAX_VIEWS");
            final long seq = Rings.claim(ring, 8);
            ring.message(seq, views.get(views.size() - 1)).buffer().putInt(0, 7);
            ring.publish(seq);
        } finally {
            assertThat(ring.close(TimeUnit.SECONDS.toNanos(10))).isZero();
        }
    }

    @Test
    void shouldUnmapEveryViewWhenTheRingCloses() {
        final MessageRing ring = invokerRing("unmapped", (m, seq, eob) -> { });
        final Message view = ring.newView();
        final long seq = Rings.claim(ring, 8);
        ring.message(seq, view).buffer().putInt(0, 1);
        ring.publish(seq);
        assertThat(ring.close(TimeUnit.SECONDS.toNanos(10))).isZero();
        assertThatThrownBy(view::buffer).isInstanceOf(IllegalStateException.class).hasMessageContaining("released");
    }
}
