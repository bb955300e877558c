package io.sprocket.examples;

import java.nio.charset.StandardCharsets;

import io.sprocket.message.BufferPool;
import io.sprocket.message.InfraConfig;
import io.sprocket.message.Message;
import io.sprocket.message.PoolStats;

/**
 * Uses a bounded {@link BufferPool} for a message built before a ring slot can be claimed, and for a
 * copy that outlives it.
 *
 * <p><b>Note:</b> a program: {@link #main} runs on the caller's thread. A pool may be shared by any
 * number of threads; once it is warm, acquire and release allocate nothing.
 */
public final class PoolExample {
    private PoolExample() {
    }

    /**
     * Copies a greeting through the pool and prints it with the pool's counts.
     *
     * @param args ignored.
     */
    public static void main(final String[] args) {
        System.out.println(run("hello, pool"));
    }

    /**
     * Puts {@code text} in a pooled message, clones it, releases both and reads the pool's counts.
     *
     * @param text what to copy.
     * @return the copy's text and the pool's counts, on one line.
     */
    public static String run(final String text) {
        // tag::pool[]
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        BufferPool pool = new BufferPool("scratch", InfraConfig.defaults());

        Message m = pool.acquire(bytes.length).putPayload(bytes, 0, bytes.length);  // no allocation once warm
        Message copy = m.clone();                                   // its own buffer, from the same pool
        m.release();
        String copied = copy.buffer().getStringWithoutLengthUtf8(0, copy.length());
        copy.release();

        PoolStats stats = pool.stats(new PoolStats());              // fills a reusable snapshot
        // end::pool[]
        return "copied '" + copied + "'; pool: " + stats.acquires() + " acquired, " + stats.releases() + " released, "
            + stats.retained() + " kept for reuse";
    }
}
