package dev.philjs.spring.store;

/**
 * Decides who may read stores, write their signals and call their actions. Each method
 * returns normally to allow and throws a {@link StoreException} of kind
 * {@code UNAUTHORIZED} or {@code FORBIDDEN} to deny. Declare a bean of this type to
 * replace the default (the {@link Access} annotations, evaluated with Spring Security
 * when it is present).
 *
 * <p>
 * Whatever the policy says, a signal that is not {@link Writable} is never writable and a
 * method that is not an {@link Action} is never callable.
 *
 * @since 0.1.0
 */
public interface StoreAccessPolicy {

	/**
	 * Checks that the caller may read a store (snapshot, SSE, WebSocket subscription).
	 * @param store the store
	 * @param caller the caller
	 */
	void checkRead(StoreDefinition store, StoreCaller caller);

	/**
	 * Checks that the caller may set a writable signal.
	 * @param store the store
	 * @param signal the signal
	 * @param caller the caller
	 */
	void checkWrite(StoreDefinition store, SignalDefinition signal, StoreCaller caller);

	/**
	 * Checks that the caller may call an action.
	 * @param store the store
	 * @param action the action
	 * @param caller the caller
	 */
	void checkCall(StoreDefinition store, ActionDefinition action, StoreCaller caller);

}
