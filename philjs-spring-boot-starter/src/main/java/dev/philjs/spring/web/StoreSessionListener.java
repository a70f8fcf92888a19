package dev.philjs.spring.web;

import dev.philjs.spring.store.StoreRegistry;
import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionIdListener;
import jakarta.servlet.http.HttpSessionListener;

/**
 * Disposes the session stores of an HTTP session when the container destroys the session
 * (invalidated or timed out), and when its id changes (session fixation protection at
 * login): the stores of the old id are disposed, and new ones are created for the new id
 * on first use, so that no instance outlives the id it was reachable by.
 *
 * <p>
 * Thread safety: stateless; the container may call it from any thread.
 *
 * @since 0.1.0
 */
public class StoreSessionListener implements HttpSessionListener, HttpSessionIdListener {

	private final StoreRegistry registry;

	/**
	 * Creates the listener.
	 * @param registry the registry whose session stores are disposed
	 */
	public StoreSessionListener(StoreRegistry registry) {
		this.registry = registry;
	}

	/** Disposes the session's stores; runs on the container's thread. */
	@Override
	public void sessionDestroyed(HttpSessionEvent event) {
		this.registry.endSession(event.getSession().getId());
	}

	/** Disposes the stores of the old id; runs on the request's thread. */
	@Override
	public void sessionIdChanged(HttpSessionEvent event, String oldSessionId) {
		this.registry.endSession(oldSessionId);
	}

}
