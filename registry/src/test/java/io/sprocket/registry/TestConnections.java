package io.sprocket.registry;

import java.util.concurrent.atomic.AtomicInteger;

import io.sprocket.message.Addr;

/** Connection fixtures shared through the registry's test jar. */
public final class TestConnections {
    private TestConnections() {
    }

    /**
     * A connection that does nothing: no addresses, a close that closes nothing.
     *
     * @return a new no-op connection.
     */
    public static Connection noOp() {
        return new Counting(false);
    }

    /** A connection that counts its closes, and can fail them. */
    public static final class Counting implements Connection {
        private final AtomicInteger closes = new AtomicInteger();
        private final boolean failClose;

        /**
         * Creates one.
         *
         * @param failClose whether {@link #close()} throws after counting.
         */
        public Counting(final boolean failClose) {
            this.failClose = failClose;
        }

        @Override
        public void close() {
            closes.incrementAndGet();
            if (failClose) {
                throw new IllegalStateException("injected: close failed");
            }
        }

        @Override
        public Addr localAddr() {
            return null;
        }

        @Override
        public Addr remoteAddr() {
            return null;
        }

        /**
         * How many times {@link #close()} was called.
         *
         * @return the count.
         */
        public int closes() {
            return closes.get();
        }
    }
}
