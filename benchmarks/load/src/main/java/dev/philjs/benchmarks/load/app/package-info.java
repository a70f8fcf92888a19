/**
 * The load target: a minimal Spring Boot app with one PhilJS store, a persisted store,
 * and the baselines written for the comparison (a plain {@code SseEmitter} broadcast loop
 * and a plain {@code @RestController} over an {@code AtomicReference}). Started as a
 * separate JVM by the harness; never run in CI.
 */
@NullMarked
package dev.philjs.benchmarks.load.app;

import org.jspecify.annotations.NullMarked;
