package dev.philjs.core.sync;

import java.util.Optional;
import java.util.function.Consumer;

import dev.philjs.core.Subscription;

/**
 * Carries {@link Change changes} of keyed values between the instances of a service: the
 * server-side BroadcastChannel. The Redis implementation lives in the Spring starter; an
 * {@link InMemoryChannel} serves tests and single-instance applications.
 *
 * <p>
 * Contract for implementations: every method may be called from any thread; a change
 * published by one instance is eventually delivered to every subscriber of its key on
 * every instance (possibly reordered or duplicated: receivers keep the greatest change);
 * listeners must not be called under a lock that publishing can wait for.
 *
 * @since 0.1.0
 */
public interface Channel extends AutoCloseable {

	/**
	 * Publishes a change to every subscriber of its key, including those of this
	 * instance. Must not block for long; I/O happens asynchronously.
	 * @param change the change
	 */
	void publish(Change change);

	/**
	 * Subscribes to the changes of one key.
	 * @param key the key
	 * @param listener receives each change, on a thread chosen by the channel
	 * @return the subscription
	 */
	Subscription subscribe(String key, Consumer<Change> listener);

	/**
	 * Returns the greatest change of a key the channel knows, so that an instance that
	 * starts (or reconnects) can catch up.
	 * @param key the key
	 * @return the latest change, if any
	 */
	Optional<Change> latest(String key);

	/**
	 * Releases the channel's resources. The default does nothing.
	 */
	@Override
	default void close() {
	}

}
