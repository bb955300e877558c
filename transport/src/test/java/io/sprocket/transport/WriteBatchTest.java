package io.sprocket.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.GatheringByteChannel;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.sprocket.message.BufferPool;
import io.sprocket.message.InfraConfig;
import io.sprocket.message.Message;
import io.sprocket.message.PoolStats;

/**
 * The writer's gathering batch against a channel that counts its write calls and may take only part
 * of what it is offered: queued messages go out in few writes, framed, in order, and each goes back
 * to its pool once, when all its bytes are written.
 */
class WriteBatchTest {
    private final BufferPool pool = new BufferPool("write-batch-test",
        InfraConfig.builder().bufferSizeBytes(256).maxPooledSizeBytes(256).maxRetained(256).build());

    /** A channel that records what it is given, taking at most {@code perWrite} bytes per call. */
    static final class CountingChannel implements GatheringByteChannel {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final List<Integer> buffersPerWrite = new ArrayList<>();
        int perWrite = Integer.MAX_VALUE;
        int writes;
        boolean failNext;

        @Override
        public long write(final ByteBuffer[] srcs, final int offset, final int length) throws IOException {
            writes++;
            if (failNext) {
                throw new IOException("injected: connection reset");
            }
            buffersPerWrite.add(length);
            long taken = 0;
            for (int i = offset; i < offset + length && taken < perWrite; i++) {
                final ByteBuffer b = srcs[i];
                while (b.hasRemaining() && taken < perWrite) {
                    bytes.write(b.get());
                    taken++;
                }
            }
            return taken;
        }

        @Override
        public long write(final ByteBuffer[] srcs) throws IOException {
            return write(srcs, 0, srcs.length);
        }

        @Override
        public int write(final ByteBuffer src) throws IOException {
            return (int)write(new ByteBuffer[] {src});
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public void close() {
            // nothing to close
        }
    }

    private WriteBatch batch(final boolean ipc) {
        return new WriteBatch(ByteBuffer.allocateDirect(WriteBatch.PREFIX_MEMORY_BYTES), ipc);
    }

    private Message message(final int number, final int size) {
        final Message m = pool.acquire(size);
        for (int i = 0; i < size; i++) {
            m.buffer().putByte(i, (byte)(number + i));
        }
        return m;
    }

    private static byte[] expectedStream(final int messages, final int size, final boolean ipc) {
        final ByteBuffer b = ByteBuffer.allocate(messages * (size + 9));
        for (int n = 0; n < messages; n++) {
            if (ipc) {
                b.put((byte)1);
            }
            b.putLong(size);
            for (int i = 0; i < size; i++) {
                b.put((byte)(n + i));
            }
        }
        final byte[] out = new byte[b.position()];
        b.flip().get(out);
        return out;
    }

    private PoolStats stats() {
        return pool.stats(new PoolStats());
    }

    /** What FrameWriter.flush does with a queue of {@code n} messages: batches of up to CAPACITY, each written until empty. */
    private int flush(final WriteBatch batch, final CountingChannel channel, final int n, final int size)
        throws IOException {
        int queued = 0;
        int finished = 0;
        while (queued < n || !batch.isEmpty()) {
            if (batch.isEmpty()) {
                while (!batch.isFull() && queued < n) {
                    batch.add(message(queued++, size));
                }
            }
            finished += batch.writeTo(channel);
        }
        return finished;
    }

    @Test
    void shouldWriteManyQueuedMessagesInFewGatheringWrites() throws IOException {
        final int n = 200;
        final CountingChannel channel = new CountingChannel();
        final long releasesBefore = stats().releases();
        assertThat(flush(batch(false), channel, n, 64)).isEqualTo(n);
        final int batches = (n + WriteBatch.CAPACITY - 1) / WriteBatch.CAPACITY;
        assertThat(channel.writes).as("one gathering write per batch of %d", WriteBatch.CAPACITY).isEqualTo(batches)
            .isLessThan(n);
        assertThat(channel.buffersPerWrite).as("a prefix and a body per message")
            .containsExactly(128, 128, 128, 16);
        assertThat(channel.bytes.toByteArray()).as("u64 length, then the payload, in order")
            .isEqualTo(expectedStream(n, 64, false));
        assertThat(stats().releases() - releasesBefore).as("every message released once").isEqualTo(n);
    }

