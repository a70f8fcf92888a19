package dev.philjs.spring.security;

import dev.philjs.spring.store.StoreDefinition;
import org.jspecify.annotations.Nullable;

/**
 * What a caller is trying to do with a store: the object an {@code @Access} rule is
 * evaluated for.
 *
 * @param store the store
 * @param operation read the store, write a signal, or call an action
 * @param member the signal or action name, or {@code null} for a read
 * @since 0.1.0
 */
public record StoreAccessRequest(StoreDefinition store, Operation operation, @Nullable String member) {

	/**
	 * What the caller is trying to do.
	 */
	public enum Operation {

		/** Read a snapshot or subscribe. */
		READ,

		/** Set a writable signal. */
		WRITE,

		/** Call an action. */
		CALL

	}

}
