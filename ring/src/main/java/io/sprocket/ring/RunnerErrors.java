package io.sprocket.ring;

import org.agrona.ErrorHandler;

/**
 * What an agent runner does with a throwable that escaped an agent's duty cycle: hands it to the
 * ring's {@link HandlerErrorListener} as a failure of the runner itself. Consumers catch everything
 * their hooks throw, so this is a backstop; it never throws.
 *
 * <p><b>Note:</b> called on the runner's thread; allocates only what the listener does.
 */
final class RunnerErrors implements ErrorHandler {
    private final HandlerErrorListener listener;
    private long count;

    RunnerErrors(final HandlerErrorListener listener) {
        this.listener = listener;
    }

    @Override
    public void onError(final Throwable throwable) {
        try {
            listener.onHandlerError("runner", throwable, -1, null, ++count);
        } catch (final Throwable ignored) {
            // Nothing more can be done: the listener itself failed.
        }
    }
}
