package io.sprocket.journal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JournalDescriptorTest {
    @Test
    void shouldAlignRecordsToEightBytesAfterAFortyByteHeader() {
        assertThat(JournalDescriptor.frameLength(0)).isEqualTo(40);
        assertThat(JournalDescriptor.alignedLength(JournalDescriptor.frameLength(0))).isEqualTo(40);
        assertThat(JournalDescriptor.alignedLength(JournalDescriptor.frameLength(1))).isEqualTo(48);
        assertThat(JournalDescriptor.alignedLength(JournalDescriptor.frameLength(64))).isEqualTo(104);
        assertThat(JournalDescriptor.maxPayloadLength(4096)).isEqualTo(4096 - 8 - 64 - 40);
    }

    @Test
    void shouldPackASegmentAndAnOffsetIntoOnePosition() {
        final int size = 64 << 20;
        final long p = JournalDescriptor.position(7, 1234, size);
        assertThat(JournalDescriptor.segmentIndex(p, size)).isEqualTo(7);
        assertThat(JournalDescriptor.offset(p, size)).isEqualTo(1234);
    }

    @Test
    void shouldNameSegmentFilesByTheirIndexAndReadTheNamesBack() {
        assertThat(JournalDescriptor.fileName(3)).isEqualTo("00000000000000000003.journal");
        assertThat(JournalDescriptor.tempFileName(3)).isEqualTo("00000000000000000003.journal.tmp");
        assertThat(JournalDescriptor.parseIndex("00000000000000000003.journal")).isEqualTo(3);
        assertThat(JournalDescriptor.parseIndex(JournalDescriptor.fileName(Long.MAX_VALUE))).isEqualTo(Long.MAX_VALUE);
        assertThat(JournalDescriptor.parseIndex("00000000000000000003.journal.tmp")).isEqualTo(-1);
        assertThat(JournalDescriptor.parseIndex("0000000000000000000x.journal")).isEqualTo(-1);
        assertThat(JournalDescriptor.parseIndex("3.journal")).isEqualTo(-1);
        assertThat(JournalDescriptor.parseIndex("99999999999999999999.journal")).as("beyond a long").isEqualTo(-1);
    }

    @Test
    void shouldSpellTheMagicInAscii() {
        final byte[] bytes = java.nio.ByteBuffer.allocate(8).order(java.nio.ByteOrder.LITTLE_ENDIAN)
            .putLong(JournalDescriptor.MAGIC).array();
        assertThat(new String(bytes, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("SPRKJRNL");
    }
}
