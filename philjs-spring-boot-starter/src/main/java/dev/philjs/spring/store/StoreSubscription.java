package dev.philjs.spring.store;

import dev.philjs.core.Disposable;

/**
 * A listener's subscription to a store instance: dispose it to stop the deliveries, or
 * {@linkplain #resume() resume} it when a listener that said it was not
 * {@linkplain StoreListener#ready() ready} can take deliveries again.
 *
 * <p>
 * Thread safety: every method may be called from any thread, at any time; none blocks.
 *
 * @since 0.1.0
 */
public interface StoreSubscription extends Disposable {

	/**
	 * Tells the subscription that its listener is ready again: a delivery of what the
	 * listener missed (the changes since its last delivered version, or a snapshot if
	 * they are no longer buffered) is scheduled on the delivery executor. Returns at
	 * once; does nothing once the subscription is disposed; calling it when nothing was
	 * missed is harmless.
	 */
	void resume();

}
