package io.sprocket.transport;

import java.util.Arrays;

/**
 * The request tables ({@link Requests}) whose resends and survey deadlines one worker runs: each
 * table belongs to one worker, which sweeps the due ones every cycle and sleeps no longer than the
 * earliest due time.
 *
 * <p><b>Note:</b> {@link #add} from any thread (copy on write, allocates); {@link #sweep} and
 * {@link #earliestNs} on the worker's thread, allocation-free.
 */
final class RequestTimers {
    private static final Requests[] NONE = new Requests[0];

    private volatile Requests[] tables = NONE;

    synchronized void add(final Requests r) {
        final Requests[] old = tables;
        final Requests[] next = Arrays.copyOf(old, old.length + 1);
        next[old.length] = r;
        tables = next;
    }

    /** Runs the tables that are due; returns how many ran. A table that throws is counted, reported and skipped. */
    int sweep(final long now, final FaultReporter faults) {
        int ran = 0;
        final Requests[] all = tables;
        for (int i = 0; i < all.length; i++) {
            final long due = all[i].earliestNs();
            if (due != Requests.NO_TIMER && now - due >= 0) {
                try {
                    all[i].onTimer(now);
                } catch (final RuntimeException e) {
                    faults.fault(e);
                }
                ran++;
            }
        }
        return ran;
    }

    /** The earliest due time of the tables, or {@link Requests#NO_TIMER}. */
    long earliestNs() {
        long earliest = Requests.NO_TIMER;
        final Requests[] all = tables;
        for (int i = 0; i < all.length; i++) {
            final long due = all[i].earliestNs();
            if (due != Requests.NO_TIMER && (earliest == Requests.NO_TIMER || due - earliest < 0)) {
                earliest = due;
            }
        }
        return earliest;
    }
}
