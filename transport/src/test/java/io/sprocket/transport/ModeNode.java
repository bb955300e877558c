package io.sprocket.transport;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.agrona.concurrent.AgentInvoker;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;

import io.sprocket.engine.Engine;
import io.sprocket.message.InfraConfig;
import io.sprocket.ring.EngineWait;
import io.sprocket.ring.MessageHandler;
import io.sprocket.ring.MessageRing;
import io.sprocket.ring.ThreadingMode;

/**
 * An engine and a transport run in one {@link ThreadingMode}, as a user of that mode would set them
 * up: {@code DEDICATED} and {@code SHARED} start the engine after the transport is built;
 * {@code INVOKER} gives both to a driver thread of the test's own, which starts the engine, drives
 * the invoker until told to stop, and then closes the engine itself.
 */
final class ModeNode implements AutoCloseable {
    private static final AtomicInteger SERIAL = new AtomicInteger();

    final Engine engine;
    final MessageRing ring;
    final Transport transport;
    private final Thread driver;
    private volatile boolean stopDriving;
    private volatile long unhandledAtClose = -1;
    private boolean closed;

    ModeNode(final String name, final ThreadingMode mode, final EngineWait wait, final InfraConfig config,
        final int ringSize, final MessageHandler handler) {
        engine = Engine.builder().name(name + "-" + SERIAL.incrementAndGet()).config(config).jmx(false)
            .registrySnapshots(false).ring(MessageRing.builder().ringSize(ringSize).threading(mode).engineWait(wait))
            .handler(handler)
            .build();
        ring = engine.ring();
        transport = Transport.builder(engine).threading(mode).ioWait(wait).outboundCapacity(256).build();
        if (mode == ThreadingMode.INVOKER) {
            final AtomicInteger started = new AtomicInteger();
            driver = new Thread(() -> drive(started), name + "-driver");
            driver.setDaemon(true);
            driver.start();
            final long deadline = System.nanoTime() + Node.WAIT_NS;
            while (started.get() == 0) {
                if (System.nanoTime() - deadline > 0) {
                    throw new AssertionError("the driver thread did not start the engine");
                }
                Thread.yield();
            }
        } else {
            driver = null;
            engine.start();
        }
    }

    private void drive(final AtomicInteger started) {
        engine.start();
        final AgentInvoker invoker = ring.invoker();
        started.set(1);
        final IdleStrategy idle = new BackoffIdleStrategy(1, 1, 1_000, 100_000);
        while (!stopDriving) {
            idle.idle(invoker.invoke());
        }
        unhandledAtClose = engine.close(TimeUnit.SECONDS.toNanos(5));
    }

    /** The thread that runs the engine (and, except {@code DEDICATED}, the I/O). */
    Thread engineThread() {
        return driver != null ? driver : ring.engineThread();
    }

    /**
     * Closes the transport, then the engine.
     *
     * @return whether the transport closed cleanly and the engine left nothing unhandled.
     */
    boolean closeBoth() {
        closed = true;
        final boolean transportClean = transport.close(TimeUnit.SECONDS.toNanos(10));
        final long unhandled;
        if (driver != null) {
            stopDriving = true;
            try {
                driver.join(Node.WAIT_MS);
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            unhandled = unhandledAtClose;
        } else {
            unhandled = engine.close(TimeUnit.SECONDS.toNanos(5));
        }
        return transportClean && unhandled == 0;
    }

    @Override
    public void close() {
        if (!closed) {
            closeBoth();
        }
    }
}
