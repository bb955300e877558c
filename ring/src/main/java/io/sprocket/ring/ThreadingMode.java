package io.sprocket.ring;

/**
 * Which threads run the agents (a ring's consumers, a transport's I/O workers), as the threading
 * modes of Aeron's media driver.
 *
 * <p><b>Note:</b> immutable; any thread, no allocation.
 */
public enum ThreadingMode {
    /** Each agent on a thread of its own: the engine, each reader, each I/O worker. The default. */
    DEDICATED,
    /**
     * One thread runs every agent in one duty cycle (Agrona's {@code CompositeAgent}): the engine,
     * the readers and, with a transport, the I/O polling. Fewest hand-offs between threads.
     */
    SHARED,
    /**
     * No thread at all: the application's own thread drives the agents through an Agrona
     * {@code AgentInvoker}, for those who pin and spin their own threads.
     */
    INVOKER
}
