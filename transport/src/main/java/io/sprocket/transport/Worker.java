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
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

import org.agrona.concurrent.Agent;
import org.agrona.concurrent.ManyToOneConcurrentArrayQueue;

import io.sprocket.counters.CounterSet;

/**
 * One I/O worker, an Agrona {@link Agent} with its own {@link Selector}: a thread of its own runs it
 * ({@code DEDICATED}), or the engine's thread runs it in the ring's duty cycle ({@code SHARED},
 * {@code INVOKER}); see {@link IoThreads}. It owns the connections, pending dials and listeners
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
 * <p>Each {@link #doWork() duty cycle} runs the commands, the attention queue, the turns, the
 * timers, and a non-blocking select, dispatching ready keys with a non-capturing {@link Consumer}
 * ({@link #DISPATCH}), so no selected-key set or iterator is touched. When a cycle finds nothing,
 * the thread's idle strategy decides how to wait: the default, {@link SelectorIdleStrategy},
 * sleeps in {@link #block() select} itself (no CPU while idle; the non-blocking select of the next
 * cycle is then skipped); busy-spinning, yielding and backing off poll the selector every cycle. A
 * producer wakes the selector only when the worker is blocked in it ({@link #parked}, a
 * Dekker-style handshake of two volatiles).
 *
 * <h2>Turns</h2>
 * Connections that wait for room in the ring (backpressure), for a control event to go through, or
 * that used their frames for one wake-up wait in the <em>turn queue</em>, in order. Each pass serves
 * the queue from the front, one frame (or one control event) per turn, and a served connection goes
 * to the back; the first one the ring refuses keeps its place at the front and ends the pass, so
 * when room comes back the connection after the last one served goes first (as NNG's PULL reads its
 * pipes in turn). While the queue is not empty a connection that becomes readable joins its back
 * instead of claiming ahead of it. A pass that ended on a full ring is followed by a pause growing
 * from 16 microseconds to 1 millisecond in {@link #block()}: bounded, never a spin (an idle strategy
 * that spins by choice spins here too; on a shared thread that is what lets the engine free room).
 *
 * <h2>Faults</h2>
 * Nothing thrown ends the thread. A {@code Throwable} from one endpoint goes to that endpoint's
 * {@link Endpoint#onFault} (a connection is closed, a listener pauses); anything else thrown in the
 * cycle is counted ({@link TransportStats#ioFaults()}), reported through {@link #report}, which
 * cannot throw (the logger itself may fail: out of files, say), and the cycle ends after a 1 ms
 * pause, so a failure that repeats cannot spin a core. {@link #doWork()} never throws.
 */
final class Worker implements Agent {
    private static final Consumer<SelectionKey> DISPATCH = Worker::dispatch;
    private static final Consumer<TransportConnection> ATTEND = Worker::attend;
    private static final int ATTENTION_QUEUE = 1024;
    private static final long NO_TIMER = Long.MAX_VALUE;
    private static final long MAX_WAIT_MS = 1000;
    private static final long MIN_PAUSE_NS = 16_000;
    private static final long MAX_PAUSE_NS = 1_000_000;
    private static final long CALL_TIMEOUT_S = 10;
    private static final long FAULT_PAUSE_NS = 1_000_000;
    /** How long a finished worker's idle strategy sleeps at most on a shared thread (a publish wakes it). */
    private static final long FINISHED_PARK_NS = 100_000_000L;
    private static final int MAX_REPORTS = 20;
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
    /** The thread that runs this worker: its own ({@code DEDICATED}, set before it starts) or the engine's (set at {@link #onStart}). */
    volatile Thread thread;
    private final String roleName;
    /** This worker's counters, indexed as {@link TransportStats}, in the counters file; written only by this thread. */
    final CounterSet counters;

    private final ManyToOneConcurrentArrayQueue<TransportConnection> attention = new ManyToOneConcurrentArrayQueue<>(ATTENTION_QUEUE);
    private final ConcurrentLinkedQueue<Runnable> commands = new ConcurrentLinkedQueue<>();
    private volatile boolean parked;
    private volatile boolean rescan;
    private volatile boolean stopping;
    /** Set once everything is closed ({@link #finish}); the worker does nothing more. */
    private volatile boolean finished;
    @SuppressWarnings("unused") // through LAST_CONTROL
    private volatile long lastControlSeq = -1;

