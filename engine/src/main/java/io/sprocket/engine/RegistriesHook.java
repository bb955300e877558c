package io.sprocket.engine;

import io.sprocket.message.Message;
import io.sprocket.ring.MessageHandler;
import io.sprocket.ring.RingHook;

/**
 * The engine's view of its ring: binds the registries to the engine thread, keeps
 * the batch clock, counts each data message against its peer before the application's handler
 * sees it, applies control events (counting and reporting a refused one), publishes snapshots at
 * the end of a batch that changed membership, and releases everything as the engine stops.
 *
 * <p><b>Note:</b> called on the engine thread; allocates nothing per data message.
 */
final class RegistriesHook implements RingHook {
    private final Registries registries;
    private final ControlSlot[] controls;
    private final MessageHandler handler;
    private final int mask;

    RegistriesHook(final Registries registries, final ControlSlot[] controls, final MessageHandler handler) {
        this.registries = registries;
        this.controls = controls;
        this.handler = handler;
        this.mask = controls.length - 1;
    }

    @Override
    public void onStart() {
        registries.bindOwner(Thread.currentThread());
    }

    @Override
    public void onBatchStart() {
        registries.onBatchStart();
    }

    @Override
    public void onData(final Message message, final long sequence, final boolean endOfBatch) throws Exception {
        registries.onData(message);
        handler.onMessage(message, sequence, endOfBatch);
    }

    @Override
    public void onControl(final Message message, final long sequence, final boolean endOfBatch) {
        final ControlSlot control = controls[(int)sequence & mask];
        try {
            registries.apply(control);
        } catch (final RuntimeException e) {
            registries.onControlError();
            if (control.type == ControlSlot.CONNECTION_OPENED && control.connection != null) {
                try {
                    control.connection.onRefused();   // the engine's answer: the transport closes it now
                } catch (final RuntimeException hookFailed) {
                    e.addSuppressed(hookFailed);
                }
            }
            throw e;
        } finally {
            control.clear();
        }
    }

    @Override
    public void onEndOfBatch() throws Exception {
        registries.onEndOfBatch();
        handler.onEndOfBatch();
    }

    @Override
    public void onShutdown() {
        try {
            registries.releaseAll();
        } finally {
            registries.freeCounters();   // the last thing the engine thread writes
        }
    }
}
