package io.sprocket.transport;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

import org.agrona.concurrent.ManyToOneConcurrentArrayQueue;

import io.sprocket.ring.RingStats;

/**
 * One I/O thread with its own {@link Selector}. It owns the connections, pending dials and listeners
 * assigned to it; other threads reach them only through its queues:
 *
 * <ul>
 *   <li>the <em>attention</em> queue, a bounded many-to-one array queue of connections that have
 *       something new (a message queued for writing, a close from the engine, their registry entry
 *       registered); a connection is in it at most once, guarded by its attention flag, so offers
 *       never allocate; an overflow (more connections than the queue holds) falls back to a scan;</li>
 *   <li>the command queue, for rare work (start a listener, hand over an accepted connection,
 *       close), which allocates.</li>
 * </ul>
 *
 * <p>The loop selects with a non-capturing {@link Consumer} ({@link #DISPATCH}), so no selected-key
 * set or iterator is touched per wake-up. A producer wakes the selector only when the worker is
 * parked in {@code select} ({@link #parked}, a Dekker-style handshake of two volatiles).
 * Connections that wait for room in the ring (backpressure) or for a control event to go through
 * are retried with a growing pause from 16 microseconds to 1 millisecond: bounded, never a spin.
 */
final class Worker implements Runnable {
    private static final Consumer<SelectionKey> DISPATCH = Worker::dispatch;
    private static final Consumer<Conn> ATTEND = Worker::attend;
    private static final int ATTENTION_QUEUE = 1024;
    private static final long NO_TIMER = Long.MAX_VALUE;
    private static final long MAX_WAIT_MS = 1000;
    private static final long MIN_PAUSE_NS = 16_000;
    private static final long MAX_PAUSE_NS = 1_000_000;
    private static final long CALL_TIMEOUT_S = 10;
    private static final VarHandle LAST_CONTROL;

