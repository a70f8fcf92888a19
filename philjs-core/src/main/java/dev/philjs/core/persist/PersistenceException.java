package dev.philjs.core.persist;

import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * A failure to load or store persistent state. Unchecked: storage failures are reported
 * to the error listener of {@link PersistOptions} and thrown only by the calls that ask
 * for a write to happen now ({@code flush()}, {@code close()}) or by a
 * {@link StateStorage} itself.
 *
 * @since 0.1.0
 */
public class PersistenceException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final @Nullable String key;

	/**
	 * Creates an exception.
	 * @param message what failed
	 * @param key the storage key concerned, or {@code null} when the failure concerns no
	 * single key
	 * @param cause the underlying failure, or {@code null}
	 */
	public PersistenceException(String message, @Nullable String key, @Nullable Throwable cause) {
		super(message, cause);
		this.key = key;
	}

	/**
	 * Returns the storage key concerned.
	 * @return the key, or empty when the failure concerns no single key
	 */
	public Optional<String> key() {
		return Optional.ofNullable(this.key);
	}

}
