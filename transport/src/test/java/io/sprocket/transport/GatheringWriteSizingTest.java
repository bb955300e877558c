package io.sprocket.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.sprocket.message.AllocationMeter;

/**
 * The JDK replaces a thread's vector for gathering writes whenever a write takes more buffers than
 * any before on that thread, which allocates: on an I/O thread that first meets a full batch in the
 * middle of a run, that is an allocation in the steady state. {@link WriteBatch#sizeGatheringWrites}
 * takes that cost up front. Each case runs on a thread of its own (a fresh vector), writing a whole
 * batch's buffers into a pipe after a two-buffer write has sized the vector small.
 */
@Tag("alloc")
class GatheringWriteSizingTest {
    private static final int BUFFERS = 2 * WriteBatch.CAPACITY;

    @Test
    void shouldWriteAWholeBatchWithoutAllocatingOnceSized() throws Exception {
        assertThat(wholeBatchBytesOnAFreshThread(true)).as("bytes of a whole batch's write after sizing").isZero();
    }

    /** Without the sizing the same write allocates: the measure above can fail. */
    @Test
    void shouldAllocateOnAWholeBatchsFirstWriteWithoutSizing() throws Exception {
        assertThat(wholeBatchBytesOnAFreshThread(false)).as("bytes of a whole batch's first write").isPositive();
    }

    private static long wholeBatchBytesOnAFreshThread(final boolean sized) throws Exception {
        final AtomicLong bytes = new AtomicLong(-1);
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        final Thread t = new Thread(() -> {
            try (Pipe.SinkChannel sink = Pipe.open().sink()) {
                final ByteBuffer[] buffers = new ByteBuffer[BUFFERS];
                for (int i = 0; i < BUFFERS; i++) {
                    buffers[i] = ByteBuffer.allocateDirect(8);
                }
                sink.write(buffers, 0, 2);
                if (sized) {
                    WriteBatch.sizeGatheringWrites(sink);
                }
                for (final ByteBuffer b : buffers) {
                    b.clear();
                }
                bytes.set(AllocationMeter.measure(() -> {
                    try {
                        sink.write(buffers, 0, BUFFERS);
                    } catch (final java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }));
            } catch (final Throwable e) {
                failure.set(e);
            }
        }, "gathering-write-" + sized);
        t.start();
        t.join(TimeUnit.SECONDS.toMillis(30));
        assertThat(t.isAlive()).as("the writing thread finished").isFalse();
        if (failure.get() != null) {
            throw new AssertionError("the writing thread failed", failure.get());
        }
        return bytes.get();
    }
}
