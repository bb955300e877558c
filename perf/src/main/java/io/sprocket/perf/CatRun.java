package io.sprocket.perf;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import io.sprocket.engine.Engine;
import io.sprocket.message.Addr;
import io.sprocket.message.InfraConfig;
import io.sprocket.message.Message;
import io.sprocket.registry.SpSocket;
import io.sprocket.ring.MessageRing;
import io.sprocket.transport.Dialer;
import io.sprocket.transport.Listener;
import io.sprocket.transport.SpProtocol;
import io.sprocket.transport.Transport;
import io.sprocket.transport.TransportBuilder;
import io.sprocket.transport.TransportStats;

/**
 * One {@code cat} run, as nngcat behaves: an engine and a transport of its own, one socket that
 * listens and dials where it is told, sends its data once, {@code count} times or every
 * {@code interval} seconds, and prints what it receives until {@code count} messages or a receive
 * timeout. A dial without {@code async} waits for its first attempt and fails the run when it fails.
 *
 * <p><b>Note:</b> {@link #run} runs on the calling thread (received messages are printed on the
 * engine thread) and allocates freely: a command-line tool, not a hot path.
 */
final class CatRun {
    /** Exit status: done. */
    static final int OK = 0;
    /** Exit status: a failure while running (printed on the error stream). */
    static final int FAILED = 1;

    private static final long SYNC_DIAL_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(30);
    private static final long FLUSH_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(30);
    private static final long POLL_NS = 1_000_000;

    /** What one run does, checked by the command before it runs. */
    static final class Settings {
        /** The socket's SP protocol id ({@link SpProtocol}). */
        int protocol = -1;
        /** URLs to listen on, then URLs to dial. */
        final List<String> listen = new ArrayList<>();
        final List<String> dial = new ArrayList<>();
        /** A SUB's topics (at least the empty one for a SUB). */
        final List<byte[]> subscriptions = new ArrayList<>();
        /** The data to send, or null for a receiver. */
        byte[] data;
        /** Messages to send or receive; 0 for the default (send once, receive without end). */
        int count;
        CatFormat format = CatFormat.NONE;
        /** Seconds without a message before a receiver stops; 0 waits without end. */
        double recvTimeoutSec;
        /** Seconds a send may wait for a connection with room; 0 waits without end. */
        double sendTimeoutSec;
        /** A SURVEYOR's survey time in seconds; 0 for the transport's default. */
        double surveyTimeSec;
        /** The receive limit in bytes; 0 for none, -1 for the transport's default. */
        int recvMaxSizeBytes = -1;
        /** Seconds between sends; 0 sends back to back. */
        double intervalSec;
        /** Seconds before the first send. */
        double delaySec;
        /** Print the bound and dialled addresses. */
        boolean verbose;
        /** Dial without waiting for the first attempt. */
        boolean async;
    }

    private CatRun() {
    }

