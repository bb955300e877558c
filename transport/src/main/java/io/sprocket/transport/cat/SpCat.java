package io.sprocket.transport.cat;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import io.sprocket.message.Addr;
import io.sprocket.message.InfraConfig;
import io.sprocket.message.Message;
import io.sprocket.registry.SpSocket;
import io.sprocket.engine.Engine;
import io.sprocket.transport.Dialer;
import io.sprocket.transport.Listener;
import io.sprocket.transport.SpProtocol;
import io.sprocket.transport.Transport;

/**
 * An nngcat-like command: speak SP from a shell through a Sprocket ring and transport.
 *
 * <pre>
 * cat --pull0 --listen tcp://127.0.0.1:5555 --hex --count 3
 * cat --push0 --dial tcp://127.0.0.1:5555 --data hello
 * cat --pair0 --dial ipc:///tmp/pair.sock --quoted --data ping --recv-timeout 2
 * </pre>
 *
 * <p>Options (nngcat's names and aliases): a protocol, {@code --push0}, {@code --pull0},
 * {@code --pair0} (also {@code --push}, {@code --pull}); one or more of {@code --listen URL}
 * ({@code --bind}), {@code --dial URL} ({@code --connect}), {@code --bind-local PORT} ({@code -L}),
 * {@code --connect-local PORT} ({@code -l}), {@code --bind-ipc PATH} ({@code -X}),
 * {@code --connect-ipc PATH} ({@code -x}); an output format, {@code --hex}, {@code --quoted}
 * ({@code -Q}), {@code --raw}, {@code --ascii} ({@code -A}) or {@code --format NAME}; the data,
 * {@code --data S} ({@code -D}) or {@code --file F} ({@code -F}, {@code -} for standard input);
 * {@code --count N} ({@code -C}), {@code --interval SEC} ({@code -i}), {@code --delay SEC}
 * ({@code -d}), {@code --recv-timeout SEC}, {@code --send-timeout SEC}, {@code --recv-maxsz N}
 * ({@code -Z}; 0 means no limit), {@code --async}, {@code --verbose} ({@code -v}),
 * {@code --silent} ({@code -q}). Times may have fractions (nngcat takes whole seconds).
 *
 * <p>Behaviour, as nngcat's: a sender sends its data once, or {@code --count} times, or every
 * {@code --interval} seconds (forever without a count), then waits until it is written and exits.
 * A receiver prints each message in the chosen format (nothing without one) and exits after
 * {@code --count} messages or when {@code --recv-timeout} passes without one. A PAIR with data does
 * both. A dial without {@code --async} waits for its first attempt and fails (exit code 1) if it
 * fails, as nngcat's synchronous dial does; with {@code --async} it keeps retrying in the background.
 * Exit code 0 on success, 1 on an error (printed on standard error), 2 on bad options.
 *
 * <p>Output formats, byte for byte as nngcat 1.5.2: {@code --hex} prints {@code "\x61\x62"} and a
 * newline per message (lower-case digits); {@code --quoted} prints printable ASCII as itself,
 * {@code \"}, {@code \\}, {@code \t}, {@code \n}, {@code \r}, and {@code \xNN} for the rest, in
 * double quotes, then a newline; {@code --raw} writes the bytes as they are; {@code --ascii} writes
 * printable ASCII as itself and anything else as {@code .}, with no separator (as nngcat 1.5.2 does).
 *
 * <p><b>Note:</b> {@link #run(Options, PrintStream)} runs on the calling thread, builds its own ring
 * and transport, and allocates freely: a command-line tool, not a hot path.
 */
public final class SpCat {
    /**
     * How received messages are printed.
     *
     * <p><b>Note:</b> constants: any thread, no allocation.
     */
    public enum Format {
        /** Not printed. */
        NONE,
        /** {@code "\x61\x62"} and a newline. */
        HEX,
        /** C-like escapes in double quotes, and a newline. */
        QUOTED,
        /** The bytes as they are. */
        RAW,
        /** Printable ASCII, anything else as a dot, no separator. */
        ASCII
    }

    /** Exit code: success. */
    public static final int OK = 0;
    /** Exit code: a failure while running (printed on the error stream). */
    public static final int FAILED = 1;
    /** Exit code: bad options. */
    public static final int USAGE = 2;

