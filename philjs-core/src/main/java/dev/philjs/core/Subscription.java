package dev.philjs.core;

/**
 * A listener registration returned by {@link ReadSignal#subscribe}. Closing it stops
 * further deliveries; a delivery already running on another thread finishes.
 *
 * <p>
 * Thread safety: {@link #close()} may be called from any thread, any number of times.
 *
 * @since 0.1.0
 */
public interface Subscription extends AutoCloseable {

	/**
	 * Stops the subscription. Idempotent.
	 */
	@Override
	void close();

	/**
	 * Tells whether the subscription is still delivering values.
	 * @return {@code true} until {@link #close()} is called or its owner is disposed
	 */
	boolean isActive();

}
