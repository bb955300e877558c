package io.sprocket.transport;

import io.sprocket.ring.WakeableIdleStrategy;

/**
 * The low-CPU way for an I/O worker's thread to wait: it sleeps in the worker's selector, so a
 * socket that becomes readable, a message queued for sending and a command all wake it at once,
 * and an idle transport costs no CPU. On a thread shared with the engine ({@code SHARED},
 * {@code INVOKER}), the ring wakes it too when a message is published, as it wakes a parked
 * consumer ({@link WakeableIdleStrategy}).
 *
 * <p><b>Note:</b> {@link #idle(int)} runs on the worker's thread only; the wake-up on any thread.
 * Nothing allocates after construction. One strategy per worker.
 */
final class SelectorIdleStrategy extends WakeableIdleStrategy {
    private final Worker worker;

    SelectorIdleStrategy(final Worker worker) {
        this.worker = worker;
    }

    @Override
    protected void sleep() {
        worker.block();
    }

    @Override
    protected void wakeUp(final Thread thread) {
        worker.wakeFromBlock(thread);
    }

    @Override
    public String alias() {
        return "selector";
    }
}
