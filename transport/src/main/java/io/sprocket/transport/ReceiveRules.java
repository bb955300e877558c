package io.sprocket.transport;

import java.nio.ByteOrder;

import io.sprocket.message.Message;

/**
 * What each protocol does with a whole frame before it is published into the ring, on the I/O thread
 * that read it (as NNG's pipe receive callbacks do): deliver it, give it back (counted), or close the
 * connection (counted). These rules need no state beyond the socket's settings, so a message that is
 * not for the application never takes a ring slot; protocol state that changes per message (a REQ's
 * outstanding request, a REP's backtrace routing) lives with the engine.
 *
 * <table>
 *   <caption>Receive rules</caption>
 *   <tr><th>socket</th><th>rule</th></tr>
 *   <tr><td>SUB</td><td>delivered when it starts with one of the socket's {@link Subscriptions}, else given back</td></tr>
 *   <tr><td>PAIR1</td><td>the 4-byte big-endian hop count moves to the message's header; a hop count over the
 *       maximum TTL is dropped; a frame under 4 bytes or a hop count over 255 closes the connection</td></tr>
 *   <tr><td>PUB</td><td>a SUB never sends: anything received closes the connection</td></tr>
 *   <tr><td>PUSH</td><td>a PULL never sends: anything received is discarded, the connection kept</td></tr>
 *   <tr><td>REP, RESPONDENT</td><td>the backtrace (4-byte words up to the first with its top bit set, the
 *       request or survey id) moves to the message's header, for the reply; more words than the maximum
 *       TTL are dropped; a body that ends before the id closes the connection</td></tr>
 *   <tr><td>REQ, SURVEYOR</td><td>the 4-byte id must match an outstanding request (a survey before its
 *       deadline), else the reply is dropped; it moves to the header; under 4 bytes closes the connection
 *       ({@link Requests})</td></tr>
 *   <tr><td>others</td><td>delivered as they are</td></tr>
 * </table>
 *
 * <p><b>Note:</b> I/O threads; allocation-free.
 */
final class ReceiveRules {
    /** The verdict that publishes the frame; any other is a {@link TransportStats} counter index. */
    static final int DELIVER = -1;
    /** Bytes of one SP header word: PAIR1's hop count, a backtrace's hop, or a request or survey id. */
    static final int HEADER_WORD_BYTES = 4;
    /** The largest hop count a PAIR1 frame may carry at all (NNG closes the connection above it). */
    static final int MAX_HOP_COUNT = 0xff;

    private ReceiveRules() {
    }

    /**
     * Applies the socket's rule to a whole frame in {@code m}.
     *
     * @return {@link #DELIVER}, or the counter that says why not ({@link #closes} tells whether the
     *         connection must close).
     */
    static int check(final SocketEndpoints sock, final Message m, final int maxTtl) {
        switch (sock.protocolId) {
            case SpProtocol.SUB:
                return sock.subscriptions.matches(m.buffer(), 0, m.length()) ? DELIVER : TransportStats.UNSUBSCRIBED;
            case SpProtocol.PAIR1:
                return pair1(m, maxTtl);
            case SpProtocol.PUB:
                return TransportStats.PROTOCOL_VIOLATIONS;
            case SpProtocol.PUSH:
                return TransportStats.DISCARDED_IN;
            case SpProtocol.REP:
            case SpProtocol.RESPONDENT:
                return backtrace(m, maxTtl);
            case SpProtocol.REQ:
            case SpProtocol.SURVEYOR:
                return sock.requests.onReply(m);
            default:
                return DELIVER;
        }
    }

    /** Whether a verdict closes the connection (rather than giving one message back). */
    static boolean closes(final int verdict) {
        return verdict == TransportStats.PROTOCOL_VIOLATIONS;
    }

    /**
     * REP and RESPONDENT: the backtrace (4-byte words up to and including the first with its top bit
     * set: the request or survey id) moves to the header, so a reply can carry it back.
     */
    private static int backtrace(final Message m, final int maxTtl) {
        final int length = m.length();
        int hops = 0;
        for (int at = 0; at + HEADER_WORD_BYTES <= length; at += HEADER_WORD_BYTES) {
            hops++;
            if (hops > maxTtl) {
                return TransportStats.TTL_DROPS;
            }
            if (m.buffer().getInt(at, ByteOrder.BIG_ENDIAN) < 0) {
                m.moveToHeader(at + HEADER_WORD_BYTES);
                return DELIVER;
            }
        }
        return TransportStats.PROTOCOL_VIOLATIONS;   // the body ran out before the id
    }

    private static int pair1(final Message m, final int maxTtl) {
        if (m.length() < HEADER_WORD_BYTES) {
            return TransportStats.PROTOCOL_VIOLATIONS;
        }
        final int hops = m.buffer().getInt(0, ByteOrder.BIG_ENDIAN);
        if (hops < 0 || hops > MAX_HOP_COUNT) {
            return TransportStats.PROTOCOL_VIOLATIONS;
        }
        if (hops > maxTtl) {
            return TransportStats.TTL_DROPS;
        }
        m.moveToHeader(HEADER_WORD_BYTES);
        return DELIVER;
    }
}
