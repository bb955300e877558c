package io.sprocket.micrometer;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.sprocket.transport.Transport;
import io.sprocket.transport.TransportStats;

/**
 * A {@link Transport}'s figures ({@link TransportStats}, summed over its I/O threads) as Micrometer
 * meters, tagged {@code ring=<name>} (a transport is named by the ring it publishes into):
 *
 * <table>
 *   <caption>Meters</caption>
 *   <tr><th>meter</th><th>kind</th><th>what it measures</th></tr>
 *   <tr><td>{@code sprocket.transport.open} (connections)</td><td>gauge</td><td>connections open now</td></tr>
 *   <tr><td>{@code sprocket.transport.accepted}, {@code .dialed} (connections)</td><td>counter</td><td>connections made</td></tr>
 *   <tr><td>{@code sprocket.transport.handshakes}</td><td>counter</td><td>good SP headers received</td></tr>
 *   <tr><td>{@code sprocket.transport.closed}, {@code .peer.closed} (connections)</td><td>counter</td><td>connections ended</td></tr>
 *   <tr><td>{@code sprocket.transport.dropped} (connections), {@code reason=...}</td><td>counter</td><td>connections the transport closed for a fault</td></tr>
 *   <tr><td>{@code sprocket.transport.received}, {@code .sent} (messages)</td><td>counter</td><td>messages in and out</td></tr>
 *   <tr><td>{@code sprocket.transport.received.payload}, {@code .sent.payload} (bytes)</td><td>counter</td><td>bytes in and out</td></tr>
 *   <tr><td>{@code sprocket.transport.staged} (messages)</td><td>counter</td><td>frames copied once because they came in pieces</td></tr>
 *   <tr><td>{@code sprocket.transport.backpressure.stalls}, {@code .control.retries}, {@code .send.rejected}</td><td>counter</td><td>waits for ring or queue room</td></tr>
 *   <tr><td>{@code sprocket.transport.dial.failures}, {@code .accept.failures}, {@code .io.faults}</td><td>counter</td><td>failures, each survived</td></tr>
 * </table>
 *
 * <p>The {@code reason} of {@code sprocket.transport.dropped} is one of {@code bad_header},
 * {@code wrong_protocol}, {@code handshake_timeout}, {@code oversized_frame}, {@code bad_frame},
 * {@code frame_timeout}, {@code over_limit}, {@code io_fault} and {@code refused_by_engine}; see
 * the {@link TransportStats} method of the same name.
 *
 * <p><b>Note:</b> bind on any thread; binding allocates the meters once. Reading a meter, from any
 * number of threads, fills a {@link TransportStats} this binding owns, under its lock, and
 * allocates nothing.
 */
public final class TransportMetrics implements MeterBinder {
    private static final String DROPPED = "Connections the transport closed since it was built because of what the"
        + " reason tag names: a bad SP header, a peer speaking a protocol this socket does not pair with, no header"
        + " within the handshake timeout, a frame over the receive limit, a malformed frame, a frame left unfinished"
        + " past the frame timeout, a listener already at its connection limit, a fault while serving it, or the"
        + " engine refusing to register it.";

    private final Transport transport;
    private final Tags tags;

    /**
     * Meters for a transport, tagged {@code ring=<name>}.
     *
     * @param transport the transport.
     * @throws IllegalArgumentException when the transport is null.
     */
    public TransportMetrics(final Transport transport) {
        this(transport, Tags.empty());
    }

    /**
     * Meters for a transport, tagged with {@code tags} and {@code ring=<name>}.
     *
     * @param transport the transport.
     * @param tags      more tags for every meter (a second transport on the same ring needs one that
     *                  tells it apart).
     * @throws IllegalArgumentException when the transport or the tags are null.
     */
    public TransportMetrics(final Transport transport, final Iterable<Tag> tags) {
        if (transport == null) {
            throw new IllegalArgumentException("transport must not be null");
        }
        this.transport = transport;
        this.tags = StatsMeters.tags(tags, "ring", transport.ring().name());
    }