    /**
     * Builds an engine and a transport, listens and dials, sends and receives as the settings say,
     * closes everything.
     *
     * @param s   the checked settings.
     * @param out where received messages (and the verbose lines) go.
     * @param err where errors go.
     * @return {@link #OK} or {@link #FAILED}.
     */
    static int run(final Settings s, final PrintStream out, final PrintStream err) {
        final boolean sends = s.data != null;
        final boolean receives = s.protocol != SpProtocol.PUSH && s.protocol != SpProtocol.PUB;
        final Printer printer = new Printer(s.format, out);
        final int maxMessage = s.recvMaxSizeBytes == 0 ? InfraConfig.MAX_MESSAGE_SIZE_BYTES
            : Math.max(16 << 20, Math.max(s.recvMaxSizeBytes, sends ? s.data.length : 0));
        final InfraConfig config = InfraConfig.builder().bufferSizeBytes(64 * 1024)
            .maxPooledSizeBytes(64 * 1024).maxRetained(64).maxMessageSizeBytes(maxMessage).build();
        final Engine engine = Engine.builder().name("sprocket-cat").config(config)
            .ring(MessageRing.builder().ringSize(64)).jmx(false)
            .handler((m, seq, eob) -> printer.print(m)).build().start();
        Transport transport = null;
        try {
            final TransportBuilder tb = Transport.builder(engine).outboundCapacity(32);
            if (s.recvMaxSizeBytes >= 0) {
                tb.recvMaxSizeBytes(s.recvMaxSizeBytes == 0 ? maxMessage : s.recvMaxSizeBytes);
            }
            if (s.surveyTimeSec > 0) {
                tb.surveyTimeNs((long)(s.surveyTimeSec * 1e9));
            }
            transport = tb.build();
            final SpSocket socket = transport.openSocket("cat", s.protocol);
            for (final byte[] topic : s.subscriptions) {
                transport.subscriptions(socket).subscribe(topic);
            }
            final boolean answers = s.protocol == SpProtocol.REP || s.protocol == SpProtocol.RESPONDENT;
            final boolean asks = s.protocol == SpProtocol.REQ || s.protocol == SpProtocol.SURVEYOR;
            if (answers && sends) {
                printer.answerWith(transport, s.data);   // before any request can arrive
            }
            for (final String url : s.listen) {
                final Listener l = transport.listen(socket, Addr.parse(url));
                if (s.verbose) {
                    out.println("Listening at: " + l.boundAddr());
                    out.flush();
                }
            }
            for (final String url : s.dial) {
                final Dialer d = transport.dial(socket, Addr.parse(url));
                if (!s.async && !awaitFirstAttempt(transport, socket, d)) {
                    err.println("sprocket cat: cannot dial " + url + ": "
                        + (d.lastError() != null ? d.lastError() : "no connection ready within 30 s"));
                    return FAILED;
                }
                if (s.verbose) {
                    out.println("Connected to: " + d.addr());
                    out.flush();
                }
            }
            if (answers && sends) {
                if (!awaitReceived(printer, s.count, s.recvTimeoutSec)) {
                    reportTimeout(err, printer, s.count, s.recvTimeoutSec, transport);
                }
                awaitFlushed(err, transport, socket);
            } else if (sends) {
                sleepSeconds(s.delaySec);
                final long times = s.count > 0 ? s.count : (s.intervalSec > 0 ? Long.MAX_VALUE : 1);
                for (long i = 0; i < times; i++) {
                    if (!sendOne(transport, socket, s.data, s.sendTimeoutSec)) {
                        err.println("sprocket cat: send timed out after " + s.sendTimeoutSec + " s");
                        return FAILED;
                    }
                    if (s.protocol == SpProtocol.SURVEYOR) {
                        sleepSeconds(transport.settings().surveyTimeNs() / 1e9);   // the responses come meanwhile
                    } else if (asks) {
                        if (!awaitReceived(printer, i + 1, s.recvTimeoutSec)) {  // the request's reply
                            reportTimeout(err, printer, i + 1, s.recvTimeoutSec, transport);
                        }
                    }
                    if (s.intervalSec > 0 && i + 1 < times) {
                        sleepSeconds(s.intervalSec);
                    }
                }
                awaitFlushed(err, transport, socket);
            }
            if (receives && !(answers && sends) && !asks && (!sends || s.recvTimeoutSec > 0 || s.count > 0)) {
                if (!awaitReceived(printer, s.count, s.recvTimeoutSec)) {
                    reportTimeout(err, printer, s.count, s.recvTimeoutSec, transport);
                }
            }
            if (printer.unanswered > 0) {
                err.println("sprocket cat: requests not answered: " + printer.unanswered + " (the requester had gone,"
                    + " its queue was full, or the cat was closing)");
            }
            if (printer.failure != null) {
                err.println("sprocket cat: " + printer.failure);
                return FAILED;
            }
            return OK;
        } catch (final IOException | RuntimeException e) {
            err.println("sprocket cat: " + e.getMessage());
            return FAILED;
        } finally {
            if (transport != null) {
                transport.close();
            }
            engine.close(TimeUnit.SECONDS.toNanos(5));
            out.flush();
        }
    }

    /**
     * A dial without {@code --async}, as nngcat's: waits until the connection is up and ready to carry
     * messages (a PUB sends nothing to a connection the engine has not registered yet), or fails at
     * the first refusal.
     */
    private static boolean awaitFirstAttempt(final Transport t, final SpSocket socket, final Dialer d) {
        final long deadline = System.nanoTime() + SYNC_DIAL_TIMEOUT_NS;
        while (!d.isConnected() || t.readyConnections(socket) == 0) {
            if (d.failures() > 0 || System.nanoTime() - deadline >= 0) {
                return false;
            }
            LockSupport.parkNanos(POLL_NS);
        }
        return true;
    }

    /** Waits for what the cat sent or answered to be written out; says so on the error stream when it was not. */
    private static void awaitFlushed(final PrintStream err, final Transport t, final SpSocket socket) {
        if (!t.awaitFlushed(socket, FLUSH_TIMEOUT_NS)) {
            err.println("sprocket cat: not everything sent was written out within "
                + TimeUnit.NANOSECONDS.toSeconds(FLUSH_TIMEOUT_NS) + " s; " + t.stats(new TransportStats()));
        }
    }

