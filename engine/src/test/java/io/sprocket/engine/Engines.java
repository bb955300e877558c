package io.sprocket.engine;

import io.sprocket.ring.MessageRing;
import io.sprocket.ring.RingStats;
import io.sprocket.ring.Rings;

/** Engine test helpers. */
final class Engines {
    private Engines() {
    }

    /** The ring still claims, publishes and handles after bad input. */
    static void assertStillWorks(final MessageRing ring) {
        final RingStats stats = new RingStats();
        Rings.awaitDrained(ring, stats);
        final long handledBefore = stats.handled();
        final long seq = Rings.claim(ring, 8);
        ring.message(seq).buffer().putLong(0, 1);
        ring.publish(seq);
        Rings.await("handled after bad input", 10_000, () -> ring.stats(new RingStats()).handled() == handledBefore + 1);
    }
}
