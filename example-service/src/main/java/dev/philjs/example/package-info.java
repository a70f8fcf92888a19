/**
 * The example service: stores for the PhilJS guide's scenarios, served live over HTTP,
 * SSE and WebSocket.
 */
@NullMarked
package dev.philjs.example;

import org.jspecify.annotations.NullMarked;
