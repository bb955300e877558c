package io.sprocket.ring;

import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.Sequence;
import com.lmax.disruptor.util.Util;

/**
 * The gating sequence a consumer's {@link com.lmax.disruptor.EventPoller} reads: how far the
 * consumer may go (the ring's cursor, or the slowest of the consumers it follows), but never past
 * the {@link #limit} its agent sets before each poll, the end of the 32-slot group it is in.
 *
 * <p>Why: on every poll a multi-producer sequencer checks each slot from the consumer's next one up
 * to the gating sequence for having been published, while the consumer hands its progress on, and
 * so ends the poll, at the end of each 32-slot group. Unbounded, a full ring of 65,536 slots cost a
 * scan of up to 65,536 flags per 32 messages: with two producers and a backlog, the engine spent
 * its time scanning and handled 0.28 M messages a second; bounded, 11.8 M ({@code sprocket-perf
 * throughput --producers 2}): a poll checks at most the 32 slots it can hand on. A single-producer
 * sequencer checks nothing either way.
 *
 * <p><b>Note:</b> {@link #limit} is set and {@link #get()} read on the consumer's thread only (the
 * poller calls it there); the sequences it reads are the ring's, with acquire semantics. This
 * object's own value (its superclass's) is never used. No allocation.
 */
final class PollLimit extends Sequence {
    private final RingBuffer<?> ring;
    private final Sequence[] after;
    /** The last sequence the next poll may reach; consumer thread only. */
    long limit = Long.MAX_VALUE;

    /**
     * A limit over the ring's cursor, or over {@code after} when the consumer follows others.
     *
     * @param ring  the ring.
     * @param after the sequences of the consumers this one must not pass; empty for none.
     */
    PollLimit(final RingBuffer<?> ring, final Sequence[] after) {
        this.ring = ring;
        this.after = after.clone();
    }

    @Override
    public long get() {
        final long gate = after.length == 0 ? ring.getCursor() : Util.getMinimumSequence(after);
        return Math.min(gate, limit);
    }
}