    private static final char[] HEX_DIGITS = "0123456789abcdef".toCharArray();
    private static final long SYNC_DIAL_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(10);
    private static final long FLUSH_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(10);
    private static final long POLL_NS = 1_000_000;

    private SpCat() {
    }

    /**
     * The options of one run: set them directly or through {@link SpCat#parse(String...)}.
     *
     * <p><b>Note:</b> a plain mutable value for one thread; it allocates only what it is given.
     */
    public static final class Options {
        /** The socket's SP protocol id ({@link SpProtocol}); -1 until set. */
        public int protocol = -1;
        /** URLs to listen on. */
        public final List<String> listen = new ArrayList<>();
        /** URLs to dial. */
        public final List<String> dial = new ArrayList<>();
        /** The data to send, or null. */
        public byte[] data;
        /** A file whose contents to send ({@code -} for standard input), or null. */
        public String file;
        /** Messages to send or receive; 0 for the default (send once, receive without end). */
        public int count;
        /** How received messages are printed. */
        public Format format = Format.NONE;
        /** Seconds to wait for a message before exiting; 0 or less waits without end. */
        public double recvTimeoutSec;
        /** Seconds a send may wait for a connection with room; 0 or less waits without end. */
        public double sendTimeoutSec;
        /** The receive limit in bytes; 0 for none, -1 for the transport's default (1 MiB). */
        public int recvMaxSizeBytes = -1;
        /** Seconds between sends; 0 sends back to back. */
        public double intervalSec;
        /** Seconds to wait before the first send. */
        public double delaySec;
        /** Print the bound addresses ({@code Listening at: URL}) on the output stream. */
        public boolean verbose;
        /** Dial without waiting for the first attempt. */
        public boolean async;

        /** Options with nothing set. */
        public Options() {
        }

        @Override
        public String toString() {
            return "Options{protocol=" + SpProtocol.name(protocol) + ", listen=" + listen + ", dial=" + dial
                + ", data=" + (data == null ? "null" : data.length + " bytes") + ", file=" + file + ", count=" + count
                + ", format=" + format + ", recvTimeoutSec=" + recvTimeoutSec + ", sendTimeoutSec=" + sendTimeoutSec
                + ", recvMaxSizeBytes=" + recvMaxSizeBytes + ", intervalSec=" + intervalSec + ", delaySec=" + delaySec
                + ", verbose=" + verbose + ", async=" + async + '}';
        }
    }

    /**
     * Parses nngcat-style arguments (see the class comment).
     *
     * @param args the arguments.
     * @return the options.
     * @throws IllegalArgumentException naming the bad argument.
     */
    public static Options parse(final String... args) {
        final Options o = new Options();
        for (int i = 0; i < args.length; i++) {
            final String a = args[i];
            switch (a) {
                case "--push0":
                case "--push":
                    protocol(o, SpProtocol.PUSH);
                    break;
                case "--pull0":
                case "--pull":
                    protocol(o, SpProtocol.PULL);
                    break;
                case "--pair0":
                    protocol(o, SpProtocol.PAIR0);
                    break;
                case "--listen":
                case "--bind":
                    o.listen.add(value(args, ++i, a));
                    break;
                case "--dial":
                case "--connect":
                    o.dial.add(value(args, ++i, a));
                    break;
                case "--bind-local":
                case "-L":
                    o.listen.add("tcp://127.0.0.1:" + value(args, ++i, a));
                    break;
                case "--connect-local":
                case "-l":
                    o.dial.add("tcp://127.0.0.1:" + value(args, ++i, a));
                    break;
                case "--bind-ipc":
                case "-X":
                    o.listen.add("ipc://" + value(args, ++i, a));
                    break;
                case "--connect-ipc":
                case "-x":
                    o.dial.add("ipc://" + value(args, ++i, a));
                    break;
                case "--hex":
                    format(o, Format.HEX);
                    break;
                case "--quoted":
                case "-Q":
                    format(o, Format.QUOTED);
                    break;
                case "--raw":
                    format(o, Format.RAW);
                    break;
                case "--ascii":
                case "-A":
                    format(o, Format.ASCII);
                    break;
                case "--format":
                    format(o, formatNamed(value(args, ++i, a)));
                    break;
                case "--data":
                case "-D":
                    o.data = value(args, ++i, a).getBytes(StandardCharsets.UTF_8);
                    break;
                case "--file":
                case "-F":
                    o.file = value(args, ++i, a);
                    break;
                case "--count":
                case "-C":
                    o.count = (int)number(args, ++i, a, 0, Integer.MAX_VALUE);
                    break;
                case "--interval":
                case "-i":
                    o.intervalSec = seconds(args, ++i, a);
                    break;
                case "--delay":
                case "-d":
                    o.delaySec = seconds(args, ++i, a);
                    break;
                case "--recv-timeout":
                    o.recvTimeoutSec = seconds(args, ++i, a);
                    break;
                case "--send-timeout":
                    o.sendTimeoutSec = seconds(args, ++i, a);
                    break;
                case "--recv-maxsz":
                case "-Z":
                    o.recvMaxSizeBytes = (int)number(args, ++i, a, 0, InfraConfig.MAX_MESSAGE_SIZE_BYTES);
                    break;
                case "--verbose":
                case "-v":
                    o.verbose = true;
                    break;
                case "--silent":
                case "-q":
                    o.verbose = false;
                    break;
                case "--async":
                    o.async = true;
                    break;
                default:
                    throw new IllegalArgumentException("unknown option '" + a + "'");
            }
        }
        return o;
    }

