package io.sprocket.perf;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.agrona.concurrent.AgentInvoker;
import org.agrona.concurrent.IdleStrategy;

import io.sprocket.engine.Engine;
import io.sprocket.message.InfraConfig;
import io.sprocket.ring.EngineWait;
import io.sprocket.ring.MessageHandler;
import io.sprocket.ring.MessageRing;
import io.sprocket.ring.ThreadingMode;
import io.sprocket.transport.Transport;

/**
 * One node of a transport benchmark: an engine and a transport in one threading mode, started the
 * way a user of that mode does: the transport built before the engine starts; {@code INVOKER}, a
 * driver thread that starts the engine, calls the invoker until told to stop, and closes the engine.
 */
final class TransportNode implements AutoCloseable {
    final Engine engine;
    final MessageRing ring;
    final Transport transport;
    private final Thread driver;
    private volatile boolean stop;

    TransportNode(final String name, final ThreadingMode mode, final EngineWait wait, final int ringSize,
        final InfraConfig config, final MessageHandler handler) {
        engine = Engine.builder().name(name).config(config).jmx(false)
            .ring(MessageRing.builder().ringSize(ringSize).threading(mode).engineWait(wait))
            .handler(handler).build();
        ring = engine.ring();
        transport = Transport.builder(engine).threading(mode).ioWait(wait).build();
        if (mode != ThreadingMode.INVOKER) {
            driver = null;
            engine.start();
            return;
        }
        final CountDownLatch started = new CountDownLatch(1);
        driver = new Thread(() -> {
            engine.start();
            final AgentInvoker invoker = ring.invoker();
            started.countDown();
            final IdleStrategy idle = wait.newIdleStrategy();
            while (!stop) {
                idle.idle(invoker.invoke());
            }
            engine.close(TimeUnit.SECONDS.toNanos(5));
        }, name + "-driver");
        driver.setDaemon(true);
        driver.start();
        try {
            if (!started.await(10, TimeUnit.SECONDS)) {
                throw new RunFailure("the driver thread of " + name + " did not start its engine within 10 s");
            }
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RunFailure("interrupted while starting " + name);
        }
    }

    @Override
    public void close() {
        transport.close();
        if (driver == null) {
            engine.close(TimeUnit.SECONDS.toNanos(5));
            return;
        }
        stop = true;
        try {
            driver.join(10_000);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
