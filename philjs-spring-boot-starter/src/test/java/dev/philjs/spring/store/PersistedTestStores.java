package dev.philjs.spring.store;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import dev.philjs.core.Reactive;
import dev.philjs.core.Signal;
import dev.philjs.core.persist.StateStorage;

/**
 * Stores and a counting storage for the {@link Persisted} tests.
 */
public final class PersistedTestStores {

	private PersistedTestStores() {
	}

	/** An application store with two persisted signals and one that is not. */
	@PhilStore("settings")
	public static class SettingsStore {

		@Persisted
		@Writable
		public final Signal<Integer> count = Reactive.signal(0);

		@Persisted
		@Hidden
		public final Signal<List<String>> tags = Reactive.signal(List.of("default"));

		public final Signal<String> scratch = Reactive.signal("");

	}

	/** A storage that counts the writes of each key. */
	public static final class CountingStorage implements StateStorage {

		private final StateStorage delegate;

		private final Map<String, AtomicInteger> writes = new ConcurrentHashMap<>();

		public CountingStorage(StateStorage delegate) {
			this.delegate = delegate;
		}

		public int writes(String key) {
			AtomicInteger count = this.writes.get(key);
			return (count != null) ? count.get() : 0;
		}

		@Override
		public Optional<String> get(String key) {
			return this.delegate.get(key);
		}

		@Override
		public void set(String key, String value) {
			// counted first: a test that sees the value also sees the count
			this.writes.computeIfAbsent(key, (k) -> new AtomicInteger()).incrementAndGet();
			this.delegate.set(key, value);
		}

		@Override
		public void remove(String key) {
			this.delegate.remove(key);
		}

		@Override
		public Set<String> keys() {
			return this.delegate.keys();
		}

	}

}