    private static boolean sendOne(final Transport t, final SpSocket socket, final byte[] data, final double timeoutSec) {
        final Message m = t.ring().clonePool().acquire(data.length).putPayload(data, 0, data.length);
        final long deadline = timeoutSec > 0 ? System.nanoTime() + (long)(timeoutSec * 1e9) : Long.MAX_VALUE;
        while (!t.send(socket, m)) {
            if (timeoutSec > 0 && System.nanoTime() - deadline >= 0) {
                m.release();
                return false;
            }
            LockSupport.parkNanos(POLL_NS);
        }
        return true;
    }

    /**
     * When the receive timeout ended a run that was told how many messages to take before it had them
     * all: says so on the error stream, with the transport's counts (was anybody connected, did frames
     * arrive), as the exit status stays 0 (as nngcat's does).
     */
    private static void reportTimeout(final PrintStream err, final Printer printer, final long expected,
        final double recvTimeoutSec, final Transport transport) {
        final long received;
        synchronized (printer) {
            received = printer.received;
        }
        err.println("sprocket cat: the receive timeout (" + recvTimeoutSec + " s) passed after " + received + " of "
            + expected + " messages; " + transport.stats(new TransportStats()));
    }

    /**
     * Waits, asleep, until {@code count} messages in all (0: without end), or until the receive timeout
     * passes without one: the engine thread wakes it at each message, so an idle cat spends no CPU here.
     *
     * @return false when a count was given and the receive timeout ended the wait before it was reached.
     */
    private static boolean awaitReceived(final Printer printer, final long count, final double recvTimeoutSec) {
        final long timeoutNs = recvTimeoutSec > 0 ? (long)(recvTimeoutSec * 1e9) : 0;
        synchronized (printer) {
            long seen = printer.received;
            long lastChange = System.nanoTime();
            while (count <= 0 || printer.received < count) {
                final long now = System.nanoTime();
                if (printer.received != seen) {
                    seen = printer.received;
                    lastChange = now;
                }
                final long leftNs = timeoutNs > 0 ? lastChange + timeoutNs - now : Long.MAX_VALUE;
                if (leftNs <= 0) {
                    return count <= 0;
                }
                try {
                    if (leftNs == Long.MAX_VALUE) {
                        printer.wait();
                    } else {
                        printer.wait(leftNs / 1_000_000, (int)(leftNs % 1_000_000));
                    }
                } catch (final InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return true;   // stopped by the caller: not a timeout to report
                }
            }
        }
        return true;
    }

    private static void sleepSeconds(final double s) {
        if (s > 0) {
            final long deadline = System.nanoTime() + (long)(s * 1e9);
            long left;
            while ((left = deadline - System.nanoTime()) > 0) {
                LockSupport.parkNanos(left);
            }
        }
    }

    /**
     * Prints received messages on the engine thread, answers each with the data for a REP or RESPONDENT
     * that has some (counting the answers the transport refused), and wakes the thread that waits for them.
     */
    private static final class Printer {
        private final CatFormat format;
        private final PrintStream out;
        private volatile Transport answerVia;
        private byte[] answer;
        /** Messages received so far; guarded by this printer's monitor. */
        long received;
        /** Requests whose answer the transport refused (reported when the run ends); engine thread. */
        volatile long unanswered;
        volatile Throwable failure;

        Printer(final CatFormat format, final PrintStream out) {
            this.format = format;
            this.out = out;
        }

        /** From now on, answers each message received with {@code data} (set before the first request can arrive). */
        void answerWith(final Transport transport, final byte[] data) {
            answer = data;
            answerVia = transport;
        }

        void print(final Message m) {
            try {
                final Transport t = answerVia;
                if (t != null) {
                    final Message reply = t.ring().clonePool().acquire(answer.length).putPayload(answer, 0, answer.length);
                    if (!t.reply(m, reply)) {
                        reply.release();
                        unanswered++;
                    }
                }
                if (format != CatFormat.NONE) {
                    final byte[] bytes = new byte[m.length()];
                    m.buffer().getBytes(0, bytes);
                    synchronized (out) {
                        if (format == CatFormat.RAW) {
                            out.write(bytes, 0, bytes.length);
                        } else if (format == CatFormat.MSGPACK) {
                            final byte[] packed = format.format(bytes).getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
                            out.write(packed, 0, packed.length);
                        } else {
                            out.print(format.format(bytes));
                        }
                        out.flush();
                    }
                }
            } catch (final RuntimeException e) {
                failure = e;
            }
            synchronized (this) {
                received++;
                notifyAll();
            }
        }
    }
}
