/**
 * Undo and redo: {@link dev.philjs.core.history.UndoHistory}, a bounded history of the
 * values of a signal, one step per batch, with optional coalescing of rapid edits.
 */
@NullMarked
package dev.philjs.core.history;

import org.jspecify.annotations.NullMarked;
