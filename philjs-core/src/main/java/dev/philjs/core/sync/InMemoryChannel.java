package dev.philjs.core.sync;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
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

	private final ChannelListeners listeners = new ChannelListeners();

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
		this.listeners.forEach(change.key(), (listener) -> this.executor.execute(() -> listener.accept(change)));
	}

	@Override
	public Subscription subscribe(String key, Consumer<Change> listener) {
		return this.listeners.subscribe(key, listener);
	}

	@Override
	public Optional<Change> latest(String key) {
		return Optional.ofNullable(this.latest.get(key));
	}

}
