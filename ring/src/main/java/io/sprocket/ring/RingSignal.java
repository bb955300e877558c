package io.sprocket.ring;

import com.lmax.disruptor.AlertException;
import com.lmax.disruptor.Sequence;
import com.lmax.disruptor.SequenceBarrier;
import com.lmax.disruptor.WaitStrategy;

/**
 * The ring's Disruptor {@link WaitStrategy}, used only for its publish-side hook: the sequencer
 * calls {@link #signalAllWhenBlocking()} after every publish, and this wakes the consumers whose
 * idle strategy can sleep ({@link WakeableIdleStrategy}). Consumers never block in
 * {@link #waitFor}: they are agents that poll the ring and idle through their own strategy. With
 * no sleeping consumer registered (busy-spinning, yielding, backing off) a publish pays one
 * volatile read here.
 *
 * <p><b>Note:</b> {@link #signalAllWhenBlocking()} runs on producer threads and allocates nothing;
 * {@link #add} runs at build time.
 */
final class RingSignal implements WaitStrategy {
    private static final WakeableIdleStrategy[] NONE = new WakeableIdleStrategy[0];

    private volatile WakeableIdleStrategy[] sleepers = NONE;

    /** Registers a consumer's idle strategy to be woken by publishes. */
    synchronized void add(final WakeableIdleStrategy sleeper) {
        final WakeableIdleStrategy[] grown = java.util.Arrays.copyOf(sleepers, sleepers.length + 1);
        grown[sleepers.length] = sleeper;
        sleepers = grown;
    }

    /** Wakes every registered consumer that sleeps (at close, so that it sees the close at once). */
    void wakeAll() {
        signalAllWhenBlocking();
    }

    /**
     * Not used by Sprocket's consumers, which poll; answers like a yielding wait for any caller.
     */
    @Override
    public long waitFor(final long sequence, final Sequence cursor, final Sequence dependentSequence,
        final SequenceBarrier barrier) throws AlertException {
        long available;
        while ((available = dependentSequence.get()) < sequence) {
            barrier.checkAlert();
            Thread.yield();
        }
        return available;
    }

    @Override
    public void signalAllWhenBlocking() {
        final WakeableIdleStrategy[] s = sleepers;
        for (int i = 0; i < s.length; i++) {
            s[i].wake();
        }
    }
}
