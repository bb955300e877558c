package io.sprocket.examples;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import io.sprocket.engine.Engine;
import io.sprocket.message.Addr;
import io.sprocket.message.Message;
import io.sprocket.registry.SpSocket;
import io.sprocket.transport.Listener;
import io.sprocket.transport.SpProtocol;
import io.sprocket.transport.Transport;

/**
 * Speaks SP over TCP: a PULL socket listens, a PUSH socket dials it and sends messages, and the ring's
 * handler receives them. Any NNG or nanomsg peer can take the PUSH side instead, for instance
 * {@code nngcat --push0 --dial tcp://127.0.0.1:PORT --data hello}.
 *
 * <p><b>Note:</b> a program: {@link #main} runs on the caller's thread; the handler runs on the
 * ring's engine thread and the transport's I/O on its own threads.
 */
public final class TransportExample {
    private TransportExample() {
    }

    /**
     * Sends 1 000 messages from a PUSH socket to a PULL socket over loopback TCP and prints what
     * arrived.
     *
     * @param args ignored.
     * @throws IOException          when the listener cannot bind.
     * @throws InterruptedException when interrupted while waiting for the messages.
     */
    public static void main(final String[] args) throws IOException, InterruptedException {
        System.out.println(run(1_000));
    }

    /**
     * Sends {@code count} messages and waits (at most 10 s) until the handler has received them.
     *
     * @param count how many messages to send.
     * @return how many messages and bytes the handler received, on one line.
     * @throws IOException          when the listener cannot bind.
     * @throws InterruptedException when interrupted while waiting for the messages.
     */
    // tag::transport[]
    public static String run(final int count) throws IOException, InterruptedException {
        CountDownLatch received = new CountDownLatch(count);
        AtomicLong receivedBytes = new AtomicLong();
        Engine engine = Engine.builder()                           // a ring, and registries of peers
            .name("sp")
            .handler((message, sequence, endOfBatch) -> {
                // The engine thread: a message the PULL socket received; message.peerId() is the
                // sender, which transport.sendToPeer(peerId, reply) would answer.
                receivedBytes.addAndGet(message.length());
                received.countDown();
            })
            .build()
            .start();
        Transport transport = Transport.builder(engine).build();
        try {
            SpSocket pull = transport.openSocket("in", SpProtocol.PULL);
            Listener listener = transport.listen(pull, Addr.parse("tcp://127.0.0.1:0"));   // port 0: any free port
            SpSocket push = transport.openSocket("out", SpProtocol.PUSH);
            transport.dial(push, listener.boundAddr());
            if (!transport.awaitReady(push, 1, TimeUnit.SECONDS.toNanos(5))) {
                throw new IllegalStateException("the PUSH socket did not connect within 5 s");
            }

            byte[] hello = "hello".getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < count; i++) {
                // A message to send comes from a pool; once send() returns true the transport owns it.
                Message m = engine.ring().clonePool().acquire(hello.length).putPayload(hello, 0, hello.length);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                while (!transport.send(push, m)) {                 // false: the queue is full, m is still ours
                    if (System.nanoTime() > deadline) {
                        m.release();
                        throw new IllegalStateException("the PUSH socket's queue stayed full for 5 s");
                    }
                    LockSupport.parkNanos(100_000);
                }
            }
            boolean all = received.await(10, TimeUnit.SECONDS);
            return (all ? "received all " : "received only ") + (count - received.getCount()) + " of " + count
                + " messages, " + receivedBytes.get() + " bytes, from " + listener.boundAddr();
        } finally {
            transport.close();                                     // the transport first, then its engine
            engine.close(TimeUnit.SECONDS.toNanos(5));
        }
    }
    // end::transport[]
}
