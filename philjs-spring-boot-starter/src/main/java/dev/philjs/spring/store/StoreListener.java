package dev.philjs.spring.store;

import java.util.List;

/**
 * Receives the state of a store instance, conflated: it gets the changes it missed while
 * it was busy, or a fresh snapshot when they are no longer buffered. Calls to one
 * listener never overlap and arrive in version order, on the delivery executor.
 *
 * <p>
 * A listener that writes to a slow peer without blocking (a non-blocking SSE stream) says
 * so with {@link #ready()}: while it is not ready nothing is delivered to it (it just
 * falls behind, which costs no memory beyond the store's change buffer) until it calls
 * {@link StoreSubscription#resume()}.
 *
 * @since 0.1.0
 */
public interface StoreListener {

	/**
	 * Whether the listener can take one more delivery now without blocking. Asked on the
	 * delivery thread before every delivery (a snapshot, or one change); when it returns
	 * {@code false} the delivery is skipped and the subscription waits, without holding
	 * any thread, for {@link StoreSubscription#resume()}. Must not block. The default is
	 * always ready.
	 * @return whether to deliver now
	 */
	default boolean ready() {
		return true;
	}

	/**
	 * Whether every call of this listener returns quickly without blocking (it never
	 * waits for a peer, a slow lock or I/O). The store then delivers to it on the thread
	 * that fans a change out, together with other such listeners, instead of handing each
	 * delivery to the executor as a task of its own; a listener that may block must keep
	 * the default {@code false}, so that it only ever holds up itself. Asked once, when
	 * the listener subscribes.
	 * @return whether deliveries to this listener never block
	 */
	default boolean nonBlocking() {
		return false;
	}

	/**
	 * Receives a full snapshot (first, and whenever the missed changes are gone).
	 * @param snapshot the snapshot
	 * @throws Exception if delivery fails; the subscription is then closed
	 */
	void onSnapshot(StoreSnapshot snapshot) throws Exception;

	/**
	 * Receives changes in version order, without gaps after the last version delivered
	 * (one change per call, so that {@link #ready()} is asked between them).
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
