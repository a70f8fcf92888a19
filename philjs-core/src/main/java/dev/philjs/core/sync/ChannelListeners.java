package dev.philjs.core.sync;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.function.Consumer;

import dev.philjs.core.Subscription;

/**
 * The listeners of a {@link Channel}, by key: what {@link Channel#subscribe} registers
 * and what a channel calls when a change of a key arrives. A listener registered twice is
 * called twice; closing one subscription removes only its registration.
 *
 * <p>
 * Thread safety: every method may be called from any thread; a listener added or removed
 * while a change is being delivered may or may not be called for it.
 *
 * @since 0.1.0
 */
public final class ChannelListeners {

	private final Map<String, Set<Consumer<Change>>> byKey = new ConcurrentHashMap<>();

	/**
	 * Registers a listener of one key.
	 * @param key the key
	 * @param listener the listener
	 * @return the subscription, whose {@code close()} removes this registration
	 */
	public Subscription subscribe(String key, Consumer<Change> listener) {
		Objects.requireNonNull(key, "key must not be null");
		Objects.requireNonNull(listener, "listener must not be null");
		Set<Consumer<Change>> set = this.byKey.computeIfAbsent(key, (k) -> new CopyOnWriteArraySet<>());
		// a registration of its own, so that the same listener may be registered twice
		Consumer<Change> registered = listener::accept;
		set.add(registered);
		return new Subscription() {

			@Override
			public void close() {
				set.remove(registered);
			}

			@Override
			public boolean isActive() {
				return set.contains(registered);
			}

		};
	}

	/**
	 * Calls {@code action} with each listener of a key, on the calling thread.
	 * @param key the key
	 * @param action what to do with each listener
	 */
	public void forEach(String key, Consumer<Consumer<Change>> action) {
		Set<Consumer<Change>> set = this.byKey.get(key);
		if (set != null) {
			set.forEach(action);
		}
	}

	/**
	 * Returns the keys that have (or had) listeners.
	 * @return the keys (a live, unmodifiable view)
	 */
	public Set<String> keys() {
		return Collections.unmodifiableSet(this.byKey.keySet());
	}

}
