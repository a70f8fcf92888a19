/**
 * The WebSocket endpoint: plain JSON text messages to subscribe to stores, set writable
 * signals and call actions (see docs/protocol.md), served by
 * {@link dev.philjs.spring.websocket.StoreWebSocketHandler} on top of
 * {@link dev.philjs.spring.store.StoreService}.
 */
@NullMarked
package dev.philjs.spring.websocket;

import org.jspecify.annotations.NullMarked;
