/**
 * A Java client for the stores of another PhilJS for Spring service: the remote state as
 * local read-only signals over Server-Sent Events, and action calls and signal writes
 * over the HTTP API (see docs/remote-client.md).
 */
@NullMarked
package dev.philjs.spring.client;

import org.jspecify.annotations.NullMarked;
