package io.sprocket.ring;

import static org.assertj.core.api.Assertions.assertThat;

import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.SleepingIdleStrategy;
import org.agrona.concurrent.YieldingIdleStrategy;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.sprocket.message.AllocationMeter;

/** Each producer wait is an Agrona idle strategy; waiting through every phase allocates nothing. */
class ProducerWaitTest {
    @Test
    void shouldStandForAgronasIdleStrategies() {
        assertThat(ProducerWait.SPIN.newIdleStrategy()).isInstanceOf(BusySpinIdleStrategy.class);
        assertThat(ProducerWait.YIELD.newIdleStrategy()).isInstanceOf(YieldingIdleStrategy.class);
        assertThat(ProducerWait.PHASED.newIdleStrategy()).isInstanceOf(BackoffIdleStrategy.class);
        assertThat(ProducerWait.PARK.newIdleStrategy()).isInstanceOf(SleepingIdleStrategy.class);
        assertThat(ProducerWait.PHASED.newIdleStrategy()).as("a new one each time: a backoff keeps state per thread")
            .isNotSameAs(ProducerWait.PHASED.newIdleStrategy());
    }

    @Test
    @Tag("alloc")
    void shouldWaitThroughEveryPhaseWithoutAllocating() {
        final ProducerWait[] all = ProducerWait.values();   // values() copies its array: not inside the measure
        final Runnable waits = () -> {
            for (final ProducerWait w : all) {
                for (int attempt = 0; attempt < 205; attempt += w == ProducerWait.PARK ? 100 : 1) {
                    w.idle(attempt);
                }
            }
        };
        waits.run();
        AllocationMeter.parkOnce();
        assertThat(AllocationMeter.steadyState(waits, 10)[0]).as("bytes allocated while waiting").isZero();
    }
}
