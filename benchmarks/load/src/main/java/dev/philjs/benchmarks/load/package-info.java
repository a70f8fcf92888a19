/**
 * The server load harness: starts the load target (and Redis) as separate processes on
 * loopback, drives them with non-blocking SSE, WebSocket and HTTP clients (Reactor
 * Netty), wrk and redis-benchmark, and stops by itself after bounded counts and times.
 * Run by hand, never in CI: see the "Server load" section of docs/benchmarks.md.
 */
@NullMarked
package dev.philjs.benchmarks.load;

import org.jspecify.annotations.NullMarked;
