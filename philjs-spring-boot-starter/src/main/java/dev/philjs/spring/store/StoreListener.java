package dev.philjs.spring.store;

import java.util.List;

/**
 * Receives the state of a store instance, conflated: it gets the changes it missed while
 * it was busy, or a fresh snapshot when they are no longer buffered. Calls to one
 * listener never overlap and arrive in version order.
 *
 * @since 0.1.0
 */
public interface StoreListener {

	/**
	 * Receives a full snapshot (first, and whenever the missed changes are gone).
	 * @param snapshot the snapshot
	 * @throws Exception if delivery fails; the subscription is then closed
	 */
	void onSnapshot(StoreSnapshot snapshot) throws Exception;

	/**
	 * Receives changes in version order, without gaps after the last version delivered.
	 * @param changes the changes
	 * @throws Exception if delivery fails; the subscription is then closed
	 */
	void onChanges(List<StoreChange> changes) throws Exception;

	/**
	 * Called once when the subscription ends (closed, failed, or the store instance
	 * disposed).
	 */
	default void onClose() {
	}

}
