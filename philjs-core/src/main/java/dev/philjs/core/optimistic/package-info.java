/**
 * Optimistic updates: {@link dev.philjs.core.optimistic.Optimistic} for any state and
 * {@link dev.philjs.core.optimistic.OptimisticList} for a list of items with ids. The
 * visible state is the confirmed state with the pending changes re-applied on top, so
 * rolling back one change never undoes another.
 */
@NullMarked
package dev.philjs.core.optimistic;

import org.jspecify.annotations.NullMarked;
