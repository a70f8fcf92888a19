package dev.philjs.core.persist;

import org.jspecify.annotations.Nullable;

/**
 * A {@link StateStorage} could not read or write: an I/O failure, a full disk, a lost
 * connection. Writers that get it keep the value in memory and retry.
 *
 * @since 0.1.0
 */
public class StorageException extends PersistenceException {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates an exception.
	 * @param message what failed
	 * @param key the storage key concerned, or {@code null}
	 * @param cause the underlying failure, or {@code null}
	 */
	public StorageException(String message, @Nullable String key, @Nullable Throwable cause) {
		super(message, key, cause);
	}

}
