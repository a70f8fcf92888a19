/**
 * State shared between instances of a service, the server-side counterpart of PhilJS's
 * cross-tab and BroadcastChannel patterns: a {@link dev.philjs.core.sync.Channel} carries
 * versioned {@link dev.philjs.core.sync.Change changes} of keyed values, and a
 * {@link dev.philjs.core.sync.SharedSignal} publishes its local writes and applies remote
 * ones so that every instance converges to the same value.
 */
@NullMarked
package dev.philjs.core.sync;

import org.jspecify.annotations.NullMarked;
