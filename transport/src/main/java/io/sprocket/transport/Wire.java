package io.sprocket.transport;

import java.nio.ByteBuffer;

/**
 * The SP wire format (sp-tcp-mapping-01, sp-ipc-mapping-01): the 8-byte connection header and the
 * frame prefixes. Absolute-index reads and writes only, so callers' buffer positions are untouched.
 */
final class Wire {
    /** Length of the connection header. */
    static final int HEADER_BYTES = 8;
    /** TCP frame prefix: u64 big-endian length. */
    static final int TCP_PREFIX_BYTES = 8;
    /** IPC frame prefix: the message type 0x01, then the u64 big-endian length. */
    static final int IPC_PREFIX_BYTES = 9;
    /** The only IPC message type: a message. */
    static final byte IPC_MSG = 0x01;

    /** Header accepted. */
    static final int OK = 0;
    /** Not {@code 00 53 50}. */
    static final int BAD_PREFIX = 1;
    /** Mapping version not 0. */
    static final int BAD_VERSION = 2;
    /** Reserved bytes not 0. */
    static final int BAD_RESERVED = 3;
    /** A protocol id this socket does not pair with. */
    static final int WRONG_PROTOCOL = 4;

    private Wire() {
    }

    /** Writes our header into {@code into} at index 0 and sets position 0, limit 8. */
    static void putHeader(final ByteBuffer into, final int protocolId) {
        into.clear();
        into.put(0, (byte)0).put(1, (byte)'S').put(2, (byte)'P').put(3, (byte)0);
        into.put(4, (byte)(protocolId >>> 8)).put(5, (byte)protocolId);
        into.put(6, (byte)0).put(7, (byte)0);
        into.limit(HEADER_BYTES);
    }

    /** Checks a received header in {@code from} at indexes 0 to 7. */
    static int checkHeader(final ByteBuffer from, final int expectedPeerId) {
        if (from.get(0) != 0 || from.get(1) != 'S' || from.get(2) != 'P') {
            return BAD_PREFIX;
        }
        if (from.get(3) != 0) {
            return BAD_VERSION;
        }
        if (from.get(6) != 0 || from.get(7) != 0) {
            return BAD_RESERVED;
        }
        return protocolOf(from) == expectedPeerId ? OK : WRONG_PROTOCOL;
    }

    /** The protocol id in a header. */
    static int protocolOf(final ByteBuffer from) {
        return ((from.get(4) & 0xff) << 8) | (from.get(5) & 0xff);
    }

    /** Writes a frame prefix for {@code length} at index 0 and sets position 0, limit the prefix length. */
    static void putPrefix(final ByteBuffer into, final boolean ipc, final int length) {
        into.clear();
        if (ipc) {
            into.put(0, IPC_MSG);
            into.putLong(1, length);
            into.limit(IPC_PREFIX_BYTES);
        } else {
            into.putLong(0, length);
            into.limit(TCP_PREFIX_BYTES);
        }
    }

    static String describe(final int check) {
        switch (check) {
            case BAD_PREFIX:
                return "bad header prefix";
            case BAD_VERSION:
                return "unsupported mapping version";
            case BAD_RESERVED:
                return "non-zero reserved header bytes";
            case WRONG_PROTOCOL:
                return "wrong peer protocol";
            default:
                return "ok";
        }
    }
}