    // Worker thread only.
    private TransportConnection[] conns = new TransportConnection[16];
    private int connCount;
    private final List<Dialer> dialers = new ArrayList<>();
    private final List<Listener> listeners = new ArrayList<>();
    private long nextTimerNs = NO_TIMER;
    private long pauseNs;
    private int reported;
    /** The turn queue: a ring buffer of {@link #turnCount} connections from {@link #turnHead}. */
    private TransportConnection[] turns = new TransportConnection[16];
    private int turnHead;
    private int turnCount;
    /** The connection whose turn it is, and whether it asked for another meanwhile. */
    private TransportConnection serving;
    private boolean servingWantsTurn;
    private int served;
    /** Whether the last idle period ended in a select that dispatched: the next cycle need not select again. */
    private boolean selectedWhileIdle;

    Worker(final Transport transport, final int index, final String roleName, final CounterSet counters)
        throws IOException {
        this.transport = transport;
        this.index = index;
        this.roleName = roleName;
        this.counters = counters;
        this.selector = Selector.open();
    }

    // ------------------------------------------------------------------ any thread

    /** Asks the worker to look at {@code c} soon. Allocation-free; any thread. */
    void signal(final TransportConnection c) {
        if (TransportConnection.ATTENTION.compareAndSet(c, 0, 1)) {
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
        if (Thread.currentThread() == thread || finished) {
            // On the worker's thread, or with no worker left to run it (everything it held is closed).
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

    /** Makes the worker close everything and finish at its next duty cycle. */
    void stop() {
        stopping = true;
        selector.wakeup();
        final Thread t = thread;
        if (t != null) {
            LockSupport.unpark(t);   // a finished worker's idle strategy parks
        }
    }

    /** Whether the worker has closed everything and does nothing more; any thread. */
    boolean isFinished() {
        return finished;
    }

    /** The highest ring sequence of a control event this worker published, or -1. */
    long lastControlSeq() {
        return (long)LAST_CONTROL.getVolatile(this);
    }

    // ------------------------------------------------------------------ worker thread

    void count(final int counter) {
        counters.counter(counter).incrementRelease();
    }

    void add(final int counter, final long amount) {
        counters.counter(counter).getAndAddRelease(amount);
    }

    void noteControl(final long sequence) {
        if (sequence > (long)LAST_CONTROL.get(this)) {
            LAST_CONTROL.setVolatile(this, sequence);
        }
    }

    void timer(final long atNs) {
        if (nextTimerNs == NO_TIMER || atNs - nextTimerNs < 0) {
            nextTimerNs = atNs;
        }
    }

    /** Puts {@code c} at the back of the turn queue, unless it is in it; worker thread. */
    void needTurn(final TransportConnection c) {
        if (c == serving) {
            servingWantsTurn = true;
            return;
        }
        if (!c.queued) {
            c.queued = true;
            pushLast(c);
        }
    }

    /** Whether connections wait for a turn; worker thread. */
    boolean turnsWaiting() {
        return turnCount > 0;
    }

    private void pushLast(final TransportConnection c) {
        if (turnCount == turns.length) {
            growTurns();
        }
        turns[(turnHead + turnCount) & (turns.length - 1)] = c;
        turnCount++;
    }

    private void pushFirst(final TransportConnection c) {
        if (turnCount == turns.length) {
            growTurns();
        }
        turnHead = (turnHead - 1) & (turns.length - 1);
        turns[turnHead] = c;
        turnCount++;
    }

    private TransportConnection pollFirst() {
        final TransportConnection c = turns[turnHead];
        turns[turnHead] = null;
        turnHead = (turnHead + 1) & (turns.length - 1);
        turnCount--;
        return c;
    }

    private void growTurns() {
        final TransportConnection[] bigger = new TransportConnection[turns.length * 2];
        for (int i = 0; i < turnCount; i++) {
            bigger[i] = turns[(turnHead + i) & (turns.length - 1)];
        }
        turns = bigger;
        turnHead = 0;
    }

    private void removeTurn(final TransportConnection c) {
        int kept = 0;
        final int mask = turns.length - 1;
        for (int i = 0; i < turnCount; i++) {
            final TransportConnection at = turns[(turnHead + i) & mask];
            if (at != c) {
                turns[(turnHead + kept++) & mask] = at;
            }
        }
        for (int i = kept; i < turnCount; i++) {
            turns[(turnHead + i) & mask] = null;
        }
        turnCount = kept;
    }

    /**
     * Serves the turn queue: one frame or control event per turn, a served connection to the back,
     * at most {@link TransportConnection#FRAMES_PER_WAKE} turns per queued connection.
     *
     * @return true when the pass ended because the ring was full.
     */
    private boolean serveTurns() {
        int budget = TransportConnection.FRAMES_PER_WAKE * turnCount;
        while (turnCount > 0 && budget-- > 0) {
            final TransportConnection c = pollFirst();
            c.queued = false;
            serving = c;
            servingWantsTurn = false;
            served++;
            boolean full = false;
            try {
                full = c.onTurn();
            } catch (final Throwable t) {
                servingWantsTurn = false;
                c.fail(t);
            }
            serving = null;
            if (servingWantsTurn && c.phase != TransportConnection.DONE) {
                c.queued = true;
                if (full) {
                    pushFirst(c);
                    return true;
                }
                pushLast(c);
            }
        }
        return false;
    }

    void addConn(final TransportConnection c) {
        if (connCount == conns.length) {
            conns = Arrays.copyOf(conns, connCount * 2);
        }
        conns[connCount++] = c;
    }

    void removeConn(final TransportConnection c) {
        if (c.queued) {
            c.queued = false;
            removeTurn(c);
        }
        if (c == serving) {
            servingWantsTurn = false;
        }
        for (int i = connCount - 1; i >= 0; i--) {
            if (conns[i] == c) {
                conns[i] = conns[--connCount];
                conns[connCount] = null;
                return;
            }
        }
    }

    void addDialer(final Dialer c) {
        dialers.add(c);
    }

    void removeDialer(final Dialer c) {
        dialers.remove(c);
    }

    void addListener(final Listener a) {
        listeners.add(a);
    }

    void removeListener(final Listener a) {
        listeners.remove(a);
    }

    @Override
    public void onStart() {
        thread = Thread.currentThread();
    }

    @Override
    public String roleName() {
        return roleName;
    }

    /**
     * One duty cycle; never throws.
     *
     * @return how much was done: commands, connections attended, keys dispatched, turns served.
     */
    @Override
    public int doWork() {
        if (finished) {
            return 0;
        }
        if (stopping) {
            finish();
            return 1;
        }
        try {
            return cycle();
        } catch (final ClosedSelectorException e) {
            finish();
            return 1;
        } catch (final Throwable t) {
            fault(t);
            LockSupport.parkNanos(FAULT_PAUSE_NS);
            return 0;
        }
    }

    @Override
    public void onClose() {
        finish();
    }

    private int cycle() throws IOException {
        int work = runCommands();
        work += attention.drain(ATTEND, ATTENTION_QUEUE);
        if (rescan) {
            rescan = false;
            work++;
            for (int i = connCount - 1; i >= 0; i--) {
                if (i < connCount && TransportConnection.ATTENTION.compareAndSet(conns[i], 1, 0)) {
                    attend(conns[i]);
                }
            }
        }
        boolean ringFull = false;
        if (turnCount > 0) {
            // Connections that became readable meanwhile join the queue before it is served, so
            // that the ones already in it cannot take the room that came back while this thread was
            // away (idle, or not scheduled).
            work += selector.selectNow(DISPATCH);
            served = 0;
            ringFull = serveTurns();
            work += served;
        } else if (!selectedWhileIdle) {
            work += selector.selectNow(DISPATCH);
        }
        selectedWhileIdle = false;
        final long now = System.nanoTime();
        if (nextTimerNs != NO_TIMER && now - nextTimerNs >= 0) {
            runTimers(now);
            work++;
        }
        if (turnCount > 0 && ringFull) {
            // Backpressure or a control event waiting for ring room: no progress whatever else was
            // looked at (a stalled connection stays readable), so the idle strategy runs, and
            // block() pauses a little longer each time.
            pauseNs = pauseNs == 0 ? MIN_PAUSE_NS : Math.min(pauseNs * 2, MAX_PAUSE_NS);
            return 0;
        }
        pauseNs = 0;
        return work;
    }

    /**
     * The idle period of {@link SelectorIdleStrategy}: pauses while turns wait for ring room, or
     * blocks in {@code select} (dispatching what becomes ready) until a producer's wake-up, the next
     * timer or at most a second. On a shared thread it also ends at a publish into the ring (the
     * strategy's wake-up). Once finished, parks instead. Worker thread; never throws.
     */
    void block() {
        if (finished) {
            LockSupport.parkNanos(this, FINISHED_PARK_NS);
            return;
        }
        try {
            if (turnCount > 0) {
                if (pauseNs > 0) {
                    LockSupport.parkNanos(this, pauseNs);
                }
                return;
            }
            long waitMs = MAX_WAIT_MS;
            if (nextTimerNs != NO_TIMER) {
                waitMs = Math.max(1, Math.min(MAX_WAIT_MS, (nextTimerNs - System.nanoTime() + 999_999) / 1_000_000));
            }
            parked = true;
            try {
                if (!attention.isEmpty() || !commands.isEmpty() || rescan || stopping) {
                    selector.selectNow(DISPATCH);
                } else {
                    selector.select(DISPATCH, waitMs);
                }
                selectedWhileIdle = true;
            } finally {
                parked = false;
            }
        } catch (final ClosedSelectorException e) {
            // Closed by finish(): the next cycle sees it.
        } catch (final Throwable t) {
            fault(t);
            LockSupport.parkNanos(FAULT_PAUSE_NS);
        }
    }

    /** Wakes the worker from {@link #block()}; any thread, allocation-free. */
    void wakeFromBlock(final Thread sleeper) {
        selector.wakeup();
        if (finished) {
            LockSupport.unpark(sleeper);
        }
    }

    /** Closes everything once, on the worker's thread; marks the worker finished. */
    private void finish() {
        if (!finished) {
            try {
                shutdownNow();
            } finally {
                finished = true;
            }
        }
    }

    private int runCommands() {
        int ran = 0;
        Runnable task;
        while ((task = commands.poll()) != null) {
            ran++;
            try {
                task.run();
            } catch (final Throwable t) {
                fault(t);
            }
        }
        return ran;
    }

    private void runTimers(final long now) {
        nextTimerNs = NO_TIMER;
        for (int i = connCount - 1; i >= 0; i--) {
            if (i < connCount) {
                final TransportConnection c = conns[i];
                try {
                    final long at = c.onTimer(now);
                    if (at != NO_TIMER) {
                        timer(at);
                    }
                } catch (final Throwable t) {
                    c.fail(t);
                }
            }
        }
        for (int i = dialers.size() - 1; i >= 0; i--) {
            if (i < dialers.size()) {
                final Dialer c = dialers.get(i);
                try {
                    final long at = c.onTimer(now);
                    if (at != NO_TIMER) {
                        timer(at);
                    }
                } catch (final Throwable t) {
                    c.onFault(t);
                }
            }
        }
        for (int i = listeners.size() - 1; i >= 0; i--) {
            if (i < listeners.size()) {
                final Listener a = listeners.get(i);
                try {
                    final long at = a.onTimer(now);
                    if (at != NO_TIMER) {
                        timer(at);
                    }
                } catch (final Throwable t) {
                    a.onFault(t);
                }
            }
        }
    }

    private static void dispatch(final SelectionKey key) {
        final Object endpoint = key.attachment();
        if (endpoint != null && key.isValid()) {
            final Endpoint e = (Endpoint)endpoint;
            try {
                e.onSelected(key);
            } catch (final Throwable t) {
                e.onFault(t);
            }
        }
    }

    private static void attend(final TransportConnection c) {
        TransportConnection.ATTENTION.setVolatile(c, 0);
        try {
            c.onAttention();
        } catch (final Throwable t) {
            c.fail(t);
        }
    }

    /** Closes whatever is left when the loop ends: nothing is published any more. */
    private void shutdownNow() {
        runCommands();
        for (int i = listeners.size() - 1; i >= 0; i--) {
            try {
                listeners.get(i).closeNow();
            } catch (final Throwable t) {
                fault(t);
                listeners.remove(i);
            }
        }
        for (int i = dialers.size() - 1; i >= 0; i--) {
            try {
                dialers.get(i).closeNow();
            } catch (final Throwable t) {
                fault(t);
                dialers.remove(i);
            }
        }
        while (connCount > 0) {
            final TransportConnection c = conns[connCount - 1];
            try {
                c.abandon();
            } catch (final Throwable t) {
                fault(t);
            }
            if (connCount > 0 && conns[connCount - 1] == c) {
                removeConn(c);
            }
        }
        try {
            selector.close();
        } catch (final Throwable t) {
            fault(t);
        }
    }

    /** Counts a Throwable caught on this thread and reports it; never throws. */
    void fault(final Throwable t) {
        count(TransportStats.FAULTS);
        report(t);
    }

    /**
     * Reports a failure to the transport's error handler (by default the {@code io.sprocket.transport}
     * logger), the first {@value #MAX_REPORTS} times on this thread. Never throws: the handler itself
     * can fail (logging's first use loads classes and opens files, which fails when the process is out
     * of file descriptors), and then the report is dropped; the failure was counted by the caller.
     */
    void report(final Throwable e) {
        if (reported >= MAX_REPORTS) {
            return;
        }
        reported++;
        try {
            transport.errorHandler.onError(e);
        } catch (final Throwable loggingFailed) {
            // Nothing safe is left to report with; the failure is counted.
        }
    }
}
