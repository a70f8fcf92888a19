package dev.philjs.core;

/**
 * Something that holds reactive resources (subscriptions, effects, child owners) until it
 * is disposed.
 *
 * <p>
 * Thread safety: {@link #dispose()} and {@link #isDisposed()} may be called from any
 * thread; disposal is idempotent and final.
 *
 * @since 0.1.0
 */
public interface Disposable extends AutoCloseable {

	/**
	 * Disposes this object and everything it owns (children first, in reverse creation
	 * order, then its own cleanups, last registered first). Calling it again does
	 * nothing.
	 */
	void dispose();

	/**
	 * Tells whether {@link #dispose()} has been called.
	 * @return {@code true} once disposed
	 */
	boolean isDisposed();

	/**
	 * Same as {@link #dispose()}, so that a disposable can be used in try-with-resources.
	 */
	@Override
	default void close() {
		dispose();
	}

}
