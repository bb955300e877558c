package io.sprocket.transport;

import io.sprocket.message.BufferPool;
import io.sprocket.message.Message;

/**
 * Fills a pool before an allocation is measured: acquires {@code count} messages at once and releases
 * them, so the pool retains that many and a later peak of messages held at once (which under load
 * can come first inside a measured window) finds them made.
 */
final class PoolWarmUp {
    private PoolWarmUp() {
    }

    /**
     * Makes {@code pool} hold at least {@code count} released messages (up to its {@code maxRetained}).
     *
     * @param pool      the pool.
     * @param count     how many messages to have made.
     * @param sizeBytes the size to acquire, at most the pool's buffer size.
     */
    static void fill(final BufferPool pool, final int count, final int sizeBytes) {
        final Message[] held = new Message[count];
        for (int i = 0; i < count; i++) {
            held[i] = pool.acquire(sizeBytes);
        }
        for (final Message m : held) {
            m.release();
        }
    }
}
