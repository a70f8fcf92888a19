package dev.philjs.spring.store;

/**
 * A client request that cannot be served; {@link #kind()} says why, and maps to an HTTP
 * status and a WebSocket error code (see docs/protocol.md).
 *
 * @since 0.1.0
 */
public class StoreException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final Kind kind;

	/**
	 * Creates the exception.
	 * @param kind why the request failed
	 * @param message what failed, for the client
	 */
	public StoreException(Kind kind, String message) {
		super(message);
		this.kind = kind;
	}

	/**
	 * Creates the exception.
	 * @param kind why the request failed
	 * @param message what failed, for the client
	 * @param cause the cause
	 */
	public StoreException(Kind kind, String message, Throwable cause) {
		super(message, cause);
		this.kind = kind;
	}

	/**
	 * Returns why the request failed.
	 * @return the kind
	 */
	public Kind kind() {
		return this.kind;
	}

	/**
	 * Why a request failed, with its HTTP status.
	 */
	public enum Kind {

		/** The input is malformed or does not fit (400). */
		BAD_REQUEST(400, "bad_request"),

		/** The caller is not authenticated and the rule needs it (401). */
		UNAUTHORIZED(401, "unauthorized"),

		/** The rules deny it, or the signal is not writable (403). */
		FORBIDDEN(403, "forbidden"),

		/** No such store (404). */
		UNKNOWN_STORE(404, "unknown_store"),

		/** No such signal in the store (404). */
		UNKNOWN_SIGNAL(404, "unknown_signal"),

		/** No such action in the store (404). */
		UNKNOWN_ACTION(404, "unknown_action"),

		/** The store's version is not the expected one (412). */
		VERSION_CONFLICT(412, "version_conflict"),

		/** The input is too large (413). */
		TOO_LARGE(413, "too_large"),

		/**
		 * The action itself failed (422: the request was valid, the domain refused it).
		 */
		ACTION_FAILED(422, "action_failed");

		private final int status;

		private final String code;

		Kind(int status, String code) {
			this.status = status;
			this.code = code;
		}

		/**
		 * Returns the HTTP status.
		 * @return the status
		 */
		public int status() {
			return this.status;
		}

		/**
		 * Returns the error code used in JSON errors.
		 * @return the code
		 */
		public String code() {
			return this.code;
		}

	}

}
