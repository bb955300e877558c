package io.sprocket.transport;

/**
 * The Scalability Protocols' protocol ids (sp-protocol-ids-01: protocol number &lt;&lt; 4 | role), as
 * carried in the connection header, and which id each one accepts as its peer.
 *
 * <table>
 *   <caption>Protocol ids and their peers</caption>
 *   <tr><th>socket</th><th>id</th><th>peer</th></tr>
 *   <tr><td>PAIR v0</td><td>0x10</td><td>PAIR v0</td></tr>
 *   <tr><td>PAIR v1</td><td>0x11</td><td>PAIR v1</td></tr>
 *   <tr><td>PUB / SUB</td><td>0x20 / 0x21</td><td>each other</td></tr>
 *   <tr><td>REQ / REP</td><td>0x30 / 0x31</td><td>each other</td></tr>
 *   <tr><td>PUSH / PULL</td><td>0x50 / 0x51</td><td>each other</td></tr>
 *   <tr><td>SURVEYOR / RESPONDENT</td><td>0x62 / 0x63</td><td>each other</td></tr>
 *   <tr><td>BUS</td><td>0x70</td><td>BUS</td></tr>
 * </table>
 *
 * <p><b>Note:</b> constants and pure functions: any thread; nothing allocates except {@link #name(int)}
 * for an unknown id.
 */
public final class SpProtocol {
    /** PAIR version 0. */
    public static final int PAIR0 = 0x10;
    /** PAIR version 1 (a hop-count header in each message). */
    public static final int PAIR1 = 0x11;
    /** PUB: sends to every SUB. */
    public static final int PUB = 0x20;
    /** SUB: receives from PUB, filters locally. */
    public static final int SUB = 0x21;
    /** REQ: sends requests, receives replies. */
    public static final int REQ = 0x30;
    /** REP: receives requests, sends replies. */
    public static final int REP = 0x31;
    /** PUSH: sends, load-balanced over its peers. */
    public static final int PUSH = 0x50;
    /** PULL: receives from PUSH. */
    public static final int PULL = 0x51;
    /** SURVEYOR: sends surveys, receives responses. */
    public static final int SURVEYOR = 0x62;
    /** RESPONDENT: receives surveys, sends responses. */
    public static final int RESPONDENT = 0x63;
    /** BUS: every peer to every peer. */
    public static final int BUS = 0x70;

    private SpProtocol() {
    }

    /**
     * The protocol id a socket of {@code protocolId} accepts on the other end of a connection.
     *
     * @param protocolId a protocol id.
     * @return the peer's id, or -1 when {@code protocolId} is not one of the ids above.
     */
    public static int peerOf(final int protocolId) {
        switch (protocolId) {
            case PAIR0:
            case PAIR1:
            case BUS:
                return protocolId;
            case PUB:
            case REQ:
            case PUSH:
            case SURVEYOR:
                return protocolId + 1;
            case SUB:
            case REP:
            case PULL:
            case RESPONDENT:
                return protocolId - 1;
            default:
                return -1;
        }
    }

    /**
     * Whether {@code protocolId} is one of the ids above.
     *
     * @param protocolId a protocol id.
     * @return true when known.
     */
    public static boolean isKnown(final int protocolId) {
        return peerOf(protocolId) >= 0;
    }

    /**
     * The protocol's name as NNG spells it.
     *
     * @param protocolId a protocol id.
     * @return for example {@code "push0"}, or {@code "0x1234"} for an unknown id.
     */
    public static String name(final int protocolId) {
        switch (protocolId) {
            case PAIR0:
                return "pair0";
            case PAIR1:
                return "pair1";
            case PUB:
                return "pub0";
            case SUB:
                return "sub0";
            case REQ:
                return "req0";
            case REP:
                return "rep0";
            case PUSH:
                return "push0";
            case PULL:
                return "pull0";
            case SURVEYOR:
                return "surveyor0";
            case RESPONDENT:
                return "respondent0";
            case BUS:
                return "bus0";
            default:
                return "0x" + Integer.toHexString(protocolId);
        }
    }
}
