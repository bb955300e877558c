package io.sprocket.transport;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import io.sprocket.message.Addr;
import io.sprocket.message.Message;
import io.sprocket.ring.MessageHandler;

/** A ring handler for functional tests: keeps a copy of every received message. */
final class Collector implements MessageHandler {
    /** One received message. */
    static final class Received {
        final long peerId;
        final Addr addr;
        final byte[] bytes;

        Received(final long peerId, final Addr addr, final byte[] bytes) {
            this.peerId = peerId;
            this.addr = addr;
            this.bytes = bytes;
        }
    }

    private final List<Received> received = new ArrayList<>();
    volatile MessageHandler also;

    @Override
    public void onMessage(final Message message, final long sequence, final boolean endOfBatch) throws Exception {
        final byte[] copy = new byte[message.length()];
        message.buffer().getBytes(0, copy);
        synchronized (this) {
            received.add(new Received(message.peerId(), message.addr(), copy));
        }
        final MessageHandler extra = also;
        if (extra != null) {
            extra.onMessage(message, sequence, endOfBatch);
        }
    }

    synchronized int count() {
        return received.size();
    }

    synchronized List<Received> all() {
        return new ArrayList<>(received);
    }

    /** Waits (bounded) for at least {@code n} messages; fails the test on timeout. */
    List<Received> await(final int n, final long timeoutMs) {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (count() < n) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out after " + timeoutMs + " ms waiting for " + n + " messages, got "
                    + count());
            }
            LockSupport.parkNanos(500_000);
        }
        return all();
    }

    /** Waits (bounded) for at least {@code n} messages, then answers every message received, as ASCII text. */
    List<String> texts(final int n) {
        final List<String> texts = new ArrayList<>();
        for (final Received r : await(n, Node.WAIT_MS)) {
            texts.add(new String(r.bytes, StandardCharsets.US_ASCII));
        }
        return texts;
    }
}
