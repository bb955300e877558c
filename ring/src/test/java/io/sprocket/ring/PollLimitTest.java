package io.sprocket.ring;

import static org.assertj.core.api.Assertions.assertThat;

import com.lmax.disruptor.BusySpinWaitStrategy;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.Sequence;
import org.junit.jupiter.api.Test;

/**
 * A consumer's poll looks no further than the end of its 32-slot group: the bound that keeps a
 * multi-producer ring with a backlog from being scanned to its end for each 32 messages.
 */
class PollLimitTest {
    private static RingBuffer<long[]> ringWithPublished(final int published) {
        final RingBuffer<long[]> ring = RingBuffer.createMultiProducer(() -> new long[1], 1024, new BusySpinWaitStrategy());
        for (int i = 0; i < published; i++) {
            ring.publish(ring.next());
        }
        return ring;
    }

    @Test
    void shouldAnswerTheCursorButNoFurtherThanTheLimit() {
        final RingBuffer<long[]> ring = ringWithPublished(1000);
        final PollLimit limit = new PollLimit(ring, new Sequence[0]);
        assertThat(limit.get()).as("no limit set: the cursor").isEqualTo(999);
        limit.limit = 31;
        assertThat(limit.get()).isEqualTo(31);
        limit.limit = 5000;
        assertThat(limit.get()).as("a limit beyond the cursor: the cursor").isEqualTo(999);
    }

    @Test
    void shouldAnswerTheSlowestOfTheConsumersFollowedButNoFurtherThanTheLimit() {
        final RingBuffer<long[]> ring = ringWithPublished(1000);
        final PollLimit limit = new PollLimit(ring, new Sequence[] {new Sequence(700), new Sequence(400)});
        assertThat(limit.get()).isEqualTo(400);
        limit.limit = 63;
        assertThat(limit.get()).isEqualTo(63);
    }

    @Test
    void shouldMakeAPollOfABackloggedMultiProducerRingStopAtTheEndOfItsGroup() throws Exception {
        // The poller asks the sequencer for the highest published slot up to what the gating sequence says:
        // with the limit it sees slots 0 to 31 only, and the poll ends there with the group's end as its batch end.
        final RingBuffer<long[]> ring = ringWithPublished(1000);
        final PollLimit limit = new PollLimit(ring, new Sequence[0]);
        final com.lmax.disruptor.EventPoller<long[]> poller = ring.newPoller(limit);
        limit.limit = 31;
        final long[] seen = {0, -1, 0};
        poller.poll((event, sequence, endOfBatch) -> {
            seen[0]++;
            seen[1] = sequence;
            if (endOfBatch) {
                seen[2]++;
            }
            return true;
        });
        assertThat(seen[0]).isEqualTo(32);
        assertThat(seen[1]).isEqualTo(31);
        assertThat(seen[2]).as("the last slot in reach ends the batch").isEqualTo(1);
        assertThat(poller.getSequence().get()).isEqualTo(31);
    }
}
