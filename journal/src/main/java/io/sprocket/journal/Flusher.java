package io.sprocket.journal;

import org.agrona.concurrent.Agent;

/**
 * The {@code INTERVAL} policy's flusher: an Agrona agent that forces what the journal reports
 * written once per interval.
 *
 * <p><b>Note:</b> runs on its own thread (an {@code AgentRunner}); allocates nothing per force.
 */
final class Flusher implements Agent {
    private final JournalWriter writer;
    private final long intervalNs;
    private final String roleName;
    private long dueNs;

    Flusher(final JournalWriter writer, final long intervalNs, final String roleName) {
        this.writer = writer;
        this.intervalNs = intervalNs;
        this.roleName = roleName;
        this.dueNs = System.nanoTime() + intervalNs;
    }

    @Override
    public int doWork() {
        final long now = System.nanoTime();
        if (now - dueNs < 0) {
            return 0;
        }
        dueNs = now + intervalNs;
        writer.forceWritten();
        return 1;
    }

    @Override
    public void onClose() {
        writer.forceWritten();
    }

    @Override
    public String roleName() {
        return roleName;
    }
}
