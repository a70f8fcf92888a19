package dev.philjs.core;

/**
 * Thrown when a memo reads itself (directly or through other memos), or when effects keep
 * re-triggering each other past the flush-pass limit. The graph stays usable afterwards.
 *
 * @since 0.1.0
 */
public class CycleDetectedException extends IllegalStateException {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates the exception.
	 * @param message what cycled, naming the node
	 */
	public CycleDetectedException(String message) {
		super(message);
	}

}
