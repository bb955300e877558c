package io.sprocket.perf;

import java.util.Locale;

/**
 * How {@code cat} and {@code journal dump} print a message, byte for byte as nngcat 1.5.2 does:
 * {@link #HEX} prints {@code "\x61\x62"} and a newline (lower-case digits); {@link #QUOTED} prints
 * printable ASCII as itself, {@code \"}, {@code \\}, {@code \t}, {@code \n}, {@code \r}, and
 * {@code \xNN} for the rest, in double quotes, then a newline; {@link #RAW} is the bytes as they
 * are; {@link #ASCII} is printable ASCII as itself and anything else as {@code .}, with no separator;
 * {@link #MSGPACK} is each message as a MessagePack {@code bin} value (a {@code c4}, {@code c5} or
 * {@code c6} tag, the length in 1, 2 or 4 big-endian bytes, then the bytes).
 *
 * <p><b>Note:</b> constants: any thread; {@link #format} allocates the text it returns.
 */
enum CatFormat {
    /** Not printed. */
    NONE,
    /** {@code "\x61\x62"} and a newline. */
    HEX,
    /** C-like escapes in double quotes, and a newline. */
    QUOTED,
    /** The bytes as they are. */
    RAW,
    /** Printable ASCII, anything else as a dot, no separator. */
    ASCII,
    /** A MessagePack {@code bin 8/16/32} value per message: tag, big-endian length, bytes. */
    MSGPACK;

    private static final char[] HEX_DIGITS = "0123456789abcdef".toCharArray();

    /**
     * The format nngcat's {@code --format NAME} names.
     *
     * @param name {@code no}, {@code hex}, {@code quoted}, {@code raw} or {@code ascii}.
     * @return the format.
     * @throws IllegalArgumentException for any other name.
     */
    static CatFormat named(final String name) {
        switch (name.toLowerCase(Locale.ROOT)) {
            case "no":
                return NONE;
            case "hex":
                return HEX;
            case "quoted":
                return QUOTED;
            case "raw":
                return RAW;
            case "ascii":
                return ASCII;
            case "msgpack":
                return MSGPACK;
            default:
                throw new IllegalArgumentException("unknown format '" + name
                    + "': expected no, hex, quoted, raw, ascii or msgpack");
        }
    }

    /**
     * Formats one message.
     *
     * @param bytes the message.
     * @return what nngcat prints for it (RAW and MSGPACK: the bytes as ISO-8859-1 characters; NONE: empty).
     */
    String format(final byte[] bytes) {
        final StringBuilder sb = new StringBuilder(bytes.length * 4 + 3);
        switch (this) {
            case HEX:
                sb.append('"');
                for (final byte b : bytes) {
                    sb.append('\\').append('x').append(HEX_DIGITS[(b >> 4) & 0xf]).append(HEX_DIGITS[b & 0xf]);
                }
                sb.append('"').append('\n');
                break;
            case QUOTED:
                sb.append('"');
                for (final byte b : bytes) {
                    quote(sb, b & 0xff);
                }
                sb.append('"').append('\n');
                break;
            case RAW:
                for (final byte b : bytes) {
                    sb.append((char)(b & 0xff));
                }
                break;
            case ASCII:
                for (final byte b : bytes) {
                    final int c = b & 0xff;
                    sb.append(c >= 0x20 && c < 0x7f ? (char)c : '.');
                }
                break;
            case MSGPACK:
                final int n = bytes.length;
                if (n < 0x100) {
                    sb.append((char)0xc4).append((char)n);
                } else if (n < 0x10000) {
                    sb.append((char)0xc5).append((char)(n >>> 8)).append((char)(n & 0xff));
                } else {
                    sb.append((char)0xc6).append((char)(n >>> 24)).append((char)((n >>> 16) & 0xff))
                        .append((char)((n >>> 8) & 0xff)).append((char)(n & 0xff));
                }
                for (final byte b : bytes) {
                    sb.append((char)(b & 0xff));
                }
                break;
            default:
                break;
        }
        return sb.toString();
    }

    private static void quote(final StringBuilder sb, final int c) {
        switch (c) {
            case '"':
                sb.append("\\\"");
                return;
            case '\\':
                sb.append("\\\\");
                return;
            case '\t':
                sb.append("\\t");
                return;
            case '\n':
                sb.append("\\n");
                return;
            case '\r':
                sb.append("\\r");
                return;
            default:
                if (c >= 0x20 && c < 0x7f) {
                    sb.append((char)c);
                } else {
                    sb.append('\\').append('x').append(HEX_DIGITS[c >> 4]).append(HEX_DIGITS[c & 0xf]);
                }
        }
    }
}
