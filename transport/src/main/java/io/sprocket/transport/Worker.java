package io.sprocket.transport;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.GatheringByteChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

import org.agrona.concurrent.Agent;
import org.agrona.concurrent.ManyToOneConcurrentArrayQueue;

import io.sprocket.counters.CounterSet;

/**
 * One I/O worker, an Agrona {@link Agent} with its own {@link Selector}: a thread of its own runs it
 * ({@code DEDICATED}), or the engine's thread runs it in the ring's duty cycle ({@code SHARED},
 * {@code INVOKER}); see {@link IoThreads}. It owns the connections, pending dials and listeners
 * assigned to it (kept, with the passes over all of them, in its {@link WorkerEndpoints}); other
 * threads reach them only through its queues:
 *
 * <ul>
 *   <li>the <em>attention</em> queue, a bounded many-to-one array queue of connections that have
 *       something new (a message queued for writing, a close from the engine, their registry entry
 *       registered); a connection is in it at most once, guarded by its attention flag, so offers
 *       never allocate; an overflow (more connections than the queue holds) falls back to a scan;</li>
 *   <li>the {@link CommandQueue}, for rare work (start a listener, hand over an accepted connection,
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
 * that used their frames for one wake-up wait in the {@link TurnQueue}, served one frame per turn
 * in order. While the queue is not empty a connection that becomes readable joins its back
 * instead of claiming ahead of it. A pass that ended on a full ring is followed by a pause growing
 * from 16 microseconds to 1 millisecond in {@link #block()}: bounded, never a spin (an idle strategy
 * that spins by choice spins here too; on a shared thread that is what lets the engine free room).
 *
 * <h2>Faults</h2>
 * Nothing thrown ends the thread. A {@code Throwable} from one endpoint goes to that endpoint's
 * {@link Endpoint#onFault} (a connection is closed, a listener pauses); anything else thrown in the
 * cycle is counted and reported by the {@link FaultReporter}, which cannot throw, and the cycle ends
 * after a 1 ms pause, so a failure that repeats cannot spin a core. {@link #doWork()} never throws.
 */
final class Worker implements Agent {
    private static final Consumer<SelectionKey> DISPATCH = Worker::dispatch;
    private static final Consumer<TransportConnection> ATTEND = Worker::attend;
    private static final int ATTENTION_QUEUE = 1024;
    private static final long NO_TIMER = WorkerEndpoints.NO_TIMER;
    private static final long MAX_WAIT_MS = 1000;
    private static final long MIN_PAUSE_NS = 16_000;
    private static final long MAX_PAUSE_NS = 1_000_000;
    private static final long FAULT_PAUSE_NS = 1_000_000;
    /** How long a finished worker's idle strategy sleeps at most on a shared thread (a publish wakes it). */
    private static final long FINISHED_PARK_NS = 100_000_000L;
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
    private final CommandQueue commands = new CommandQueue(this);
    private volatile boolean parked;
    private volatile boolean rescan;
    private volatile boolean stopping;
    /** Set once everything is closed ({@link #finish}); the worker does nothing more. */
    private volatile boolean finished;
    @SuppressWarnings("unused") // through LAST_CONTROL
    private volatile long lastControlSeq = -1;

    // Worker thread only.
    /**
     * The connections, dials and listeners this worker owns; they add themselves (a connection leaves
     * through {@link #removeConnection}).
     */
    final WorkerEndpoints endpoints = new WorkerEndpoints();
    private long nextTimerNs = NO_TIMER;
    private long pauseNs;
    private final TurnQueue turns = new TurnQueue();
    private final RequestTimers requestTimers = new RequestTimers();
    private final FaultReporter faults;
    /** The thread this worker last sized gathering writes on ({@link WriteBatch#sizeGatheringWrites}). */
    private Thread gatheringSizedOn;
    /** Whether the last idle period ended in a select that dispatched: the next cycle need not select again. */
    private boolean selectedWhileIdle;

