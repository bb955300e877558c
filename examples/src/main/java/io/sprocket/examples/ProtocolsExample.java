package io.sprocket.examples;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import io.sprocket.engine.Engine;
import io.sprocket.message.Addr;
import io.sprocket.message.Message;
import io.sprocket.registry.SpSocket;
import io.sprocket.transport.Listener;
import io.sprocket.transport.SpProtocol;
import io.sprocket.transport.Transport;

/**
 * Two Scalability Protocols between two Sprocket processes (here two engines in one JVM): REQ/REP,
 * where each reply finds its request by id, and PUB/SUB, where a subscriber receives only the topics
 * it subscribed to. Any NNG or nanomsg peer can take either side, for instance
 * {@code nngcat --req0 --dial tcp://127.0.0.1:PORT --data ping --quoted}.
 *
 * <p><b>Note:</b> a program: {@link #main} runs on the caller's thread; handlers run on each engine's
 * thread and the transports' I/O on their own threads.
 */
public final class ProtocolsExample {
    private static final long WAIT_NS = TimeUnit.SECONDS.toNanos(10);

    private ProtocolsExample() {
    }

    /**
     * Runs both exchanges and prints what each side received.
     *
     * @param args ignored.
     * @throws IOException when a listener cannot bind.
     */
    public static void main(final String[] args) throws IOException {
        System.out.println(requestReply(3));
        System.out.println(publishSubscribe());
    }

    /**
     * A REQ socket asks a REP socket {@code count} questions, all outstanding at once; the REP's handler
     * answers each, and each answer comes back with its request's id.
     *
     * @param count how many requests.
     * @return the answers, in request order, for instance {@code "re: question 1, re: question 2"}.
     * @throws IOException when the listener cannot bind.
     */
    public static String requestReply(final int count) throws IOException {
        // tag::reqrep[]
        Transport[] server = new Transport[1];
        Engine repEngine = Engine.builder().name("rep")
            .handler((request, sequence, endOfBatch) -> {
                // The REP engine's thread: answer. reply() sends the answer back along the request's
                // backtrace; request.clone() would let another thread answer later.
                byte[] answer = ("re: " + text(request)).getBytes(StandardCharsets.UTF_8);
                Message reply = server[0].ring().clonePool().acquire(answer.length)
                    .putPayload(answer, 0, answer.length);
                if (!server[0].reply(request, reply)) {      // false: the requester has gone
                    reply.release();
                }
            })
            .build().start();
        server[0] = Transport.builder(repEngine).build();

        Map<Long, String> answers = new ConcurrentHashMap<>();
        Engine reqEngine = Engine.builder().name("req")
            .handler((reply, sequence, endOfBatch) -> answers.put(Transport.requestId(reply), text(reply)))
            .build().start();
        Transport client = Transport.builder(reqEngine).build();
        try {
            SpSocket rep = server[0].openSocket("answers", SpProtocol.REP);
            Listener listener = server[0].listen(rep, Addr.parse("tcp://127.0.0.1:0"));
            SpSocket req = client.openSocket("questions", SpProtocol.REQ);
            client.dial(req, listener.boundAddr());
            if (!client.awaitReady(req, 1, WAIT_NS)) {
                throw new IllegalStateException("the REQ socket did not connect within 10 s");
            }
            long[] ids = new long[count];
            for (int i = 0; i < count; i++) {
                byte[] question = ("question " + (i + 1)).getBytes(StandardCharsets.UTF_8);
                Message m = reqEngine.ring().clonePool().acquire(question.length)
                    .putPayload(question, 0, question.length);
                ids[i] = client.request(req, m);              // the id, or a negative code (m still ours)
                if (ids[i] < 0) {
                    m.release();
                    throw new IllegalStateException("request refused: " + ids[i]);
                }
            }
            await(() -> answers.size() == count);
            StringBuilder inOrder = new StringBuilder();
            for (long id : ids) {
                inOrder.append(inOrder.length() == 0 ? "" : ", ").append(answers.get(id));
            }
            return inOrder.toString();
        } finally {
            client.close();
            reqEngine.close(WAIT_NS);
            server[0].close();
            repEngine.close(WAIT_NS);
        }
        // end::reqrep[]
    }

    /**
     * A PUB socket publishes prices of three instruments; a SUB socket subscribed to two of them
     * receives only those.
     *
     * @return what the subscriber received, in order.
     * @throws IOException when the listener cannot bind.
     */
    public static String publishSubscribe() throws IOException {
        // tag::pubsub[]
        ConcurrentLinkedQueue<String> received = new ConcurrentLinkedQueue<>();
        Engine subEngine = Engine.builder().name("sub")
            .handler((message, sequence, endOfBatch) -> received.add(text(message)))
            .build().start();
        Transport subscriber = Transport.builder(subEngine).build();
        Engine pubEngine = Engine.builder().name("pub").handler((message, sequence, endOfBatch) -> { })
            .build().start();
        Transport publisher = Transport.builder(pubEngine).build();
        try {
            SpSocket sub = subscriber.openSocket("prices", SpProtocol.SUB);
            subscriber.subscriptions(sub).subscribe("EURUSD".getBytes(StandardCharsets.UTF_8));   // byte prefixes
            subscriber.subscriptions(sub).subscribe("GBPUSD".getBytes(StandardCharsets.UTF_8));
            Listener listener = subscriber.listen(sub, Addr.parse("tcp://127.0.0.1:0"));
            SpSocket pub = publisher.openSocket("prices", SpProtocol.PUB);
            publisher.dial(pub, listener.boundAddr());
            if (!publisher.awaitReady(pub, 1, WAIT_NS)) {   // a PUB drops what it sends while nobody listens
                throw new IllegalStateException("the PUB socket did not connect within 10 s");
            }
            for (String price : new String[] {"EURUSD 1.0812", "USDJPY 151.20", "GBPUSD 1.2675", "EURUSD 1.0813"}) {
                byte[] bytes = price.getBytes(StandardCharsets.UTF_8);
                Message m = pubEngine.ring().clonePool().acquire(bytes.length).putPayload(bytes, 0, bytes.length);
                publisher.send(pub, m);                       // to every subscriber; never waits
            }
            await(() -> received.size() == 3);
            return String.join(", ", received);
        } finally {
            publisher.close();
            pubEngine.close(WAIT_NS);
            subscriber.close();
            subEngine.close(WAIT_NS);
        }
        // end::pubsub[]
    }

    private static String text(final Message m) {
        byte[] bytes = new byte[m.length()];
        m.buffer().getBytes(0, bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static void await(final java.util.function.BooleanSupplier done) {
        long deadline = System.nanoTime() + WAIT_NS;
        while (!done.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("not done within 10 s");
            }
            LockSupport.parkNanos(1_000_000);
        }
    }
}
