package dev.philjs.core.sync;

import java.util.Objects;

/**
 * One versioned change of a keyed value, as carried between instances.
 *
 * <p>
 * Changes are ordered by {@link #version()} and then by {@link #origin()}; of two changes
 * of the same key, the greater one wins on every instance, whatever order they arrive in
 * and however often, which is what makes shared values converge.
 *
 * @param key the key of the value
 * @param version the writer's version: one more than the highest version it had seen
 * @param origin the identifier of the instance that wrote it
 * @param payload the new value, encoded by the value's codec
 * @since 0.1.0
 */
public record Change(String key, long version, String origin, String payload) {

	/**
	 * Validates the change.
	 * @param key the key, not empty
	 * @param version the version, not negative
	 * @param origin the origin, not empty
	 * @param payload the payload
	 */
	public Change {
		Objects.requireNonNull(key, "key must not be null");
		Objects.requireNonNull(origin, "origin must not be null");
		Objects.requireNonNull(payload, "payload must not be null");
		if (key.isEmpty()) {
			throw new IllegalArgumentException("key must not be empty");
		}
		if (origin.isEmpty()) {
			throw new IllegalArgumentException("origin must not be empty");
		}
		if (version < 0) {
			throw new IllegalArgumentException("version must not be negative, was " + version);
		}
	}

	/**
	 * Tells whether this change wins over a value at {@code otherVersion} written by
	 * {@code otherOrigin}: a higher version wins, and the greater origin breaks ties.
	 * @param otherVersion the other version
	 * @param otherOrigin the other origin
	 * @return {@code true} if this change is newer
	 */
	public boolean isNewerThan(long otherVersion, String otherOrigin) {
		if (this.version != otherVersion) {
			return this.version > otherVersion;
		}
		return this.origin.compareTo(otherOrigin) > 0;
	}

}
