package io.sprocket.transport;

import java.io.IOException;

/**
 * A fault-injection seam on the read paths that hold or prepare a ring claim, for tests
 * ({@code TransportBuilder.readFaults}, package-private). Production uses {@link #NONE}, which does
 * nothing. Each method runs on an I/O worker just before the step it names, and may throw to make
 * that step fail.
 */
interface ReadFaults {
    /** The fast path: the fill of a claimed slot (from the read-ahead buffer, then the channel). */
    int SLOT_READ = 0;
    /** The fast path: the staging buffer for a frame that did not arrive whole (a slot is claimed). */
    int STAGING_ALLOCATION = 1;
    /** The slow path: a channel read into the staging buffer (no slot claimed). */
    int STAGING_READ = 2;
    /** The slow path: the copy of a whole staged frame into its claimed slot. */
    int STAGED_COPY = 3;
    /** A channel read into the read-ahead buffer (no slot claimed). */
    int READ_AHEAD = 4;

    /** No faults. */
    ReadFaults NONE = new ReadFaults() {
        @Override
        public void beforeRead(final int point) {
            // none
        }

        @Override
        public void beforeStep(final int point) {
            // none
        }
    };

    /** Before a channel read at {@code point} ({@link #SLOT_READ}, {@link #STAGING_READ} or {@link #READ_AHEAD}). */
    void beforeRead(int point) throws IOException;

    /** Before an allocation or copy at {@code point} ({@link #STAGING_ALLOCATION} or {@link #STAGED_COPY}). */
    void beforeStep(int point);
}
