package io.sprocket.counters;

import org.agrona.BitUtil;
import org.agrona.concurrent.status.CountersReader;

/**
 * The layout of a counters file: a header that says whose counters they are, then the two
 * buffers of an Agrona {@code CountersManager}, metadata (type, label, state of each counter) and
 * values (one 128-byte record per counter, so no two counters share a cache line). Another process
 * maps the same file read-only and reads the values with {@code CountersReader}, as AeronStat
 * reads Aeron's CnC file.
 *
 * <pre>
 *    0                   1                   2                   3
 *    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *   +---------------------------------------------------------------+
 *   |                  magic "SPKC" (int, 0x53504B43)               |    0  MAGIC
 *   +---------------------------------------------------------------+
 *   |  version (int); written last, with release order: a reader    |    4  VERSION
 *   |  that sees it sees a whole header                             |
 *   +---------------------------------------------------------------+
 *   |                 owner process id (long)                       |    8  PID
 *   |                                                               |
 *   +---------------------------------------------------------------+
 *   |              start time, ms since the epoch (long)            |   16  START_TIME_MS
 *   |                                                               |
 *   +---------------------------------------------------------------+
 *   |             metadata buffer length in bytes (int)             |   24  METADATA_LENGTH
 *   +---------------------------------------------------------------+
 *   |              values buffer length in bytes (int)              |   28  VALUES_LENGTH
 *   +---------------------------------------------------------------+
 *   |                   reserved up to byte 64                      |   32
 *   +---------------------------------------------------------------+
 *   |   command line length (int), then its UTF-8 bytes, at most    |   64  COMMAND_LENGTH
 *   |   MAX_COMMAND_BYTES                                           |
 *   +---------------------------------------------------------------+
 *   |   metadata buffer: maxCounters x 512 bytes                    |  512  HEADER_LENGTH
 *   +---------------------------------------------------------------+
 *   |   values buffer: maxCounters x 128 bytes                      |
 *   +---------------------------------------------------------------+
 * </pre>
 *
 * <p><b>Note:</b> constants and pure arithmetic; any thread, no allocation.
 */
public final class CountersFileDescriptor {
    /** "SPKC". */
    public static final int MAGIC_VALUE = 0x53504B43;
    /** The layout's version; a reader refuses any other. */
    public static final int VERSION_VALUE = 1;

    /** Offset of the magic. */
    public static final int MAGIC = 0;
    /** Offset of the version. */
    public static final int VERSION = 4;
    /** Offset of the owner's process id. */
    public static final int PID = 8;
    /** Offset of the start time. */
    public static final int START_TIME_MS = 16;
    /** Offset of the metadata buffer's length. */
    public static final int METADATA_LENGTH = 24;
    /** Offset of the values buffer's length. */
    public static final int VALUES_LENGTH = 28;
    /** Offset of the command line's length; its bytes follow. */
    public static final int COMMAND_LENGTH = 64;
    /** Bytes of the header; the metadata buffer starts here. */
    public static final int HEADER_LENGTH = 512;
    /** Longest command line kept, in UTF-8 bytes. */
    public static final int MAX_COMMAND_BYTES = HEADER_LENGTH - COMMAND_LENGTH - BitUtil.SIZE_OF_INT;

    private CountersFileDescriptor() {
    }

    /**
     * Bytes of the metadata buffer for a number of counters.
     *
     * @param maxCounters how many counters the file holds.
     * @return bytes.
     */
    public static int metadataLength(final int maxCounters) {
        return maxCounters * CountersReader.METADATA_LENGTH;
    }

    /**
     * Bytes of the values buffer for a number of counters.
     *
     * @param maxCounters how many counters the file holds.
     * @return bytes.
     */
    public static int valuesLength(final int maxCounters) {
        return maxCounters * CountersReader.COUNTER_LENGTH;
    }

    /**
     * Bytes of the whole file.
     *
     * @param maxCounters how many counters the file holds.
     * @return bytes.
     */
    public static long fileLength(final int maxCounters) {
        return (long)HEADER_LENGTH + metadataLength(maxCounters) + valuesLength(maxCounters);
    }
}
