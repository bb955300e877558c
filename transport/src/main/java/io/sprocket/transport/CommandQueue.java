package io.sprocket.transport;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The rare work other threads hand to one worker (start a listener or a dialer, hand over an
 * accepted connection, close): run on the worker's thread at its next duty cycle
 * ({@link #execute}), or run there and waited for ({@link #call}). Whatever a command throws is
 * counted and reported as the worker's fault; a called command's failure is thrown to its caller
 * too.
 *
 * <p><b>Note:</b> {@link #execute}, {@link #call} and {@link #isEmpty()} from any thread,
 * {@link #run()} on the worker's thread. Handing work over allocates; running an empty queue does not.
 */
final class CommandQueue {
    private static final long CALL_TIMEOUT_S = 10;

    private final Worker worker;
    private final ConcurrentLinkedQueue<Runnable> commands = new ConcurrentLinkedQueue<>();

    CommandQueue(final Worker worker) {
        this.worker = worker;
    }

    /** Runs {@code task} on the worker thread soon, waking its selector. */
    void execute(final Runnable task) {
        commands.offer(task);
        worker.selector.wakeup();
    }

    /** Runs {@code task} on the worker thread and waits for it (at most 10 s). */
    void call(final Runnable task) {
        final Thread thread = worker.thread;
        if (Thread.currentThread() == thread || worker.isFinished()) {
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

    /** Whether no command waits. */
    boolean isEmpty() {
        return commands.isEmpty();
    }

    /** Worker thread: runs the commands that wait; returns how many ran. */
    int run() {
        int ran = 0;
        Runnable task;
        while ((task = commands.poll()) != null) {
            ran++;
            try {
                task.run();
            } catch (final Throwable t) {
                worker.fault(t);
            }
        }
        return ran;
    }
}
