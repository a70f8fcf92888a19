package dev.philjs.core.persist;

import java.lang.System.Logger.Level;
import java.util.function.Consumer;

/**
 * Logs a persistence failure as a warning and hands it to the user's error listener.
 */
final class Reporter {

	private static final System.Logger logger = System.getLogger("dev.philjs.core.persist");

	private final Consumer<? super PersistenceException> listener;

	Reporter(Consumer<? super PersistenceException> listener) {
		this.listener = listener;
	}

	void report(PersistenceException failure) {
		logger.log(Level.WARNING, failure.getMessage(), failure);
		try {
			this.listener.accept(failure);
		}
		catch (RuntimeException ex) {
			logger.log(Level.WARNING, "The persistence error listener failed", ex);
		}
	}

}
