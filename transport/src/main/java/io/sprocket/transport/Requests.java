package io.sprocket.transport;

import java.nio.ByteOrder;

import org.agrona.collections.Int2IntHashMap;

import io.sprocket.message.Message;

/**
 * The outstanding requests of one REQ socket, or surveys of one SURVEYOR socket: each has a 32-bit
 * id with its top bit set, put in front of the body as the SP header, and a copy kept for resending.
 * A REQ request is resent to the next ready connection every resend period, and at once when the
 * connection it went to closes, until its reply arrives or it is cancelled; a reply that matches no
 * outstanding request (late, answered already, cancelled, or unknown) is dropped where it is read and
 * counted. A survey goes to every ready connection and takes responses until its deadline; later ones
 * are dropped and counted, and the survey ends.
 *
 * <p>Any number may be outstanding, up to the transport's limit: NNG's contexts, each request known
 * by its id, which the reply carries in its header ({@link Transport#requestId(Message)}).
 *
 * <p><b>Note:</b> {@link #send}, {@link #cancel}, {@link #onReply}, {@link #onTimer} and
 * {@link #onConnectionGone} run on any thread (senders, I/O workers) under this object's lock,
 * briefly; none allocates once the socket's message pool is warm (a request's copy is a pool message).
 */
final class Requests {
    /** {@link #send}: no connection ready (or no room on any): nothing was sent, the caller keeps the message. */
    static final long NOT_SENT = -1;
    /** {@link #send}: the socket already has its maximum of outstanding requests. */
    static final long TOO_MANY = -2;
    static final long NO_TIMER = Long.MAX_VALUE;
    /** How soon a resend that found no ready connection tries again. */
    private static final long RETRY_NS = 10_000_000;
    private static final int TOP_BIT = 0x8000_0000;

    private final Connections connections;
    private final SocketEndpoints sock;
    private final boolean survey;
    private final long periodNs;
    private final Int2IntHashMap slotById;
    private final int[] ids;
    private final Message[] copies;
    private final long[] dueNs;
    private final long[] connIds;
    private final int[] free;
    private int freeCount;
    private int nextId;
    /** The earliest due time of any outstanding request, for the worker that runs the timers. */
    private volatile long earliestNs = NO_TIMER;
    /** The worker that runs this socket's timers (set once, at the socket's first request). */
    volatile Worker worker;

    Requests(final Connections connections, final SocketEndpoints sock, final long periodNs, final int capacity,
        final int firstId) {
        this.connections = connections;
        this.sock = sock;
        this.survey = sock.protocolId == SpProtocol.SURVEYOR;
        this.periodNs = periodNs;
        this.slotById = new Int2IntHashMap(capacity * 2, 0.5f, -1);
        this.ids = new int[capacity];
        this.copies = new Message[capacity];
        this.dueNs = new long[capacity];
        this.connIds = new long[capacity];
        this.free = new int[capacity];
        for (int i = 0; i < capacity; i++) {
            free[i] = capacity - 1 - i;
        }
        this.freeCount = capacity;
        this.nextId = firstId;
    }

    /**
     * Sends a request (REQ: to one ready connection; SURVEYOR: to all) with a new id in front.
     *
     * @return the id (0x80000000 to 0xffffffff), or {@link #NOT_SENT} or {@link #TOO_MANY}, in which
     *         cases the caller keeps the message, unchanged.
     */
    synchronized long send(final Message m) {
        if (freeCount == 0) {
            return TOO_MANY;
        }
        final int id = nextId++ | TOP_BIT;
        m.clearHeader().pushHeaderInt(id);
        final Message copy = m.clone();
        final long now = System.nanoTime();
        final long conn;
        if (survey) {
            conn = 0;
            if (sock.ready.conns.length == 0 || !connections.fanOut(sock, m, 0)) {
                return unsent(m, copy);
            }
        } else {
            conn = connections.toOne(sock, m);
            if (conn == 0) {
                return unsent(m, copy);
            }
        }
        final int slot = free[--freeCount];
        ids[slot] = id;
        copies[slot] = copy;
        dueNs[slot] = now + periodNs;
        connIds[slot] = conn;
        slotById.put(id, slot);
        due(now + periodNs, now);
        return id & 0xFFFF_FFFFL;
    }

