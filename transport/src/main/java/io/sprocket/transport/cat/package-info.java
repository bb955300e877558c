/**
 * {@link io.sprocket.transport.cat.SpCat}, an nngcat-like command that speaks SP from a shell through
 * a Sprocket ring and transport: PUSH, PULL or PAIR, listening or dialing, sending data and printing
 * what it receives. {@code sprocket-perf cat} runs it.
 *
 * <p><b>Note:</b> a command, run on the caller's thread; it allocates freely.
 */
package io.sprocket.transport.cat;
