package dev.philjs.spring.websocket;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

class ContainerCloseRaceExtensionTests {

	@Test
	void onlyTomcatsOwnClosedSessionFailureIsLetThrough() {
		assertThat(ContainerCloseRaceExtension
			.isTomcatCloseRace(thrownAt("org.apache.tomcat.websocket.WsRemoteEndpointImplBase",
					"org.apache.tomcat.util.net.SocketProcessorBase")))
			.isTrue();
		assertThat(ContainerCloseRaceExtension.isTomcatCloseRace(thrownAt(
				"org.apache.tomcat.websocket.WsRemoteEndpointImplBase", "dev.philjs.spring.websocket.WebSocketOutbox")))
			.as("through PhilJS code")
			.isFalse();
		assertThat(ContainerCloseRaceExtension.isTomcatCloseRace(thrownAt("org.apache.catalina.core.StandardWrapper")))
			.as("not the WebSocket write path")
			.isFalse();
		IllegalArgumentException other = new IllegalArgumentException("x");
		other.setStackTrace(thrownAt("org.apache.tomcat.websocket.WsSession").getStackTrace());
		assertThat(ContainerCloseRaceExtension.isTomcatCloseRace(other)).isFalse();
	}

	@Test
	void anAwaitIsNotFailedByTheRaceOnAnotherThreadButStillByOurs() {
		// the extension is registered by auto-detection for every test class here;
		// the uncaught handler has run once the thread is joined, and the await goes on
		// polling after that
		AtomicInteger polls = new AtomicInteger();
		await().atMost(Duration.ofSeconds(20)).until(() -> {
			if (polls.getAndIncrement() == 0) {
				throwOnAnotherThread(thrownAt("org.apache.tomcat.websocket.WsRemoteEndpointImplBase"));
			}
			return polls.get() > 2;
		});
		assertThatIllegalStateException().isThrownBy(() -> await().atMost(Duration.ofSeconds(20)).until(() -> {
			throwOnAnotherThread(thrownAt("dev.philjs.spring.websocket.WebSocketOutbox"));
			return false;
		})).withMessage("closed");
	}

	private static void throwOnAnotherThread(IllegalStateException failure) throws InterruptedException {
		Thread thread = new Thread(() -> {
			throw failure;
		});
		thread.start();
		thread.join();
	}

	private static IllegalStateException thrownAt(String... types) {
		IllegalStateException failure = new IllegalStateException("closed");
		StackTraceElement[] frames = new StackTraceElement[types.length];
		for (int i = 0; i < types.length; i++) {
			frames[i] = new StackTraceElement(types[i], "run", null, -1);
		}
		failure.setStackTrace(frames);
		return failure;
	}

}
