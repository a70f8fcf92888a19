package dev.philjs.spring.client;

import org.jspecify.annotations.Nullable;

/**
 * A remote store answered with an HTTP error: carries the status and the JSON error code
 * of the protocol ({@code unknown_action}, {@code version_conflict}, {@code forbidden},
 * ...), {@code null} when the body was not a PhilJS error.
 *
 * @since 0.1.0
 */
public class RemoteStoreException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final int status;

	private final @Nullable String code;

	/**
	 * Creates an exception for an error response.
	 * @param status the HTTP status
	 * @param code the {@code error} field of the body, or {@code null}
	 * @param message a message for humans
	 */
	public RemoteStoreException(int status, @Nullable String code, String message) {
		super(message);
		this.status = status;
		this.code = code;
	}

	/**
	 * Returns the HTTP status of the response.
	 * @return the status, such as 404 or 412
	 */
	public int status() {
		return this.status;
	}

	/**
	 * Returns the protocol's error code.
	 * @return the code, such as {@code version_conflict}, or {@code null} if the body had
	 * none
	 */
	public @Nullable String code() {
		return this.code;
	}

}
