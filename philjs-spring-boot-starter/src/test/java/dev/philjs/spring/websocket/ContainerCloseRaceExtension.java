package dev.philjs.spring.websocket;

import java.util.function.Predicate;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Keeps one of Tomcat's own uncaught exceptions from failing whichever test is waiting at
 * that moment.
 *
 * <p>
 * Awaitility fails an {@code await()} when any thread of the JVM dies of an uncaught
 * exception, which catches our own background failures. Tomcat's WebSocket write path has
 * a race of its own: when a frame completes while the session is being closed, its
 * {@code WsRemoteEndpointImplBase.endMessage} can start the next queued frame (the close
 * frame) after the session turned closed, and the {@code IllegalStateException} ("Message
 * will not be sent because the WebSocket session has been closed") escapes on a container
 * thread. Spring contexts are cached across test classes, so a connection closed by one
 * class's test (a slow client cut off with a frame in flight) can throw it while another
 * class's test waits. Such an exception is let through only when no frame of ours is on
 * its stack: one thrown through PhilJS code still fails the test.
 *
 * <p>
 * Registered for every test of this module by {@code junit-platform.properties}
 * (extension auto-detection) and {@code META-INF/services}, and so also for the example
 * service's tests, which have this module's test jar on their class path.
 */
public final class ContainerCloseRaceExtension implements BeforeAllCallback {

	/** Whether a throwable is Tomcat's closed-session race on a container thread. */
	static final Predicate<Throwable> TOMCAT_CLOSE_RACE = ContainerCloseRaceExtension::isTomcatCloseRace;

	@Override
	public void beforeAll(ExtensionContext context) {
		Awaitility.ignoreExceptionsByDefaultMatching(TOMCAT_CLOSE_RACE);
	}

	static boolean isTomcatCloseRace(Throwable failure) {
		if (!(failure instanceof IllegalStateException) || failure.getCause() != null) {
			return false;
		}
		boolean fromTomcatWebSocket = false;
		for (StackTraceElement frame : failure.getStackTrace()) {
			String type = frame.getClassName();
			if (type.startsWith("dev.philjs.")) {
				return false;
			}
			fromTomcatWebSocket |= type.startsWith("org.apache.tomcat.websocket.");
		}
		if (fromTomcatWebSocket) {
			System.err.println("Ignored Tomcat's closed-session race on a container thread: " + failure);
		}
		return fromTomcatWebSocket;
	}

}
