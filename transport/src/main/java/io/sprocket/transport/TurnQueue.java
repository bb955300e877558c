package io.sprocket.transport;

/**
 * One worker's turn queue: the connections that wait for room in the ring (backpressure), for a
 * control event to go through, or that used their frames for one wake-up, in order. A pass serves
 * the queue from the front, one frame (or one control event) per turn, and a served connection goes
 * to the back; the first one the ring refuses keeps its place at the front and ends the pass, so
 * when room comes back the connection after the last one served goes first (as NNG's PULL reads its
 * pipes in turn). A connection is in the queue at most once (its {@code queued} flag); the queue is
 * a ring buffer that doubles when full.
 *
 * <p><b>Note:</b> its worker's thread only. Allocation-free, except when the queue grows.
 */
final class TurnQueue {
    /** A ring buffer of {@link #count} connections from {@link #head}. */
    private TransportConnection[] turns = new TransportConnection[16];
    private int head;
    private int count;
    /** The connection whose turn it is, and whether it asked for another meanwhile. */
    private TransportConnection serving;
    private boolean servingWantsTurn;
    private int served;

    /** Puts {@code c} at the back, unless it is in the queue or being served (then it goes back after its turn). */
    void needTurn(final TransportConnection c) {
        if (c == serving) {
            servingWantsTurn = true;
            return;
        }
        if (!c.queued) {
            c.queued = true;
            pushLast(c);
        }
    }

    /** Whether connections wait for a turn. */
    boolean isEmpty() {
        return count == 0;
    }

    /** Turns the last {@link #serve()} gave. */
    int served() {
        return served;
    }

    /** Takes a finished connection out of the queue. */
    void remove(final TransportConnection c) {
        if (c.queued) {
            c.queued = false;
            removeTurn(c);
        }
        if (c == serving) {
            servingWantsTurn = false;
        }
    }

    /**
     * A pass over the queue: one frame or control event per turn, a served connection to the back,
     * at most {@link TransportConnection#FRAMES_PER_WAKE} turns per queued connection. Whatever a
     * turn throws closes that connection ({@link TransportConnection#fail}).
     *
     * @return true when the pass ended because the ring was full.
     */
    boolean serve() {
        served = 0;
        int budget = TransportConnection.FRAMES_PER_WAKE * count;
        while (count > 0 && budget-- > 0) {
            final TransportConnection c = pollFirst();
            c.queued = false;
            serving = c;
            servingWantsTurn = false;
            served++;
            boolean full = false;
            try {
                full = c.onTurn();
            } catch (final Throwable t) {
                servingWantsTurn = false;
                c.fail(t);
            }
            serving = null;
            if (servingWantsTurn && c.phase != TransportConnection.DONE) {
                c.queued = true;
                if (full) {
                    pushFirst(c);
                    return true;
                }
                pushLast(c);
            }
        }
        return false;
    }

    private void pushLast(final TransportConnection c) {
        if (count == turns.length) {
            grow();
        }
        turns[(head + count) & (turns.length - 1)] = c;
        count++;
    }

    private void pushFirst(final TransportConnection c) {
        if (count == turns.length) {
            grow();
        }
        head = (head - 1) & (turns.length - 1);
        turns[head] = c;
        count++;
    }

    private TransportConnection pollFirst() {
        final TransportConnection c = turns[head];
        turns[head] = null;
        head = (head + 1) & (turns.length - 1);
        count--;
        return c;
    }

    private void grow() {
        final TransportConnection[] bigger = new TransportConnection[turns.length * 2];
        for (int i = 0; i < count; i++) {
            bigger[i] = turns[(head + i) & (turns.length - 1)];
        }
        turns = bigger;
        head = 0;
    }

    private void removeTurn(final TransportConnection c) {
        int kept = 0;
        final int mask = turns.length - 1;
        for (int i = 0; i < count; i++) {
            final TransportConnection at = turns[(head + i) & mask];
            if (at != c) {
                turns[(head + kept++) & mask] = at;
            }
        }
        for (int i = kept; i < count; i++) {
            turns[(head + i) & mask] = null;
        }
        count = kept;
    }
}
