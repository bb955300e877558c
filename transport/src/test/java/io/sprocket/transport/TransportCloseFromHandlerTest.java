package io.sprocket.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.sprocket.message.Addr;
import io.sprocket.message.Waits;
import io.sprocket.registry.SpSocket;
import io.sprocket.ring.MessageHandler;
import io.sprocket.ring.MessageRing;
import io.sprocket.engine.RegistryStats;
import io.sprocket.engine.Engine;

/**
 * {@code Transport.close()} called from a handler, on a thread of the ring it must wait for, starts
 * the close on another thread and returns false at once; the close completes after the handler
 * returns, every message published before it is handled, and a later close returns its (clean)
 * result. Before, it waited out its whole timeout (the engine it waited for was the caller) and
 * returned false for good.
 */
@Timeout(60)
class TransportCloseFromHandlerTest {
    private static final long FIVE_S = TimeUnit.SECONDS.toNanos(5);

    /** Closes the transport on the 5th message, and records what close answered. */
    static final class Closer implements MessageHandler {
        final AtomicReference<Transport> transport = new AtomicReference<>();
        final AtomicInteger handled = new AtomicInteger();
        final AtomicReference<Boolean> answer = new AtomicReference<>();
        volatile boolean closingInHandler;

        @Override
        public void onMessage(final io.sprocket.message.Message m, final long sequence, final boolean endOfBatch) {
            if (m.peerId() == 0) {
                return;
            }
            if (handled.incrementAndGet() == 5) {
                final boolean answered = transport.get().close(FIVE_S);
                closingInHandler = transport.get().isClosing();   // written before answer, which the test waits for
                answer.set(answered);
                // Stay a little in the handler: the close cannot complete before this returns.
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
            }
        }
    }

    @Test
    void shouldStartTheCloseFromTheEngineAndCompleteItOnceTheHandlerReturns() throws Exception {
        runCloseFrom(false);
    }

    @Test
    void shouldStartTheCloseFromAReaderToo() throws Exception {
        runCloseFrom(true);
    }

    private static void runCloseFrom(final boolean reader) throws Exception {
        final Closer closer = new Closer();
        final Engine.Builder eb = Engine.builder().name("close-in-handler-" + reader).config(Node.config())
            .ring(Node.ring()).jmx(false);
        if (reader) {
            eb.ring(Node.ring().addReader("audit", closer)).handler((m, s, e) -> { });
        } else {
            eb.handler(closer);
        }
        final Engine ring = eb.build().start();
        final Transport transport = Transport.builder(ring).build();
        closer.transport.set(transport);
        try (Node sender = new Node("sender")) {
            final SpSocket pull = transport.openSocket("pull", SpProtocol.PULL);
            final Listener l = transport.listen(pull, Addr.parse("tcp://127.0.0.1:0"));
            final SpSocket push = sender.socket(SpProtocol.PUSH);
            sender.transport.dial(push, l.boundAddr());
            assertThat(sender.transport.awaitReady(push, 1, FIVE_S)).isTrue();
            // 20 messages, or fewer: once the handler has closed the transport, the sender's connection is gone
            // and what it has not sent yet cannot go (the receiver's close drains only what it received).
            for (int i = 0; i < 20 && closer.answer.get() == null; i++) {
                final io.sprocket.message.Message m = sender.ring.clonePool().acquire(1);
                m.buffer().putByte(0, (byte)i);
                final boolean[] sent = new boolean[1];
                Waits.await("room to send, or the close", Node.WAIT_MS,
                    () -> (sent[0] = sender.transport.send(push, m)) || closer.answer.get() != null);
                if (!sent[0]) {
                    m.release();
                }
            }
            Waits.await("the handler to close the transport", 10_000, () -> closer.answer.get() != null);
            assertThat(closer.answer.get()).as("close on a ring thread: started, not finished").isFalse();
            assertThat(closer.closingInHandler).as("closing at once").isTrue();

            assertThat(transport.close(FIVE_S)).as("a later close waits for it and answers its result").isTrue();
            final long framesIn = transport.stats(new TransportStats()).framesIn();
            Waits.await("every message published before the close handled", 10_000,
                () -> closer.handled.get() == framesIn);
            assertThat(framesIn).isGreaterThanOrEqualTo(5);
            assertThat(ring.registries().snapshot().connectionCount()).isZero();
            assertThat(ring.registries().snapshot().peerCount()).isZero();
            assertThat(ring.registries().stats(new RegistryStats()).controlErrors()).isZero();
            for (final Thread t : transport.ioThreads()) {
                assertThat(t.isAlive()).isFalse();
            }
            assertThat(transport.close(0)).as("and again").isTrue();
        } finally {
            transport.close(FIVE_S);
            assertThat(ring.close(FIVE_S)).as("left unhandled").isZero();
        }
    }
}
