/**
 * Stores as Spring beans: the {@link dev.philjs.spring.store.PhilStore} annotation, the
 * model of a store's exposed signals and actions, the registry that resolves store
 * instances per scope, and the versioned change streams that HTTP, SSE and WebSocket
 * clients read.
 */
@NullMarked
package dev.philjs.spring.store;

import org.jspecify.annotations.NullMarked;
