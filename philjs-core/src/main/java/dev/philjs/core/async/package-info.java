/**
 * Asynchronous state: {@link dev.philjs.core.async.Resource}, a value loaded from a
 * {@link java.util.concurrent.CompletionStage} with {@code data}, {@code loading} and
 * {@code error} signals, where the latest request wins.
 */
@NullMarked
package dev.philjs.core.async;

import org.jspecify.annotations.NullMarked;