    static {
        try {
            LAST_CONTROL = MethodHandles.lookup().findVarHandle(Worker.class, "lastControlSeq", long.class);
        } catch (final ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final Transport transport;
    final int index;
    final Selector selector;
    final Thread thread;
    /** This worker's counters, indexed as {@link TransportStats}; written only by this thread. */
    final AtomicLongArray counters = new AtomicLongArray(TransportStats.COUNT);

    private final ManyToOneConcurrentArrayQueue<Conn> attention = new ManyToOneConcurrentArrayQueue<>(ATTENTION_QUEUE);
    private final ConcurrentLinkedQueue<Runnable> commands = new ConcurrentLinkedQueue<>();
    private volatile boolean parked;
    private volatile boolean rescan;
    private volatile boolean stopping;
    private final RingStats ringStats = new RingStats();
    @SuppressWarnings("unused") // through LAST_CONTROL
    private volatile long lastControlSeq = -1;

    // Worker thread only.
    private Conn[] conns = new Conn[16];
    private int connCount;
    private final List<Connector> connectors = new ArrayList<>();
    private final List<Acceptor> acceptors = new ArrayList<>();
    private long nextTimerNs = NO_TIMER;
    private int retries;
    private long pauseNs;
    private int reported;

    Worker(final Transport transport, final int index, final String threadName) throws IOException {
        this.transport = transport;
        this.index = index;
        this.selector = Selector.open();
        this.thread = new Thread(this, threadName);
        this.thread.setDaemon(true);
    }

    // ------------------------------------------------------------------ any thread

    /** Asks the worker to look at {@code c} soon. Allocation-free; any thread. */
    void signal(final Conn c) {
        if (Conn.ATTENTION.compareAndSet(c, 0, 1)) {
            if (!attention.offer(c)) {
                rescan = true;
            }
            if (parked) {
                selector.wakeup();
            }
        }
    }

    /** Runs {@code task} on the worker thread soon (allocates; for rare work). */
    void execute(final Runnable task) {
        commands.offer(task);
        selector.wakeup();
    }

    /** Runs {@code task} on the worker thread and waits for it (at most 10 s). */
    void call(final Runnable task) {
        if (Thread.currentThread() == thread) {
            task.run();
            return;
        }
        final CompletableFuture<Void> done = new CompletableFuture<>();
        execute(() -> {
            try {
                task.run();
                done.complete(null);
            } catch (final RuntimeException | Error e) {
                done.completeExceptionally(e);
            }
        });
        try {
            done.get(CALL_TIMEOUT_S, TimeUnit.SECONDS);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for I/O worker " + thread.getName(), e);
        } catch (final ExecutionException e) {
            final Throwable cause = e.getCause();
            if (cause instanceof RuntimeException) {
                throw (RuntimeException)cause;
            }
            throw (Error)cause;
        } catch (final TimeoutException e) {
            throw new IllegalStateException("I/O worker " + thread.getName() + " did not answer within "
                + CALL_TIMEOUT_S + " s", e);
        }
    }

    /** Makes the loop exit after its current pass. */
    void stop() {
        stopping = true;
        selector.wakeup();
    }

    /** The highest ring sequence of a control event this worker published, or -1. */
    long lastControlSeq() {
        return (long)LAST_CONTROL.getVolatile(this);
    }

    // ------------------------------------------------------------------ worker thread

    void count(final int counter) {
        counters.lazySet(counter, counters.get(counter) + 1);
    }

    void add(final int counter, final long amount) {
        counters.lazySet(counter, counters.get(counter) + amount);
    }

    void noteControl(final long sequence) {
        if (sequence > (long)LAST_CONTROL.get(this)) {
            LAST_CONTROL.setVolatile(this, sequence);
        }
    }

    /** Whether every consumer of the ring has passed {@code sequence}; allocation-free, worker thread. */
    boolean ringPassed(final long sequence) {
        return transport.ring().stats(ringStats).recycled() > sequence;
    }

    void timer(final long atNs) {
        if (nextTimerNs == NO_TIMER || atNs - nextTimerNs < 0) {
            nextTimerNs = atNs;
        }
    }

    void needRetry(final Conn c) {
        if (!c.retry) {
            c.retry = true;
            retries++;
        }
    }

    void addConn(final Conn c) {
        if (connCount == conns.length) {
            conns = Arrays.copyOf(conns, connCount * 2);
        }
        conns[connCount++] = c;
    }

    void removeConn(final Conn c) {
        for (int i = connCount - 1; i >= 0; i--) {
            if (conns[i] == c) {
                conns[i] = conns[--connCount];
                conns[connCount] = null;
                if (c.retry) {
                    c.retry = false;
                    retries--;
                }
                return;
            }
        }
    }

    void addConnector(final Connector c) {
        connectors.add(c);
    }

    void removeConnector(final Connector c) {
        connectors.remove(c);
    }

    void addAcceptor(final Acceptor a) {
        acceptors.add(a);
    }

    void removeAcceptor(final Acceptor a) {
        acceptors.remove(a);
    }

    @Override
    public void run() {
        try {
            while (!stopping) {
                try {
                    loopOnce();
                } catch (final ClosedSelectorException e) {
                    break;
                } catch (final IOException | RuntimeException | Error e) {
                    report(e);
                }
            }
        } finally {
            shutdownNow();
        }
    }

    private void loopOnce() throws IOException {
        runCommands();
        attention.drain(ATTEND, ATTENTION_QUEUE);
        if (rescan) {
            rescan = false;
            for (int i = connCount - 1; i >= 0; i--) {
                if (i < connCount && Conn.ATTENTION.compareAndSet(conns[i], 1, 0)) {
                    conns[i].onAttention();
                }
            }
        }
        if (retries > 0) {
            for (int i = connCount - 1; i >= 0; i--) {
                if (i < connCount) {
                    final Conn c = conns[i];
                    if (c.retry) {
                        c.retry = false;
                        retries--;
                        c.onRetry();
                    }
                }
            }
        }
        final long now = System.nanoTime();
        if (nextTimerNs != NO_TIMER && now - nextTimerNs >= 0) {
            runTimers(now);
        }
        if (retries > 0) {
            // Backpressure or a control event waiting for ring room: keep serving I/O, pause a
            // little longer each time, never spin.
            selector.selectNow(DISPATCH);
            pauseNs = pauseNs == 0 ? MIN_PAUSE_NS : Math.min(pauseNs * 2, MAX_PAUSE_NS);
            LockSupport.parkNanos(pauseNs);
            return;
        }
        pauseNs = 0;
        long waitMs = MAX_WAIT_MS;
        if (nextTimerNs != NO_TIMER) {
            waitMs = Math.max(1, Math.min(MAX_WAIT_MS, (nextTimerNs - now + 999_999) / 1_000_000));
        }
        parked = true;
        if (!attention.isEmpty() || !commands.isEmpty() || rescan || stopping) {
            parked = false;
            selector.selectNow(DISPATCH);
        } else {
            selector.select(DISPATCH, waitMs);
            parked = false;
        }
    }

    private void runCommands() {
        Runnable task;
        while ((task = commands.poll()) != null) {
            try {
                task.run();
            } catch (final RuntimeException e) {
                report(e);
            }
        }
    }

    private void runTimers(final long now) {
        nextTimerNs = NO_TIMER;
        for (int i = connCount - 1; i >= 0; i--) {
            if (i < connCount) {
                final long at = conns[i].onTimer(now);
                if (at != NO_TIMER) {
                    timer(at);
                }
            }
        }
        for (int i = connectors.size() - 1; i >= 0; i--) {
            if (i < connectors.size()) {
                final long at = connectors.get(i).onTimer(now);
                if (at != NO_TIMER) {
                    timer(at);
                }
            }
        }
    }

    private static void dispatch(final SelectionKey key) {
        final Object endpoint = key.attachment();
        if (endpoint != null && key.isValid()) {
            ((Endpoint)endpoint).onSelected(key);
        }
    }

    private static void attend(final Conn c) {
        Conn.ATTENTION.setVolatile(c, 0);
        c.onAttention();
    }

    /** Closes whatever is left when the loop ends: nothing is published any more. */
    private void shutdownNow() {
        runCommands();
        for (int i = acceptors.size() - 1; i >= 0; i--) {
            acceptors.get(i).closeNow();
        }
        for (int i = connectors.size() - 1; i >= 0; i--) {
            connectors.get(i).closeNow();
        }
        while (connCount > 0) {
            conns[connCount - 1].abandon();
        }
        try {
            selector.close();
        } catch (final IOException e) {
            report(e);
        }
    }

    void report(final Throwable e) {
        if (reported++ < 20) {
            System.getLogger("io.sprocket.transport").log(System.Logger.Level.WARNING,
                "I/O worker " + thread.getName() + ": " + e, e);
        }
    }
}
