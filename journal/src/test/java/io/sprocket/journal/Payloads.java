package io.sprocket.journal;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Deterministic messages for the tests: the length, peer id and every byte of message {@code q} are
 * functions of {@code q}, so a reader can check a record against what was sent without keeping it.
 */
final class Payloads {
    private Payloads() {
    }

    /** A well-mixed 64-bit value of {@code q} (SplitMix64's finaliser). */
    static long mix(final long q) {
        long z = q + 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /**
     * The length of message {@code q}: 0 to {@code small} bytes, and one message in {@code rareEvery}
     * from {@code small + 1} to {@code large} bytes (0: never).
     */
    static int length(final long q, final int small, final int large, final int rareEvery) {
        final long m = mix(q);
        if (rareEvery > 0 && Long.remainderUnsigned(m, rareEvery) == 0) {
            return small + 1 + (int)Long.remainderUnsigned(m >>> 20, large - small);
        }
        return (int)Long.remainderUnsigned(m >>> 8, small + 1);
    }

    static long peer(final long q) {
        return 1 + Long.remainderUnsigned(mix(q) >>> 3, 1000);
    }

    static byte byteAt(final long q, final int j) {
        return (byte)(q * 31 + j * 7 + (q >>> 8) + (j >>> 8));
    }

    static void fill(final MutableDirectBuffer b, final int index, final long q, final int length) {
        for (int j = 0; j < length; j++) {
            b.putByte(index + j, byteAt(q, j));
        }
    }

    /** The first byte index where {@code b} differs from message {@code q}, or -1. */
    static int mismatch(final DirectBuffer b, final int index, final long q, final int length) {
        for (int j = 0; j < length; j++) {
            if (b.getByte(index + j) != byteAt(q, j)) {
                return j;
            }
        }
        return -1;
    }
}