    private static long unsent(final Message m, final Message copy) {
        copy.release();
        m.clearHeader();
        return NOT_SENT;
    }

    /** Cancels an outstanding request; false when it is not outstanding (answered, expired, unknown). */
    synchronized boolean cancel(final long requestId) {
        final int slot = slotById.get((int)requestId);
        if (slot < 0) {
            return false;
        }
        end(slot);
        return true;
    }

    /**
     * A reply (or response) read on an I/O thread: its id must match an outstanding request.
     *
     * @return {@link ReceiveRules#DELIVER} (the id moved to the header; a REQ's request ends), or the
     *         counter that says why not.
     */
    synchronized int onReply(final Message m) {
        if (m.length() < ReceiveRules.HEADER_WORD_BYTES) {
            return TransportStats.PROTOCOL_VIOLATIONS;
        }
        final int id = m.buffer().getInt(0, ByteOrder.BIG_ENDIAN);
        final int slot = slotById.get(id);
        if (slot < 0 || (survey && System.nanoTime() - dueNs[slot] >= 0)) {
            return TransportStats.STALE_REPLIES;
        }
        if (!survey) {
            end(slot);
        }
        m.moveToHeader(ReceiveRules.HEADER_WORD_BYTES);
        return ReceiveRules.DELIVER;
    }

    /** The connection {@code connId} stopped: its REQ requests are resent at the next timer. */
    synchronized void onConnectionGone(final long connId) {
        if (survey) {
            return;
        }
        final long now = System.nanoTime();
        boolean any = false;
        for (int slot = 0; slot < ids.length; slot++) {
            if (copies[slot] != null && connIds[slot] == connId) {
                dueNs[slot] = now;
                any = true;
            }
        }
        if (any) {
            due(now, now);
        }
    }

    /**
     * Resends the REQ requests that are due, ends the surveys that are; on the worker that runs this
     * socket's timers.
     *
     * @return the next due time, or {@link #NO_TIMER}.
     */
    synchronized long onTimer(final long now) {
        long next = NO_TIMER;
        for (int slot = 0; slot < ids.length; slot++) {
            final Message copy = copies[slot];
            if (copy == null) {
                continue;
            }
            if (now - dueNs[slot] >= 0) {
                if (survey) {
                    connections.surveysExpired.incrementAndGet();
                    end(slot);
                    continue;
                }
                final Message again = copy.clone();
                final long conn = connections.toOne(sock, again);
                if (conn == 0) {
                    again.release();
                    dueNs[slot] = now + RETRY_NS;
                } else {
                    connections.requestsResent.incrementAndGet();
                    connIds[slot] = conn;
                    dueNs[slot] = now + periodNs;
                }
            }
            if (next == NO_TIMER || dueNs[slot] - next < 0) {
                next = dueNs[slot];
            }
        }
        earliestNs = next;
        return next;
    }

    /** Gives every copy back (the transport is closing). */
    synchronized void clear() {
        for (int slot = 0; slot < ids.length; slot++) {
            if (copies[slot] != null) {
                end(slot);
            }
        }
    }

    /** The earliest due time; any thread. */
    long earliestNs() {
        return earliestNs;
    }

    /** How many are outstanding. */
    synchronized int outstanding() {
        return ids.length - freeCount;
    }

    private void end(final int slot) {
        slotById.remove(ids[slot]);
        final Message copy = copies[slot];
        copies[slot] = null;
        free[freeCount++] = slot;
        copy.release();
    }

    private void due(final long atNs, final long nowNs) {
        if (earliestNs == NO_TIMER || atNs - earliestNs < 0) {
            earliestNs = atNs;
            final Worker w = worker;
            if (w != null) {
                w.wakeForTimer(atNs, nowNs);
            }
        }
    }
}
