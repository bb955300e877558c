package io.sprocket.transport;

import org.agrona.ErrorHandler;

import io.sprocket.counters.CounterSet;

/**
 * Counts and reports what is thrown on one I/O thread: a fault is counted
 * ({@link TransportStats#ioFaults()}) and reported; a report goes to the transport's error handler
 * (by default the {@code io.sprocket.transport} logger) the first {@value #MAX_REPORTS} times on
 * this thread. Never throws: the handler itself can fail (logging's first use loads classes and
 * opens files, which fails when the process is out of file descriptors), and then the report is
 * dropped; the failure was counted.
 *
 * <p><b>Note:</b> its worker's thread only. Allocation-free, but for what the handler does.
 */
final class FaultReporter {
    private static final int MAX_REPORTS = 20;

    private final CounterSet counters;
    private final ErrorHandler handler;
    private int reported;

    FaultReporter(final CounterSet counters, final ErrorHandler handler) {
        this.counters = counters;
        this.handler = handler;
    }

    /** Counts a Throwable caught on this thread and reports it; never throws. */
    void fault(final Throwable t) {
        counters.counter(TransportStats.FAULTS).incrementRelease();
        report(t);
    }

    /** Reports a failure counted elsewhere (or not at all), the first {@value #MAX_REPORTS} times; never throws. */
    void report(final Throwable e) {
        if (reported >= MAX_REPORTS) {
            return;
        }
        reported++;
        try {
            handler.onError(e);
        } catch (final Throwable loggingFailed) {
            // Nothing safe is left to report with; the failure is counted.
        }
    }
}
