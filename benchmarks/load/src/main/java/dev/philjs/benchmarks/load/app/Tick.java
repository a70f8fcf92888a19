package dev.philjs.benchmarks.load.app;

/**
 * The value the harness writes: when it was sent (the harness's
 * {@code System.nanoTime()}, so only the harness reads it) and a payload that sets the
 * size of each event.
 *
 * @param sent the sender's clock when the write was sent, in nanoseconds
 * @param payload filler text
 * @since 0.1.0
 */
public record Tick(long sent, String payload) {

}
