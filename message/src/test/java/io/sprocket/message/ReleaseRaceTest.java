package io.sprocket.message;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Two threads release the same messages at the same moment, half a million times: a release is one
 * compare-and-set, so for each message exactly one of them succeeds and the other gets the
 * {@link IllegalStateException}, and the pool takes each message back once (it never hands one
 * message to two owners afterwards). A stress test (tagged slow). Runs with checks on here, and with checks off in
 * {@link ReleaseRaceChecksOffTest}.
 */
@Tag("slow")
@Timeout(300)
class ReleaseRaceTest {
    private static final int BATCH = 1_024;
    private static final int BATCHES = 500;
    private static final long WAIT_NS = TimeUnit.SECONDS.toNanos(60);

    @Test
    void shouldLetExactlyOneOfTwoRacingReleasesSucceed() throws Exception {
        final BufferPool pool = new BufferPool("race", InfraConfig.builder()
            .maxPooledSizeBytes(16).headerCapacityBytes(0).maxRetained(2 * BATCH).build());
        final Message[] batch = new Message[BATCH];
        final Racer a = new Racer(batch);
        final Racer b = new Racer(batch);
        a.other = b;
        b.other = a;
        final Thread ta = new Thread(a, "releaser-a");
        final Thread tb = new Thread(b, "releaser-b");
        ta.start();
        tb.start();
        try {
            for (int round = 1; round <= BATCHES; round++) {
                for (int i = 0; i < BATCH; i++) {
                    batch[i] = pool.acquire(16);
                }
                a.go(round);
                b.go(round);
                a.awaitDone(round);
                b.awaitDone(round);
                assertThat(a.failure.get()).isNull();
                assertThat(b.failure.get()).isNull();
                assertThat(a.won.get() + b.won.get()).as("releases that succeeded after round %d", round)
                    .isEqualTo((long)round * BATCH);
                assertThat(a.refused.get() + b.refused.get()).as("releases refused after round %d", round)
                    .isEqualTo((long)round * BATCH);
            }
        } finally {
            a.stop();
            b.stop();
            ta.join(TimeUnit.NANOSECONDS.toMillis(WAIT_NS));
            tb.join(TimeUnit.NANOSECONDS.toMillis(WAIT_NS));
        }
        assertThat(a.won.get()).as("races won by each thread: both must have won some").isPositive();
        assertThat(b.won.get()).isPositive();
        final PoolStats stats = pool.stats(new PoolStats());
        assertThat(stats.releases()).isEqualTo(stats.acquires());
        assertThat(stats.retained()).isEqualTo(BATCH);
        final Set<Message> handedOut = Collections.newSetFromMap(new IdentityHashMap<>());
        for (int i = 0; i < 2 * BATCH; i++) {
            assertThat(handedOut.add(pool.acquire(16))).as("acquire %d returned a message already handed out", i)
                .isTrue();
        }
    }

    /**
     * Releases every message of the batch in order when told to, in step with the other racer: it
     * announces each index and waits (spinning briefly, then yielding) until the other has reached
     * it too, so both call {@code release()} on the same message at nearly the same moment.
     */
    private static final class Racer implements Runnable {
        final AtomicLong won = new AtomicLong();
        final AtomicLong refused = new AtomicLong();
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        Racer other;
        private final Message[] batch;
        /** Round * BATCH + index of the message this racer is at. */
        private volatile long at = -1;
        private volatile int go;
        private volatile int done;
        private volatile boolean stopped;

        Racer(final Message[] batch) {
            this.batch = batch;
        }

        void go(final int round) {
            go = round;
        }

        void stop() {
            stopped = true;
        }

        void awaitDone(final int round) {
            final long deadline = System.nanoTime() + WAIT_NS;
            while (done < round) {
                if (System.nanoTime() - deadline > 0) {
                    throw new AssertionError("a releaser did not finish round " + round + " within the safety bound");
                }
                Thread.yield();
            }
        }

        @Override
        public void run() {
            int round = 0;
            while (!stopped) {
                if (go == round) {
                    Thread.yield();
                    continue;
                }
                round = go;
                for (int i = 0; i < batch.length; i++) {
                    final long step = (long)round * BATCH + i;
                    at = step;
                    for (int spin = 0; other.at < step && !stopped; spin++) {
                        if (spin < 1_000) {
                            Thread.onSpinWait();
                        } else {
                            Thread.yield();
                        }
                    }
                    try {
                        batch[i].release();
                        won.incrementAndGet();
                    } catch (final IllegalStateException expected) {
                        refused.incrementAndGet();
                    } catch (final Throwable t) {
                        failure.compareAndSet(null, t);
                    }
                }
                done = round;
            }
        }
    }
}
