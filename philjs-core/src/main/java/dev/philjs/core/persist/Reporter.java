package dev.philjs.core.persist;

import java.lang.System.Logger.Level;
import java.util.function.Consumer;

/**
 * Logs a persistence failure and hands it to the user's error listener. The warning has
 * one line (a storage that is down for a while fails many retries); the stack trace is
 * logged at debug level instead when that level is enabled.
 */
final class Reporter {

	private static final System.Logger logger = System.getLogger("dev.philjs.core.persist");

	private final Consumer<? super PersistenceException> listener;

	Reporter(Consumer<? super PersistenceException> listener) {
		this.listener = listener;
	}

	void report(PersistenceException failure) {
		if (logger.isLoggable(Level.DEBUG)) {
			logger.log(Level.DEBUG, failure.getMessage(), failure);
		}
		else {
			Throwable cause = failure.getCause();
			logger.log(Level.WARNING, (cause != null) ? failure.getMessage() + ": " + cause : failure.getMessage());
		}
		try {
			this.listener.accept(failure);
		}
		catch (RuntimeException ex) {
			logger.log(Level.WARNING, "The persistence error listener failed", ex);
		}
	}

}
