package dev.philjs.spring.store;

/**
 * Where a store instance lives.
 *
 * @since 0.1.0
 */
public enum StoreScope {

	/** One instance for the application. */
	APPLICATION,

	/** One instance per HTTP session, disposed with the session. */
	SESSION,

	/** One instance per HTTP request, disposed at its end. */
	REQUEST

}
