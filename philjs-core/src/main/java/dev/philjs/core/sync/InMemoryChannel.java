package dev.philjs.core.sync;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

import dev.philjs.core.Subscription;

/**
 * A {@link Channel} within one JVM: several {@link SharedSignal shared signals} (standing
 * for several instances) on one channel see each other's changes. It remembers the
 * greatest change of each key for {@link #latest}.
 *
 * <p>
 * Thread safety: every method may be called from any thread. Listeners run on the
 * executor given at construction (the publishing thread by default).
 *
 * @since 0.1.0
 */
public final class InMemoryChannel implements Channel {

	private final Map<String, Set<Consumer<Change>>> listeners = new ConcurrentHashMap<>();

	private final Map<String, Change> latest = new ConcurrentHashMap<>();

	private final Executor executor;

	/**
	 * Creates a channel that calls listeners on the publishing thread.
	 */
	public InMemoryChannel() {
		this(Runnable::run);
	}

	/**
	 * Creates a channel that calls listeners on {@code executor}.
	 * @param executor where listeners run
	 */
	public InMemoryChannel(Executor executor) {
		this.executor = java.util.Objects.requireNonNull(executor, "executor must not be null");
	}

	@Override
	public void publish(Change change) {
		java.util.Objects.requireNonNull(change, "change must not be null");
		this.latest.merge(change.key(), change,
				(old, next) -> next.isNewerThan(old.version(), old.origin()) ? next : old);
		Set<Consumer<Change>> subscribers = this.listeners.get(change.key());
		if (subscribers == null) {
			return;
		}
		for (Consumer<Change> listener : subscribers) {
			this.executor.execute(() -> listener.accept(change));
		}
	}

	@Override
	public Subscription subscribe(String key, Consumer<Change> listener) {
		java.util.Objects.requireNonNull(key, "key must not be null");
		java.util.Objects.requireNonNull(listener, "listener must not be null");
		Set<Consumer<Change>> set = this.listeners.computeIfAbsent(key, (k) -> new CopyOnWriteArraySet<>());
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

	@Override
	public Optional<Change> latest(String key) {
		return Optional.ofNullable(this.latest.get(key));
	}

}
