package dev.philjs.core;

/**
 * A derived value: a function of other signals and memos, computed lazily on the first
 * read and recomputed only when read after one of its dependencies really changed. An
 * exception thrown by the function is cached like a value and rethrown by every read
 * until a dependency changes.
 *
 * <p>
 * Thread safety: every method may be called from any thread; the function runs under the
 * graph lock, one computation at a time, and sees one consistent state of the graph.
 *
 * @param <T> the type of the value
 * @since 0.1.0
 */
public interface Memo<T> extends ReadSignal<T> {

}
