package dev.philjs.benchmarks;

/**
 * Thrown by a benchmark shape whose graph gave a wrong value or a wrong number of runs:
 * the engine under test is broken, and the benchmark run fails instead of timing it.
 *
 * @since 0.1.0
 */
public class ShapeMismatchException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates the exception.
	 * @param message what was checked, what was expected and what was found
	 */
	public ShapeMismatchException(String message) {
		super(message);
	}

	/**
	 * Throws unless {@code actual == expected}.
	 * @param what what is checked, for the message
	 * @param expected the expected value
	 * @param actual the value found
	 * @throws ShapeMismatchException if they differ
	 */
	static void check(String what, long expected, long actual) {
		if (expected != actual) {
			throw new ShapeMismatchException(what + ": expected " + expected + " but was " + actual);
		}
	}

	/**
	 * Throws unless {@code actual == expected}, compared as doubles (bit-exact, like the
	 * JavaScript {@code ==}).
	 * @param what what is checked, for the message
	 * @param expected the expected value
	 * @param actual the value found
	 * @throws ShapeMismatchException if they differ
	 */
	static void checkDouble(String what, double expected, double actual) {
		if (expected != actual) {
			throw new ShapeMismatchException(what + ": expected " + expected + " but was " + actual);
		}
	}

}
