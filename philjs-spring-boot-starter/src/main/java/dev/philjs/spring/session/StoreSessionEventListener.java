package dev.philjs.spring.session;

import java.util.Objects;

import dev.philjs.spring.store.StoreRegistry;

import org.springframework.context.ApplicationListener;
import org.springframework.session.events.SessionDestroyedEvent;

/**
 * Ends the session stores of a Spring Session that was deleted or expired, for the
 * repositories that publish these events (such as the indexed Redis repository); the
 * container's {@code HttpSessionListener} is not called for Spring Session sessions.
 *
 * <p>
 * Thread safety: called on the thread that publishes the event.
 *
 * @since 0.1.0
 */
public final class StoreSessionEventListener implements ApplicationListener<SessionDestroyedEvent> {

	private final StoreRegistry registry;

	/**
	 * Creates the listener.
	 * @param registry the registry whose session stores are ended
	 */
	public StoreSessionEventListener(StoreRegistry registry) {
		this.registry = Objects.requireNonNull(registry, "registry must not be null");
	}

	@Override
	public void onApplicationEvent(SessionDestroyedEvent event) {
		this.registry.endSession(event.getSessionId());
	}

}
