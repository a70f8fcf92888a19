package dev.philjs.spring.reliability;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.philjs.spring.web.SseClient;
import dev.philjs.spring.web.TestHttp;
import dev.philjs.spring.websocket.TestSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A client that fails over between two servers behind a load balancer: two instances of
 * the same application, given the same number of writes, each with its own instance of an
 * application store. A {@code Last-Event-ID}, {@code lastVersion} or {@code If-Match}
 * from one server must not be taken as a version of the other: the client gets a fresh
 * snapshot (or 412), never changes resumed from an unrelated point.
 */
class FailoverResumeIntegrationTests {

	private static final String STREAM = "/philjs/stores/stream";

	private static ConfigurableApplicationContext first;

	private static ConfigurableApplicationContext second;

	@BeforeAll
	static void startTwoServers() {
		first = start();
		second = start();
	}

	@AfterAll
	static void stopServers() {
		if (first != null) {
			first.close();
		}
		if (second != null) {
			second.close();
		}
	}

	private static ConfigurableApplicationContext start() {
		return new SpringApplicationBuilder(ReliabilityTestApplication.class)
			.properties(Map.of("server.port", "0", "philjs.stores.buffer-size", "64"))
			.run();
	}

	private static TestHttp http(ConfigurableApplicationContext context) {
		return new TestHttp(((WebServerApplicationContext) context).getWebServer().getPort());
	}

	@Test
	void versionsOfOneServerAreNotResumedOrMatchedByTheOther() throws Exception {
		TestHttp a = http(first);
		TestHttp b = http(second);
		for (int i = 0; i < 5; i++) {
			assertThat(a.put(STREAM + "/signals/text", "\"a" + i + "\"").statusCode()).isEqualTo(200);
			assertThat(b.put(STREAM + "/signals/text", "\"b" + i + "\"").statusCode()).isEqualTo(200);
		}
		HttpResponse<String> fromA = a.get(STREAM);
		long versionA = TestHttp.json(fromA).get("version").asLong();
		String etagA = fromA.headers().firstValue("ETag").orElseThrow();
		long versionB = TestHttp.json(b.get(STREAM)).get("version").asLong();
		assertThat(versionB).as("the other server's version").isNotEqualTo(versionA);

		// SSE: B answers A's Last-Event-ID (and one a few changes back) with a snapshot
		// of B
		for (long lastSeen : List.of(versionA, versionA - 2)) {
			try (SseClient client = SseClient.open(b.client, b.uri(STREAM + "/events"),
					Map.of("Last-Event-ID", String.valueOf(lastSeen)))) {
				await().atMost(Duration.ofSeconds(20)).until(() -> !client.events.isEmpty());
				SseClient.Event event = client.events.get(0);
				assertThat(event.event()).isEqualTo("snapshot");
				assertThat(event.version()).isEqualTo(versionB);
				assertThat(TestHttp.json(event.data()).get("state").get("text").asString()).isEqualTo("b4");
			}
		}

		// WebSocket: subscribing on B with A's lastVersion starts with B's snapshot
		URI ws = URI
			.create("ws://localhost:" + ((WebServerApplicationContext) second).getWebServer().getPort() + "/philjs/ws");
		try (TestSocket socket = TestSocket.open(ws)) {
			socket.request("s", "{\"type\":\"subscribe\",\"id\":\"s\",\"store\":\"stream\",\"lastVersion\":"
					+ (versionA - 1) + "}");
			JsonNode frame = socket.await((message) -> message.has("store") && message.has("type")
					&& !message.get("type").asString().equals("result"));
			assertThat(frame.get("type").asString()).isEqualTo("snapshot");
			assertThat(frame.get("version").asLong()).isEqualTo(versionB);
		}

		// compare-and-set: A's ETag is not a version of B
		HttpResponse<String> conditional = b.put(STREAM + "/signals/text", "\"lost\"", "If-Match", etagA);
		assertThat(conditional.statusCode()).isEqualTo(412);
		assertThat(TestHttp.json(b.get(STREAM)).get("state").get("text").asString()).isEqualTo("b4");
		assertThat(TestHttp.json(b.get(STREAM)).get("version").asLong()).isEqualTo(versionB);

		// A still resumes its own clients: its current version gets no event until a
		// change
		try (SseClient client = SseClient.open(a.client, a.uri(STREAM + "/events"),
				Map.of("Last-Event-ID", String.valueOf(versionA - 1)))) {
			await().atMost(Duration.ofSeconds(20)).until(() -> !client.events.isEmpty());
			assertThat(client.events.get(0).event()).isEqualTo("change");
			assertThat(client.events.get(0).version()).isEqualTo(versionA);
		}
	}

}
