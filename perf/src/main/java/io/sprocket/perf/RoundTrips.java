package io.sprocket.perf;

import org.HdrHistogram.Histogram;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * The pinger's side of one ping-pong run, the same for every system: a ping carries its send time
 * in its first 8 bytes, the first {@code max(1, warmup)} round trips are not recorded (the first
 * ping's includes the start), and the next {@code count} are recorded into the histogram.
 *
 * <p><b>Note:</b> one run, used by the pinger's thread only; built before the run, and allocates
 * nothing afterwards.
 */
final class RoundTrips {
    private final long discard;
    private final long total;
    private final Histogram histogram;
    private long received;

    /**
     * Prepares one run.
     *
     * @param warmup    round trips before recording (at least one is discarded).
     * @param count     round trips recorded.
     * @param histogram where they are recorded, in nanoseconds.
     */
    RoundTrips(final int warmup, final int count, final Histogram histogram) {
        this.discard = Math.max(1, warmup);
        this.total = discard + count;
        this.histogram = histogram;
    }

    /**
     * Counts one reply and records its round trip once the warm-up is over.
     *
     * @param nowNs  when the reply arrived ({@link System#nanoTime()}).
     * @param sentNs the send time the reply carries back.
     * @return true when another ping is due; false once the run has all its round trips.
     */
    boolean onReply(final long nowNs, final long sentNs) {
        if (++received > discard) {
            Support.record(histogram, nowNs - sentNs);
        }
        return received < total;
    }

    /**
     * Writes a ping: {@code size} bytes of {@code payload}, then the send time over the first 8.
     *
     * @param ping    the outgoing message's payload.
     * @param payload what to send (the template, or the reply being answered).
     * @param size    payload bytes.
     */
    static void stamp(final MutableDirectBuffer ping, final DirectBuffer payload, final int size) {
        ping.putBytes(0, payload, 0, size);
        ping.putLong(0, System.nanoTime());
    }
}