    Worker(final Transport transport, final int index, final String roleName, final CounterSet counters)
        throws IOException {
        this.transport = transport;
        this.index = index;
        this.roleName = roleName;
        this.counters = counters;
        this.faults = new FaultReporter(counters, transport.errorHandler);
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

    /** Runs {@code task} on the worker thread soon (allocates; for rare work); see {@link CommandQueue}. */
    void execute(final Runnable task) {
        commands.execute(task);
    }

    /** Runs {@code task} on the worker thread and waits for it (at most 10 s); see {@link CommandQueue}. */
    void call(final Runnable task) {
        commands.call(task);
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

    /**
     * Before a gathering write: the first on the thread running this worker sizes the thread's
     * gathering writes for a whole batch ({@link WriteBatch#sizeGatheringWrites}), so no later batch
     * allocates. Worker thread; allocation-free after that first one.
     *
     * @param channel the channel about to be written.
     * @throws IOException as the channel's write.
     */
    void beforeGatheringWrite(final GatheringByteChannel channel) throws IOException {
        final Thread current = Thread.currentThread();
        if (gatheringSizedOn != current) {
            WriteBatch.sizeGatheringWrites(channel);
            gatheringSizedOn = current;
        }
    }

    /** Puts {@code c} at the back of the turn queue, unless it is in it; worker thread. */
    void needTurn(final TransportConnection c) {
        turns.needTurn(c);
    }

    /** Whether connections wait for a turn; worker thread. */
    boolean turnsWaiting() {
        return !turns.isEmpty();
    }

    /** Forgets {@code c}: out of the turn queue and this worker's connections. */
    void removeConnection(final TransportConnection c) {
        turns.remove(c);
        endpoints.removeConnection(c);
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
        int work = commands.run();
        work += attention.drain(ATTEND, ATTENTION_QUEUE);
        if (rescan) {
            rescan = false;
            work++;
            endpoints.attendFlagged();
        }
        boolean ringFull = false;
        if (!turns.isEmpty()) {
            // Connections that became readable meanwhile join the queue before it is served, so
            // that the ones already in it cannot take the room that came back while this thread was
            // away (idle, or not scheduled).
            work += selector.selectNow(DISPATCH);
            ringFull = turns.serve();
            work += turns.served();
        } else if (!selectedWhileIdle) {
            work += selector.selectNow(DISPATCH);
        }
        selectedWhileIdle = false;
        final long now = System.nanoTime();
        if (nextTimerNs != NO_TIMER && now - nextTimerNs >= 0) {
            nextTimerNs = NO_TIMER;
            endpoints.runTimers(now, this);
            work++;
        }
        work += requestTimers.sweep(now, faults);
        if (ringFull && !turns.isEmpty()) {
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
            if (!turns.isEmpty()) {
                if (pauseNs > 0) {
                    LockSupport.parkNanos(this, pauseNs);
                }
                return;
            }
            // Parked before the request tables' due times are read: a sender that makes one earlier
            // either is seen here or sees parked and wakes the selector (wakeForTimer).
            parked = true;
            try {
                long waitMs = MAX_WAIT_MS;
                long nextNs = requestTimers.earliestNs();
                if (nextTimerNs != NO_TIMER && (nextNs == NO_TIMER || nextTimerNs - nextNs < 0)) {
                    nextNs = nextTimerNs;
                }
                if (nextNs != NO_TIMER) {
                    waitMs = Math.max(1, Math.min(MAX_WAIT_MS, (nextNs - System.nanoTime() + 999_999) / 1_000_000));
                }
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

    /** Runs a REQ or SURVEYOR socket's resends and deadlines from now on; any thread. */
    void addRequests(final Requests r) {
        requestTimers.add(r);
        r.worker = this;
    }

    /**
     * A request table has an earlier due time: a worker blocked in {@code select} that would sleep
     * past it is woken to recompute its sleep. A worker that is not blocked reads the due times
     * before it blocks, and one blocked wakes within a second anyway, so a due time that far away
     * wakes nothing: a request in a ping-pong costs no {@code wakeup} system call. Any thread,
     * allocation-free.
     *
     * @param atNs  the new due time ({@link System#nanoTime()} scale).
     * @param nowNs the time now.
     */
    void wakeForTimer(final long atNs, final long nowNs) {
        if (parked && atNs - nowNs < MAX_WAIT_MS * 1_000_000L) {
            selector.wakeup();
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

    /** Clears {@code c}'s attention flag and lets it act on what it was signalled for; never throws. */
    static void attend(final TransportConnection c) {
        TransportConnection.ATTENTION.setVolatile(c, 0);
        try {
            c.onAttention();
        } catch (final Throwable t) {
            c.fail(t);
        }
    }

    /** Closes whatever is left when the loop ends: nothing is published any more. */
    private void shutdownNow() {
        commands.run();
        endpoints.closeAll(this);
        try {
            selector.close();
        } catch (final Throwable t) {
            fault(t);
        }
    }

    /** Counts a Throwable caught on this thread and reports it; never throws. */
    void fault(final Throwable t) {
        faults.fault(t);
    }

    /** Reports a failure to the transport's error handler (the first 20 on this thread); never throws. */
    void report(final Throwable e) {
        faults.report(e);
    }
}
