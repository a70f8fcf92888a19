package dev.philjs.spring.store;

import org.jspecify.annotations.Nullable;

/**
 * Told about the writes clients make through a {@link StoreService} (for metrics and
 * auditing): every signal set and action call on an existing store, allowed or not.
 * Register one with {@link StoreService#addListener(StoreServiceListener)}.
 *
 * <p>
 * Methods run on the caller's thread, after the operation finished (and, on success,
 * after its effects ran); they must be fast and thread safe. An exception thrown by a
 * listener is logged and ignored: it never changes the outcome for the client.
 *
 * @since 0.1.0
 */
public interface StoreServiceListener {

	/**
	 * Called after a client tried to set a signal of an existing store.
	 * @param store the store
	 * @param signal the signal name as the client sent it (it may not exist)
	 * @param caller the caller
	 * @param failure why it failed (a {@link StoreException} for a rejected input or
	 * denied access), or {@code null} if the value was written
	 */
	default void signalSet(StoreDefinition store, String signal, StoreCaller caller,
			@Nullable RuntimeException failure) {
	}

	/**
	 * Called after a client tried to call an action of an existing store.
	 * @param store the store
	 * @param action the action name as the client sent it (it may not exist)
	 * @param caller the caller
	 * @param failure why it failed (a {@link StoreException} for a rejected input, denied
	 * access or a failed action), or {@code null} if the action returned
	 */
	default void actionCalled(StoreDefinition store, String action, StoreCaller caller,
			@Nullable RuntimeException failure) {
	}

}
