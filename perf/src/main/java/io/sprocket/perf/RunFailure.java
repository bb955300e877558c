package io.sprocket.perf;

/** A measurement that could not complete (a timeout, a refused claim, a count that does not add up). */
final class RunFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    RunFailure(final String message) {
        super(message);
    }
}