    @Test
    void shouldFrameForIpcWithTheTypeByte() throws IOException {
        final CountingChannel channel = new CountingChannel();
        assertThat(flush(batch(true), channel, 3, 10)).isEqualTo(3);
        assertThat(channel.writes).isEqualTo(1);
        assertThat(channel.bytes.toByteArray()).isEqualTo(expectedStream(3, 10, true));
    }

    @Test
    void shouldResumeAPartialWriteWhereItStoppedAndReleaseOnlyWholeMessages() throws IOException {
        final WriteBatch batch = batch(false);
        final CountingChannel channel = new CountingChannel();
        channel.perWrite = 50;   // less than one 72-byte frame per call
        final long releasesBefore = stats().releases();
        for (int i = 0; i < 3; i++) {
            batch.add(message(i, 64));
        }
        assertThat(batch.writeTo(channel)).as("50 of the first frame's 72 bytes: nothing finished").isZero();
        assertThat(batch.size()).isEqualTo(3);
        assertThat(stats().releases() - releasesBefore).isZero();
        assertThat(batch.writeTo(channel)).as("bytes 50..99: the first frame finished").isEqualTo(1);
        assertThat(batch.lastWrittenBytes()).isEqualTo(64);
        assertThat(batch.size()).isEqualTo(2);
        assertThat(stats().releases() - releasesBefore).isEqualTo(1);
        int finished = 1;
        while (!batch.isEmpty()) {
            finished += batch.writeTo(channel);
        }
        assertThat(finished).isEqualTo(3);
        assertThat(channel.writes).as("216 bytes, 50 per write").isEqualTo(5);
        assertThat(channel.bytes.toByteArray()).isEqualTo(expectedStream(3, 64, false));
        assertThat(stats().releases() - releasesBefore).isEqualTo(3);
    }

    @Test
    void shouldKeepWhatAFailedWriteDidNotFinishForTheCloseToRelease() throws IOException {
        final WriteBatch batch = batch(false);
        final CountingChannel channel = new CountingChannel();
        channel.perWrite = 100;
        final long releasesBefore = stats().releases();
        for (int i = 0; i < 4; i++) {
            batch.add(message(i, 64));
        }
        assertThat(batch.writeTo(channel)).isEqualTo(1);
        channel.failNext = true;
        assertThatThrownBy(() -> batch.writeTo(channel)).isInstanceOf(IOException.class);
        assertThat(batch.size()).isEqualTo(3);
        batch.releaseAll();
        assertThat(batch.isEmpty()).isTrue();
        assertThat(stats().releases() - releasesBefore).as("each message released once, written or not").isEqualTo(4);
        batch.releaseAll();
        assertThat(stats().releases() - releasesBefore).isEqualTo(4);
    }

    @Test
    void shouldFillAfterEmptyingAndStopAtCapacity() throws IOException {
        final WriteBatch batch = batch(false);
        for (int i = 0; i < WriteBatch.CAPACITY; i++) {
            assertThat(batch.isFull()).isFalse();
            batch.add(message(i, 8));
        }
        assertThat(batch.isFull()).isTrue();
        assertThat(batch.size()).isEqualTo(WriteBatch.CAPACITY);
        final CountingChannel channel = new CountingChannel();
        assertThat(batch.writeTo(channel)).isEqualTo(WriteBatch.CAPACITY);
        assertThat(batch.isEmpty()).isTrue();
        batch.add(message(7, 8));
        assertThat(batch.writeTo(channel)).isEqualTo(1);
        assertThat(channel.writes).isEqualTo(2);
    }
}
