/**
 * Stores: classes that group state signals, derived memos and actions, as PhilJS's store
 * factories do. See {@link dev.philjs.core.store.Store}.
 */
@NullMarked
package dev.philjs.core.store;

import org.jspecify.annotations.NullMarked;
