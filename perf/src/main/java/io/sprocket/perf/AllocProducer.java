package io.sprocket.perf;

import java.util.concurrent.atomic.AtomicInteger;

import org.agrona.concurrent.UnsafeBuffer;

import io.sprocket.engine.Control;
import io.sprocket.engine.Engine;
import io.sprocket.message.Addr;
import io.sprocket.message.Message;
import io.sprocket.registry.SpSocket;
import io.sprocket.ring.MessageRing;

/**
 * One producer of the {@code alloc} run: claims, addresses and publishes messages for its own
 * peers, reconnects one of them every {@code --churn-every} messages (three control events), and
 * stops at each pause ({@link Phases}) until the run lets it go on, so that the run can read every
 * thread's allocated bytes between windows.
 *
 * <p><b>Note:</b> runs on its own thread; its send loop allocates nothing (that is what the run
 * measures). {@link #failure} and {@link #reconnects} are read by the run's thread at a pause.
 */
final class AllocProducer implements Runnable {
    /** Where each message carries its producer's running count. */
    static final int SEQUENCE = 0;
    /** Messages sent between two looks at the clock and the phase. */
    private static final int CHUNK = 1024;

    /** The pauses the producers wait at: phases 0 and 1 warm up, 2 and later are measured windows. */
    static final class Phases {
        static final int DONE = Integer.MAX_VALUE;
        final AtomicInteger arrived = new AtomicInteger();
        volatile int phase;
    }

    volatile String failure;
    long reconnects;
    private final int index;
    private final MessageRing ring;
    private final Control control;
    private final SpSocket socket;
    private final Phases phases;
    /** Shared with the other producers, but this producer only reads and writes its own peers. */
    private final long[] ids;
    private final Addr[] addrs;
    private final UnsafeBuffer template;
    private final AllocSuite.Settings s;
    /** The peers this producer sends for: index, index + producers, index + 2 * producers... */
    private final int ownPeers;
    private long sent;
    private int nextReconnect;

    AllocProducer(final int index, final Engine sprocket, final SpSocket socket, final Phases phases,
        final long[] ids, final Addr[] addrs, final UnsafeBuffer template, final AllocSuite.Settings s) {
        this.index = index;
        this.ring = sprocket.ring();
        this.control = sprocket.control();
        this.socket = socket;
        this.phases = phases;
        this.ids = ids;
        this.addrs = addrs;
        this.template = template;
        this.s = s;
        this.ownPeers = (ids.length - index + s.producers - 1) / s.producers;
    }

    @Override
    public void run() {
        final long warmup = s.warmupMessages();
        final long first = AllocSuite.firstWarmup(warmup);
        if (!send(AllocSuite.share(index, first, s.producers)) || !pause(1)
            || !send(AllocSuite.share(index, warmup - first, s.producers)) || !pause(2)) {
            return;
        }
        for (int phase = 2; ; phase++) {
            if (!send(AllocSuite.share(index, s.messages, s.producers)) || !pause(phase + 1)) {
                return;
            }
        }
    }

    /** Arrives at a pause and waits, yielding (which allocates nothing), for the next phase. */
    private boolean pause(final int nextPhase) {
        phases.arrived.incrementAndGet();
        final long deadline = System.nanoTime() + s.timeoutNs;
        while (phases.phase < nextPhase) {
            Thread.yield();
            if (System.nanoTime() - deadline > 0) {
                failure = "producer " + index + " waited for the next phase past the timeout";
                return false;
            }
        }
        return phases.phase == nextPhase;
    }

    private boolean send(final long count) {
        for (long left = count; left > 0; left -= CHUNK) {
            if (!sendChunk((int)Math.min(CHUNK, left))) {
                return false;
            }
        }
        return true;
    }

    private boolean sendChunk(final int count) {
        if (ownPeers == 0) {
            failure = "producer " + index + " has no peer of its own: use more --peers than --producers";
            return false;
        }
        final int size = s.sizeBytes;
        for (int i = 0; i < count; i++) {
            final int peer = index + (int)(sent % ownPeers) * s.producers;
            if (s.churnEvery > 0 && sent % s.churnEvery == s.churnEvery - 1 && !reconnect()) {
                return false;
            }
            final long seq = ring.claim(size, s.timeoutNs);
            if (seq < 0) {
                failure = "producer " + index + ": claim refused (" + seq + ")";
                return false;
            }
            final Message m = ring.message(seq);
            m.peerId(ids[peer]).addr(addrs[peer]);
            final UnsafeBuffer b = m.buffer();
            b.putBytes(8, template, 8, size - 8);
            b.putLong(SEQUENCE, sent);
            ring.publish(seq);
            sent++;
        }
        return true;
    }

    /** Reconnects the next of this producer's peers under a new id: three control events. */
    private boolean reconnect() {
        final int peer = index + (nextReconnect++ % ownPeers) * s.producers;
        final long newId = control.newPeerId();
        if (control.peerDisconnected(socket, ids[peer], s.timeoutNs) < 0
            || control.peerConnecting(socket, newId, addrs[peer], s.timeoutNs) < 0
            || control.peerConnected(socket, newId, s.timeoutNs) < 0) {
            failure = "producer " + index + ": a control event was refused";
            return false;
        }
        ids[peer] = newId;
        reconnects++;
        return true;
    }
}