    /**
     * Registers the transport's meters.
     *
     * @param registry the registry.
     * @throws IllegalArgumentException when the registry is null.
     */
    @Override
    public void bindTo(final MeterRegistry registry) {
        final StatsMeters<Transport, TransportStats> m = new StatsMeters<>(registry, transport, tags,
            new TransportStats(), Transport::stats);
        m.gauge("sprocket.transport.open", "connections", "Connections open, in any state, handshake included.",
            TransportStats::connections);
        m.counter("sprocket.transport.accepted", "connections", "Connections listeners accepted.",
            TransportStats::accepted);
        m.counter("sprocket.transport.dialed", "connections", "Connections dialers established.",
            TransportStats::dialed);
        m.counter("sprocket.transport.dial.failures", null, "Dial attempts that failed (refused, unreachable, timed out).",
            TransportStats::connectFailures);
        m.counter("sprocket.transport.handshakes", null,
            "Connections whose peer sent a valid SP header for this socket's peer protocol.",
            TransportStats::handshakes);
        m.counter("sprocket.transport.closed", "connections", "Connections closed, for any reason.",
            TransportStats::closed);
        m.counter("sprocket.transport.peer.closed", "connections",
            "Connections the peer ended (end of stream) or an I/O error ended.", TransportStats::peerClosed);
        m.counter("sprocket.transport.dropped", "connections", DROPPED, TransportStats::badHeaders,
            Tags.of("reason", "bad_header"));
        m.counter("sprocket.transport.dropped", "connections", DROPPED, TransportStats::wrongProtocol,
            Tags.of("reason", "wrong_protocol"));
        m.counter("sprocket.transport.dropped", "connections", DROPPED, TransportStats::handshakeTimeouts,
            Tags.of("reason", "handshake_timeout"));
        m.counter("sprocket.transport.dropped", "connections", DROPPED, TransportStats::oversizedFrames,
            Tags.of("reason", "oversized_frame"));
        m.counter("sprocket.transport.dropped", "connections", DROPPED, TransportStats::badFrames,
            Tags.of("reason", "bad_frame"));
        m.counter("sprocket.transport.dropped", "connections", DROPPED, TransportStats::frameTimeouts,
            Tags.of("reason", "frame_timeout"));
        m.counter("sprocket.transport.dropped", "connections", DROPPED, TransportStats::overLimit,
            Tags.of("reason", "over_limit"));
        m.counter("sprocket.transport.dropped", "connections", DROPPED, TransportStats::connectionsFailed,
            Tags.of("reason", "io_fault"));
        m.counter("sprocket.transport.dropped", "connections", DROPPED, TransportStats::refusedByEngine,
            Tags.of("reason", "refused_by_engine"));
        m.counter("sprocket.transport.received", "messages", "Messages received and published into the ring.",
            TransportStats::framesIn);
        m.counter("sprocket.transport.received.payload", "bytes", "Payload bytes received and published into the ring.",
            TransportStats::bytesIn);
        m.counter("sprocket.transport.sent", "messages", "Messages written to connections.", TransportStats::framesOut);
        m.counter("sprocket.transport.sent.payload", "bytes",
            "Bytes written to connections: each message's header and body, without the frame's length prefix.",
            TransportStats::bytesOut);
        m.counter("sprocket.transport.staged", "messages",
            "Frames that did not arrive whole in one wake-up, so they were copied once through a staging buffer.",
            TransportStats::stagedFrames);
        m.counter("sprocket.transport.backpressure.stalls", null,
            "Times a connection stopped reading because the ring was full (backpressure to the sender, nothing"
                + " dropped).",
            TransportStats::backpressureStalls);
        m.counter("sprocket.transport.control.retries", null,
            "Control events that found the ring full and were retried later.", TransportStats::controlRetries);
        m.counter("sprocket.transport.send.rejected", "messages",
            "Sends refused because no connection was ready or its outbound queue was full; the caller kept the"
                + " message.",
            TransportStats::sendRejected);
        m.counter("sprocket.transport.accept.failures", null,
            "Accepts that failed (out of file descriptors or buffers, or another I/O error); each paused its listener"
                + " briefly.",
            TransportStats::acceptFailures);
        m.counter("sprocket.transport.io.faults", null,
            "Unexpected throwables an I/O thread caught and survived (out of direct memory for a frame, a bug); each"
                + " was reported.",
            TransportStats::ioFaults);
    }
}
