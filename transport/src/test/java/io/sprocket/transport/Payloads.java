package io.sprocket.transport;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** The interop payloads: empty, binary (bytes 00 and ff), 64 KiB and 512 KiB. */
final class Payloads {
    private Payloads() {
    }

    static byte[] random(final int n, final long seed) {
        final byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    static List<byte[]> standard() {
        final List<byte[]> list = new ArrayList<>();
        list.add(new byte[0]);
        list.add(new byte[] {0x00, (byte)0xff, 0x00, 0x0a, (byte)0xff, 0x22, 0x5c});
        list.add(random(64 * 1024, 64));
        list.add(random(512 * 1024, 512));
        return list;
    }

    /** What nngcat and nanocat print for these messages with {@code --hex}: {@code "\x61\x62"} and a newline each. */
    static String hexLines(final List<byte[]> payloads) {
        final StringBuilder sb = new StringBuilder();
        for (final byte[] p : payloads) {
            sb.append('"');
            for (final byte b : p) {
                sb.append('\\').append('x').append(Character.forDigit((b >> 4) & 0xf, 16))
                    .append(Character.forDigit(b & 0xf, 16));
            }
            sb.append('"').append('\n');
        }
        return sb.toString();
    }
}
