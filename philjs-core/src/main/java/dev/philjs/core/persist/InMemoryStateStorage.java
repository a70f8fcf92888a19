package dev.philjs.core.persist;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * A {@link StateStorage} in memory: the server-side analogue of the browser's
 * {@code sessionStorage}, living as long as this object. Useful for tests, for state that
 * only has to outlive a component, and as the model of the contract.
 *
 * <p>
 * Thread safety: every method may be called from any thread; each operation is atomic. It
 * never throws {@link StorageException}.
 *
 * @since 0.1.0
 */
public final class InMemoryStateStorage implements StateStorage {

	private final ConcurrentMap<String, String> values = new ConcurrentHashMap<>();

	/**
	 * Creates an empty storage.
	 */
	public InMemoryStateStorage() {
	}

	@Override
	public Optional<String> get(String key) {
		Objects.requireNonNull(key, "key must not be null");
		return Optional.ofNullable(this.values.get(key));
	}

	@Override
	public void set(String key, String value) {
		Objects.requireNonNull(key, "key must not be null");
		Objects.requireNonNull(value, "value must not be null");
		this.values.put(key, value);
	}

	@Override
	public void remove(String key) {
		Objects.requireNonNull(key, "key must not be null");
		this.values.remove(key);
	}

	@Override
	public Set<String> keys() {
		return Set.copyOf(this.values.keySet());
	}

	@Override
	public String toString() {
		return "InMemoryStateStorage[" + this.values.size() + " keys]";
	}

}