    private static void protocol(final Options o, final int id) {
        if (o.protocol >= 0 && o.protocol != id) {
            throw new IllegalArgumentException("only one protocol may be given");
        }
        o.protocol = id;
    }

    private static void format(final Options o, final Format f) {
        if (o.format != Format.NONE && o.format != f) {
            throw new IllegalArgumentException("only one format may be given");
        }
        o.format = f;
    }

    private static Format formatNamed(final String name) {
        switch (name) {
            case "no":
                return Format.NONE;
            case "hex":
                return Format.HEX;
            case "quoted":
                return Format.QUOTED;
            case "raw":
                return Format.RAW;
            case "ascii":
                return Format.ASCII;
            default:
                throw new IllegalArgumentException("unknown format '" + name + "': expected no, hex, quoted, raw or ascii");
        }
    }

    private static String value(final String[] args, final int i, final String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException("option " + option + " needs a value");
        }
        return args[i];
    }

    private static long number(final String[] args, final int i, final String option, final long min, final long max) {
        final String v = value(args, i, option);
        final long n;
        try {
            n = Long.parseLong(v);
        } catch (final NumberFormatException e) {
            throw new IllegalArgumentException("option " + option + " needs a whole number, got '" + v + "'", e);
        }
        if (n < min || n > max) {
            throw new IllegalArgumentException("option " + option + " must be from " + min + " to " + max + ", got " + n);
        }
        return n;
    }

    private static double seconds(final String[] args, final int i, final String option) {
        final String v = value(args, i, option);
        final double s;
        try {
            s = Double.parseDouble(v);
        } catch (final NumberFormatException e) {
            throw new IllegalArgumentException("option " + option + " needs seconds, got '" + v + "'", e);
        }
        if (!(s >= 0) || s > 86_400) {
            throw new IllegalArgumentException("option " + option + " must be from 0 to 86400 seconds, got " + v);
        }
        return s;
    }

    // ------------------------------------------------------------------ formats

    /**
     * Formats one message as nngcat does (see the class comment).
     *
     * @param format the format.
     * @param bytes  the message.
     * @return what nngcat prints for it (RAW: the bytes as ISO-8859-1 characters; NONE: empty).
     */
    public static String format(final Format format, final byte[] bytes) {
        final StringBuilder sb = new StringBuilder(bytes.length * 4 + 3);
        switch (format) {
            case HEX:
                sb.append('"');
                for (final byte b : bytes) {
                    sb.append('\\').append('x').append(HEX_DIGITS[(b >> 4) & 0xf]).append(HEX_DIGITS[b & 0xf]);
                }
                sb.append('"').append('\n');
                break;
            case QUOTED:
                sb.append('"');
                for (final byte b : bytes) {
                    quote(sb, b & 0xff);
                }
                sb.append('"').append('\n');
                break;
            case RAW:
                for (final byte b : bytes) {
                    sb.append((char)(b & 0xff));
                }
                break;
            case ASCII:
                for (final byte b : bytes) {
                    final int c = b & 0xff;
                    sb.append(c >= 0x20 && c < 0x7f ? (char)c : '.');
                }
                break;
            default:
                break;
        }
        return sb.toString();
    }

    private static void quote(final StringBuilder sb, final int c) {
        switch (c) {
            case '"':
                sb.append("\\\"");
                return;
            case '\\':
                sb.append("\\\\");
                return;
            case '\t':
                sb.append("\\t");
                return;
            case '\n':
                sb.append("\\n");
                return;
            case '\r':
                sb.append("\\r");
                return;
            default:
                if (c >= 0x20 && c < 0x7f) {
                    sb.append((char)c);
                } else {
                    sb.append('\\').append('x').append(HEX_DIGITS[c >> 4]).append(HEX_DIGITS[c & 0xf]);
                }
        }
    }

    // ------------------------------------------------------------------ running

    /**
     * Runs with errors on {@link System#err}.
     *
     * @param o   the options.
     * @param out where received messages (and {@code --verbose} lines) go.
     * @return the exit code: {@link #OK}, {@link #FAILED} or {@link #USAGE}.
     */
    public static int run(final Options o, final PrintStream out) {
        return run(o, out, System.err);
    }

    /**
     * Runs: builds a ring and transport, listens and dials, sends and receives as the options say,
     * closes everything, and returns the exit code.
     *
     * @param o   the options.
     * @param out where received messages (and {@code --verbose} lines) go.
     * @param err where errors go.
     * @return the exit code: {@link #OK}, {@link #FAILED} or {@link #USAGE}.
     */
    public static int run(final Options o, final PrintStream out, final PrintStream err) {
        final String problem = check(o);
        if (problem != null) {
            err.println("sprocket cat: " + problem);
            return USAGE;
        }
        final byte[] data;
        try {
            data = dataOf(o);
        } catch (final IOException e) {
            err.println("sprocket cat: cannot read " + o.file + ": " + e.getMessage());
            return FAILED;
        }
        final boolean sends = data != null;
        final boolean receives = o.protocol != SpProtocol.PUSH;
        final Printer printer = new Printer(o.format, out);
        final int maxMessage = o.recvMaxSizeBytes == 0 ? InfraConfig.MAX_MESSAGE_SIZE_BYTES
            : Math.max(16 << 20, Math.max(o.recvMaxSizeBytes, data == null ? 0 : data.length));
        final InfraConfig config = InfraConfig.builder().ringSize(64).bufferSizeBytes(64 * 1024)
            .maxPooledSizeBytes(64 * 1024).maxRetained(64).maxMessageSizeBytes(maxMessage).build();
        final Engine engine = Engine.builder().name("sprocket-cat").config(config).jmx(false)
            .handler((m, seq, eob) -> printer.print(m)).build().start();
        Transport transport = null;
        try {
            final Transport.Builder tb = Transport.builder(engine).outboundCapacity(32);
            if (o.recvMaxSizeBytes >= 0) {
                tb.recvMaxSizeBytes(o.recvMaxSizeBytes == 0 ? maxMessage : o.recvMaxSizeBytes);
            }
            transport = tb.build();
            final SpSocket socket = transport.openSocket("cat", o.protocol);
            for (final String url : o.listen) {
                final Listener l = transport.listen(socket, Addr.parse(url));
                if (o.verbose) {
                    out.println("Listening at: " + l.boundAddr());
                    out.flush();
                }
            }
            for (final String url : o.dial) {
                final Dialer d = transport.dial(socket, Addr.parse(url));
                if (!o.async && !awaitFirstAttempt(d)) {
                    err.println("sprocket cat: cannot dial " + url + ": "
                        + (d.lastError() != null ? d.lastError() : "no connection within 10 s"));
                    return FAILED;
                }
                if (o.verbose) {
                    out.println("Connected to: " + d.addr());
                    out.flush();
                }
            }
            if (sends) {
                sleepSeconds(o.delaySec);
                final long times = o.count > 0 ? o.count : (o.intervalSec > 0 ? Long.MAX_VALUE : 1);
                for (long i = 0; i < times; i++) {
                    if (!sendOne(transport, socket, data, o.sendTimeoutSec)) {
                        err.println("sprocket cat: send timed out after " + o.sendTimeoutSec + " s");
                        return FAILED;
                    }
                    if (o.intervalSec > 0 && i + 1 < times) {
                        sleepSeconds(o.intervalSec);
                    }
                }
                transport.awaitFlushed(socket, FLUSH_TIMEOUT_NS);
            }
            if (receives && (!sends || o.recvTimeoutSec > 0 || o.count > 0)) {
                awaitReceived(printer, o);
            }
            return printer.failure == null ? OK : fail(err, printer.failure);
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

    private static int fail(final PrintStream err, final Throwable t) {
        err.println("sprocket cat: " + t);
        return FAILED;
    }

    private static String check(final Options o) {
        if (o.protocol != SpProtocol.PUSH && o.protocol != SpProtocol.PULL && o.protocol != SpProtocol.PAIR0) {
            return "give a protocol: --push0, --pull0 or --pair0";
        }
        if (o.listen.isEmpty() && o.dial.isEmpty()) {
            return "give at least one --listen or --dial address";
        }
        for (final List<String> urls : List.of(o.listen, o.dial)) {
            for (final String url : urls) {
                try {
                    Addr.parse(url);
                } catch (final IllegalArgumentException e) {
                    return e.getMessage();
                }
            }
        }
        if (o.data != null && o.file != null) {
            return "give --data or --file, not both";
        }
        final boolean hasData = o.data != null || o.file != null;
        if (o.protocol == SpProtocol.PULL && hasData) {
            return "Protocol does not support --file or --data.";
        }
        if (o.protocol == SpProtocol.PUSH && o.format != Format.NONE) {
            return "Protocol does not support --format options.";
        }
        if (o.protocol == SpProtocol.PUSH && !hasData) {
            return "No data to send: give --data or --file.";
        }
        return null;
    }

    private static byte[] dataOf(final Options o) throws IOException {
        if (o.data != null) {
            return o.data;
        }
        if (o.file == null) {
            return null;
        }
        return "-".equals(o.file) ? System.in.readAllBytes() : Files.readAllBytes(Path.of(o.file));
    }

    private static boolean awaitFirstAttempt(final Dialer d) {
        final long deadline = System.nanoTime() + SYNC_DIAL_TIMEOUT_NS;
        while (!d.isConnected()) {
            if (d.failures() > 0 || System.nanoTime() - deadline >= 0) {
                return false;
            }
            LockSupport.parkNanos(POLL_NS);
        }
        return true;
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

    private static void awaitReceived(final Printer printer, final Options o) {
        final long timeoutNs = o.recvTimeoutSec > 0 ? (long)(o.recvTimeoutSec * 1e9) : 0;
        long seen = printer.received.get();
        long lastChange = System.nanoTime();
        while (o.count <= 0 || printer.received.get() < o.count) {
            final long now = System.nanoTime();
            final long r = printer.received.get();
            if (r != seen) {
                seen = r;
                lastChange = now;
            } else if (timeoutNs > 0 && now - lastChange >= timeoutNs) {
                return;
            }
            LockSupport.parkNanos(POLL_NS);
        }
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

    /** Prints received messages on the engine thread. */
    private static final class Printer {
        private final Format format;
        private final PrintStream out;
        final AtomicLong received = new AtomicLong();
        volatile Throwable failure;

        Printer(final Format format, final PrintStream out) {
            this.format = format;
            this.out = out;
        }

        void print(final Message m) {
            try {
                if (format != Format.NONE) {
                    final byte[] bytes = new byte[m.length()];
                    m.buffer().getBytes(0, bytes);
                    synchronized (out) {
                        if (format == Format.RAW) {
                            out.write(bytes, 0, bytes.length);
                        } else {
                            out.print(format(format, bytes));
                        }
                        out.flush();
                    }
                }
            } catch (final RuntimeException e) {
                failure = e;
            }
            received.incrementAndGet();
        }
    }

    /**
     * Runs {@link #parse(String...)} then {@link #run(Options, PrintStream)} on standard output, and
     * exits with its code.
     *
     * @param args nngcat-style arguments.
     */
    public static void main(final String[] args) {
        final Options o;
        try {
            o = parse(args);
        } catch (final IllegalArgumentException e) {
            System.err.println("sprocket cat: " + e.getMessage());
            System.err.println("usage: cat (--push0|--pull0|--pair0) (--listen URL|--dial URL)... "
                + "[--hex|--quoted|--raw|--ascii] [--data S|--file F] [--count N] [--interval SEC] [--delay SEC] "
                + "[--recv-timeout SEC] [--send-timeout SEC] [--recv-maxsz N] [--async] [-v]");
            System.exit(USAGE);
            return;
        }
        System.exit(run(o, System.out));
    }
}
