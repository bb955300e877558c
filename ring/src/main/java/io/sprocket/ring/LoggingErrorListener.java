package io.sprocket.ring;

import io.sprocket.message.Message;

/** The default {@link HandlerErrorListener}: logs the 1st, 2nd, 4th, 8th... failure of each consumer. */
final class LoggingErrorListener implements HandlerErrorListener {
    private static final System.Logger LOG = System.getLogger("io.sprocket.ring");
    private final String ring;

    LoggingErrorListener(final String ring) {
        this.ring = ring;
    }

    @Override
    public void onHandlerError(
        final String consumer, final Throwable error, final long sequence, final Message message, final long count) {
        if ((count & (count - 1)) == 0) {
            LOG.log(System.Logger.Level.WARNING, "ring '" + ring + "' " + consumer + " handler failed at sequence "
                + sequence + " (failure #" + count + "; logging doubles its interval)", error);
        }
    }
}
