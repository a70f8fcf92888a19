package dev.philjs.core.persist;

import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * A stored value could not be decoded (or merged) when it was loaded. The loader used its
 * initial value instead and moved the stored text aside to {@link #quarantineKey()},
 * where it stays until someone removes it.
 *
 * @since 0.1.0
 */
public class CorruptValueException extends PersistenceException {

	private static final long serialVersionUID = 1L;

	private final @Nullable String quarantineKey;

	/**
	 * Creates an exception.
	 * @param key the key whose value was corrupt
	 * @param quarantineKey where the corrupt text was kept, or {@code null} if copying it
	 * failed (the text was then left under {@code key})
	 * @param cause the decoding failure
	 */
	public CorruptValueException(String key, @Nullable String quarantineKey, Throwable cause) {
		super("Stored value of '" + key + "' is corrupt; "
				+ ((quarantineKey != null) ? "kept aside as '" + quarantineKey + "'" : "left in place")
				+ " and the initial value used", key, cause);
		this.quarantineKey = quarantineKey;
	}

	/**
	 * Returns the key under which the corrupt text was kept.
	 * @return the quarantine key, or empty if the text could not be copied and was left
	 * under its own key
	 */
	public Optional<String> quarantineKey() {
		return Optional.ofNullable(this.quarantineKey);
	}

}
