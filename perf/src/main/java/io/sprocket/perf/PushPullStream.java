package io.sprocket.perf;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.agrona.concurrent.UnsafeBuffer;

import io.sprocket.message.Addr;
import io.sprocket.message.BufferPool;
import io.sprocket.message.InfraConfig;
import io.sprocket.message.Message;
import io.sprocket.registry.SpSocket;
import io.sprocket.ring.EngineWait;
import io.sprocket.ring.ThreadingMode;
import io.sprocket.transport.Listener;
import io.sprocket.transport.SpProtocol;
import io.sprocket.transport.Transport;

/**
 * Sprocket's side of {@code throughput --transport --protocol push}: a PULL node that listens and a
 * PUSH node that dials, each an engine and a transport in one threading mode ({@link TransportNode}),
 * built afresh for each run. The caller's thread is the application: it takes each message from the
 * PUSH node's clone pool, writes its number and the payload, and calls
 * {@link Transport#send(SpSocket, Message)}, retrying while it returns false (the connection's queue is
 * full: backpressure). The PULL node's engine handler counts, checks that each message's number is the
 * next one, and stamps the time of the last.
 *
 * <p><b>Note:</b> one run at a time, from one thread. The measured loop allocates nothing once the
 * clone pool holds as many buffers as are in flight.
 */
final class PushPullStream implements AutoCloseable {
    /** Slots in each node's ring. */
    static final int RING_SIZE = 4096;
    /** Buffers the PUSH node's clone pool keeps: more than its queue and a gathering write hold at once. */
    private static final int POOL_RETAINED = 1024;

    private final TransportNode pull;
    private final TransportNode push;
    private final SpSocket pushSocket;
    private final BufferPool pool;
    private final UnsafeBuffer template;
    private final int sizeBytes;
    private final boolean spin;
    private final long timeoutNs;

    // Written by the PULL node's engine thread; read by the caller's once it has seen `done`.
    private long expected;
    private long received;
    private long endNs;
    private String failure;
    private volatile boolean done;
    private volatile Thread waiter;

    PushPullStream(final Addr url, final int sizeBytes, final ThreadingMode mode, final EngineWait wait,
        final long timeoutNs) throws IOException {
        this.sizeBytes = sizeBytes;
        this.spin = wait == EngineWait.BUSY_SPIN;
        this.timeoutNs = timeoutNs;
        this.template = Support.template(sizeBytes);
        final InfraConfig config = InfraConfig.builder().bufferSizeBytes(Math.max(64, sizeBytes))
            .maxPooledSizeBytes(Math.max(64, sizeBytes)).maxRetained(POOL_RETAINED).build();
        pull = new TransportNode("perf-pull", mode, wait, RING_SIZE, config, this::onMessage);
        TransportNode pushNode = null;
        try {
            pushNode = new TransportNode("perf-push", mode, wait, RING_SIZE, config, (m, seq, eob) -> { });
            push = pushNode;
            final SpSocket pullSocket = pull.transport.openSocket("in", SpProtocol.PULL);
            pushSocket = push.transport.openSocket("out", SpProtocol.PUSH);
            final Listener listener = pull.transport.listen(pullSocket, url);
            push.transport.dial(pushSocket, listener.boundAddr());
            if (!push.transport.awaitReady(pushSocket, 1, TimeUnit.SECONDS.toNanos(10))) {
                throw new RunFailure("the PUSH node did not connect to " + listener.boundAddr() + " within 10 s");
            }
        } catch (final IOException | RuntimeException e) {
            if (pushNode != null) {
                pushNode.close();
            }
            pull.close();
            throw e;
        }
        pool = push.ring.clonePool();
    }

    /** The PULL node's handler, on its engine thread. */
    private void onMessage(final Message m, final long sequence, final boolean endOfBatch) {
        final long number = m.buffer().getLong(0);
        if (number != received && failure == null) {
            failure = "the PULL side received message " + number + " where " + received + " was due";
        }
        if (++received == expected) {
            endNs = System.nanoTime();
            done = true;
            LockSupport.unpark(waiter);
        }
    }

    /**
     * Sends {@code messages} from this thread and waits for the PULL node's handler to have them all.
     *
     * @return messages per second, from the first send to the handling of the last message.
     */
    double run(final long messages) {
        expected = messages;
        received = 0;
        failure = null;
        waiter = Thread.currentThread();
        done = false;   // a volatile write after the plain ones: the engine reads them after the first message
        final long deadline = System.nanoTime() + timeoutNs;
        final long start = System.nanoTime();
        int idle = 0;
        for (long i = 0; i < messages; i++) {
            final Message m = pool.acquire(sizeBytes);
            final UnsafeBuffer b = m.buffer();
            b.putLong(0, i);
            if (sizeBytes > Long.BYTES) {
                b.putBytes(Long.BYTES, template, Long.BYTES, sizeBytes - Long.BYTES);
            }
            while (!push.transport.send(pushSocket, m)) {
                if (spin) {
                    Thread.onSpinWait();
                } else {
                    Thread.yield();
                }
                if ((++idle & 0x3FF) == 0 && System.nanoTime() - deadline > 0) {
                    m.release();
                    throw new RunFailure("the PUSH node refused message " + i + " of " + messages + " for "
                        + timeoutNs / 1_000_000 + " ms");
                }
            }
        }
        while (!done) {
            if (System.nanoTime() - deadline > 0) {
                throw new RunFailure("the PULL node did not receive every message within " + timeoutNs / 1_000_000
                    + " ms (" + received + " of " + messages + ")");
            }
            LockSupport.parkNanos(1_000_000);
        }
        if (failure != null) {
            throw new RunFailure(failure);
        }
        return messages * 1e9 / (endNs - start);
    }

    @Override
    public void close() {
        push.close();
        pull.close();
    }
}
