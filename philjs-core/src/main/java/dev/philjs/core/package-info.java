/**
 * The public API of the PhilJS reactive engine: signals, memos, effects, batches,
 * ownership and context. Every method may be called from any thread; see
 * {@link dev.philjs.core.Reactive} for the threading model.
 */
@NullMarked
package dev.philjs.core;

import org.jspecify.annotations.NullMarked;
