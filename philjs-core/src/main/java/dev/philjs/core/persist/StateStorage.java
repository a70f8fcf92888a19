package dev.philjs.core.persist;

import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A key-value store of text, in the spirit of the browser's Web Storage ({@code getItem},
 * {@code setItem}, {@code removeItem}, keys).
 *
 * <p>
 * Values are {@code String}s: the codecs that feed it produce text (JSON in the Spring
 * starter, plain numbers and names here), text is what Web Storage and Redis strings
 * hold, and it keeps the files of {@link FileStateStorage} readable and editable by
 * people. Binary data can be carried as Base64 by its codec.
 *
 * <p>
 * Contract for implementations: every method may be called from any thread; a
 * {@link #set} is atomic (a reader sees the old value or the new one, never a mix) and
 * durable once it returns, as far as the medium allows; keys may be any string, including
 * the empty one; every method may throw an unchecked {@link StorageException} on I/O
 * failure, and {@link NullPointerException} for a {@code null} argument.
 *
 * @since 0.1.0
 */
public interface StateStorage {

	/**
	 * Reads the value stored under {@code key}.
	 * @param key the key
	 * @return the value, or empty if none is stored
	 * @throws StorageException if the storage cannot be read
	 */
	Optional<String> get(String key);

	/**
	 * Stores {@code value} under {@code key}, replacing any previous value atomically.
	 * @param key the key
	 * @param value the value
	 * @throws StorageException if the storage cannot be written; the previous value is
	 * then still there
	 */
	void set(String key, String value);

	/**
	 * Removes the value stored under {@code key}; does nothing if there is none.
	 * @param key the key
	 * @throws StorageException if the storage cannot be written
	 */
	void remove(String key);

	/**
	 * Returns a snapshot of the keys that have a value, in no particular order.
	 * @return the keys; later changes do not show in it
	 * @throws StorageException if the storage cannot be read
	 */
	Set<String> keys();

	/**
	 * Returns a snapshot of the keys that start with {@code prefix}.
	 * @param prefix the prefix; the empty string selects every key
	 * @return the keys; later changes do not show in it
	 * @throws StorageException if the storage cannot be read
	 */
	default Set<String> keys(String prefix) {
		Objects.requireNonNull(prefix, "prefix must not be null");
		Set<String> selected = new LinkedHashSet<>();
		for (String key : keys()) {
			if (key.startsWith(prefix)) {
				selected.add(key);
			}
		}
		return selected;
	}

}
