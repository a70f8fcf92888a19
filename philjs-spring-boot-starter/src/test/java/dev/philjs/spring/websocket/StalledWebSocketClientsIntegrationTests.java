package dev.philjs.spring.websocket;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.philjs.spring.store.StoreInstance;
import dev.philjs.spring.store.StoreRegistry;
import dev.philjs.spring.store.StoreScopeKey;
import dev.philjs.spring.websocket.WebSocketTestStores.FeedStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * WebSocket clients that stop reading, on a real server with only two delivery threads:
 * ten times more stalled connections than threads never delay a reading client, because
 * no thread ever waits for a client's socket. The send time limit is long (60s), so the
 * stalled connections stay open for the whole test.
 */
@SpringBootTest(classes = StalledWebSocketClientsIntegrationTests.App.class,
		webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = { "philjs.stores.delivery-threads=2",
				"philjs.web.websocket.send-time-limit=60s", "philjs.web.websocket.send-buffer-size=1MB" })
class StalledWebSocketClientsIntegrationTests {

	private static final Duration WAIT = Duration.ofSeconds(20);

	/**
	 * How soon a reading client gets each frame: far below the send time limit, which a
	 * delivery thread blocked on a stalled socket would wait for.
	 */
	private static final Duration PROMPT = Duration.ofSeconds(5);

	private static final int STALLED = 20;

	@LocalServerPort
	int port;

	@Autowired
	StoreRegistry registry;

	@Autowired
	StoreWebSocketHandler handler;

	@Autowired
	FeedStore feed;

	private final List<TestSocket> sockets = new ArrayList<>();

	@AfterEach
	void everyConnectionIsClosedOnceItsClientIsGone() {
		this.sockets.forEach(TestSocket::abort);
		await().atMost(WAIT).until(() -> this.handler.connectionCount() == 0);
	}

	@Test
	void readingClientGetsItsSnapshotAndEveryChangePromptlyWhileManyMoreClientsThanDeliveryThreadsAreStalled()
			throws Exception {
		StoreInstance instance = this.registry.instance("feed", StoreScopeKey.NONE);
		String payload = "x".repeat(64 * 1024);
		for (int i = 0; i < STALLED; i++) {
			// reads the acknowledgement of its subscription, then nothing more
			TestSocket stalled = open(1);
			stalled.send("{\"type\":\"subscribe\",\"id\":\"s\",\"store\":\"feed\"}");
			stalled.awaitReply("s");
		}
		await().atMost(WAIT).until(() -> instance.subscriberCount() == STALLED);
		// 200 large changes (13 MB, more than a socket's buffers hold): each stalled
		// connection sends until its socket is full, then waits without a thread
		for (int i = 0; i < 200; i++) {
			this.feed.blob.set(payload + i);
		}

		TestSocket reader = open(Integer.MAX_VALUE);
		reader.send("{\"type\":\"subscribe\",\"id\":\"r\",\"store\":\"feed\"}");
		await().atMost(PROMPT).until(() -> reader.find(TestSocket.frame("snapshot", "feed")) != null);
		long start = reader.find(TestSocket.frame("snapshot", "feed")).get("version").asLong();
		for (int i = 1; i <= 20; i++) {
			long version = start + i;
			this.feed.blob.set(payload + "fresh " + i);
			await().atMost(PROMPT).until(() -> lastVersion(reader) == version);
		}
		List<JsonNode> changes = reader.all(TestSocket.frame("change", "feed"));
		assertThat(changes).extracting((change) -> change.get("version").asLong())
			.hasSize(20)
			.isSorted()
			.doesNotHaveDuplicates();
		assertThat(changes.get(19).get("changes").get("blob").asString()).isEqualTo(payload + "fresh 20");
		assertThat(this.sockets.subList(0, STALLED)).as("the stalled clients read only their acknowledgement")
			.allSatisfy((stalled) -> assertThat(stalled.messages).hasSize(1));
		assertThat(this.handler.connectionCount()).as("the stalled connections are still open").isEqualTo(STALLED + 1);
		assertThat(instance.subscriberCount()).isEqualTo(STALLED + 1);
	}

	private static long lastVersion(TestSocket socket) {
		List<JsonNode> frames = socket.all(TestSocket.frame("change", "feed"));
		return frames.isEmpty() ? -1 : frames.get(frames.size() - 1).get("version").asLong();
	}

	private TestSocket open(int readLimit) throws Exception {
		TestSocket socket = TestSocket.open(URI.create("ws://localhost:" + this.port + "/philjs/ws"), readLimit);
		this.sockets.add(socket);
		return socket;
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(WebSocketTestStores.class)
	static class App {

		@Bean
		SecurityFilterChain securityFilterChain(HttpSecurity http) throws Exception {
			return http.authorizeHttpRequests((requests) -> requests.anyRequest().permitAll())
				.csrf((csrf) -> csrf.disable())
				.build();
		}

	}

}
