package dev.philjs.spring.websocket;

import java.net.URI;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;

import dev.philjs.spring.store.StoreService;
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
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The WebSocket endpoint with the application's own handler (a small subscription cap), a
 * custom base path and configured origins, on a real server.
 */
@SpringBootTest(classes = StoreWebSocketLimitsIntegrationTests.App.class,
		webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "philjs.web.base-path=/live", "philjs.web.allowed-origins=https://app.example" })
class StoreWebSocketLimitsIntegrationTests {

	@LocalServerPort
	private int port;

	@Autowired
	private FeedStore feed;

	private final List<TestSocket> sockets = new ArrayList<>();

	@AfterEach
	void closeSockets() {
		this.sockets.forEach(TestSocket::close);
	}

	@Test
	void subscriptionsPerConnectionAreCapped() throws Exception {
		TestSocket client = open();
		assertThat(subscribe(client, "1", "board").get("type").asString()).isEqualTo("result");
		assertThat(subscribe(client, "2", "feed").get("type").asString()).isEqualTo("result");
		JsonNode third = subscribe(client, "3", "quiet");
		assertThat(third.get("type").asString()).isEqualTo("error");
		assertThat(third.get("error").asString()).isEqualTo("too_large");
		assertThat(subscribe(client, "4", "board").get("type").asString())
			.as("subscribing again to the same store replaces the subscription")
			.isEqualTo("result");
		client.request("5", "{\"type\":\"unsubscribe\",\"id\":\"5\",\"store\":\"feed\"}");
		assertThat(subscribe(client, "6", "quiet").get("type").asString()).isEqualTo("result");
	}

	@Test
	void subscribingAgainReplacesTheSubscription() throws Exception {
		TestSocket client = open();
		subscribe(client, "1", "feed");
		client.await(TestSocket.frame("snapshot", "feed"));
		subscribe(client, "2", "feed");
		await().until(() -> client.all(TestSocket.frame("snapshot", "feed")).size() == 2);
		this.feed.message.set("once");
		client.await(TestSocket.frame("change", "feed"));
		client.request("p", "{\"type\":\"ping\",\"id\":\"p\"}");
		assertThat(client.all(TestSocket.frame("change", "feed"))).as("delivered once, not once per subscribe")
			.hasSize(1);
	}

	@Test
	void endpointLivesUnderTheConfiguredBasePath() throws Exception {
		assertThat(open().request("p", "{\"type\":\"ping\",\"id\":\"p\"}").get("type").asString()).isEqualTo("pong");
		assertThatExceptionOfType(ExecutionException.class)
			.isThrownBy(() -> TestSocket.open(URI.create("ws://localhost:" + this.port + "/philjs/ws")))
			.havingCause()
			.isInstanceOf(WebSocketHandshakeException.class);
	}

	@Test
	void configuredOriginsAreAcceptedAndOthersRefused() throws Exception {
		TestSocket allowed = track(TestSocket.open(endpoint(), "Origin", "https://app.example"));
		assertThat(allowed.request("p", "{\"type\":\"ping\",\"id\":\"p\"}").get("type").asString()).isEqualTo("pong");
		assertThatExceptionOfType(ExecutionException.class)
			.isThrownBy(() -> TestSocket.open(endpoint(), "Origin", "https://evil.example"))
			.havingCause()
			.isInstanceOfSatisfying(WebSocketHandshakeException.class,
					(ex) -> assertThat(ex.getResponse().statusCode()).isEqualTo(403));
	}

	private static JsonNode subscribe(TestSocket client, String id, String store) {
		return client.request(id, "{\"type\":\"subscribe\",\"id\":\"" + id + "\",\"store\":\"" + store + "\"}");
	}

	private URI endpoint() {
		return URI.create("ws://localhost:" + this.port + "/live/ws");
	}

	private TestSocket open() throws Exception {
		return track(TestSocket.open(endpoint()));
	}

	private TestSocket track(TestSocket socket) {
		this.sockets.add(socket);
		return socket;
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(WebSocketTestStores.class)
	static class App {

		@Bean
		StoreWebSocketHandler smallHandler(StoreService service) {
			return new StoreWebSocketHandler(service,
					new StoreWebSocketHandler.Limits(4096, Duration.ofSeconds(5), 65536, 2));
		}

		@Bean
		SecurityFilterChain securityFilterChain(HttpSecurity http) throws Exception {
			return http.authorizeHttpRequests((requests) -> requests.anyRequest().permitAll())
				.csrf((csrf) -> csrf.disable())
				.build();
		}

	}

}
