package dev.philjs.spring.reliability;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.philjs.spring.reliability.ReliabilityTestApplication.PairStore;
import dev.philjs.spring.reliability.ReliabilityTestApplication.TallyStore;
import dev.philjs.spring.web.SseClient;
import dev.philjs.spring.web.TestHttp;
import dev.philjs.spring.websocket.TestSocket;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Many clients writing and reading stores at once through the HTTP API, SSE and the
 * WebSocket endpoint of a real server, with invariants checked on every reply and every
 * event: no increment is lost, and a memo that is the sum of two signals is never seen
 * with another value.
 */
@SharedReliabilityApp
class ConcurrencyIntegrationTests {

	/** Clients of each transport. */
	static final int CLIENTS = Integer.getInteger("philjs.reliability.clients", 4);

	/** Operations of each client. */
	static final int OPERATIONS = Integer.getInteger("philjs.reliability.operations", 250);

	@LocalServerPort
	private int port;

	@Autowired
	private TallyStore tally;

	@Autowired
	private PairStore pair;

	@Test
	void incrementsByHttpAndWebSocketClientsAtOnceAreNeverLost() throws Exception {
		int start = this.tally.count.get();
		int total = 2 * CLIENTS * OPERATIONS;
		Set<Integer> results = ConcurrentHashMap.newKeySet();
		TestHttp http = new TestHttp(this.port);
		try (SseClient observer = SseClient.open(http.client, http.uri("/philjs/stores/tally/events"), Map.of())) {
			ExecutorService pool = Executors.newFixedThreadPool(2 * CLIENTS);
			try {
				List<Future<?>> clients = new ArrayList<>();
				for (int c = 0; c < CLIENTS; c++) {
					clients.add(pool.submit(() -> {
						TestHttp client = new TestHttp(this.port);
						for (int i = 0; i < OPERATIONS; i++) {
							HttpResponse<String> response = client.post("/philjs/stores/tally/actions/increment", null);
							assertThat(response.statusCode()).isEqualTo(200);
							assertThat(results.add(TestHttp.json(response).get("result").asInt()))
								.as("each increment returns a value no other returned")
								.isTrue();
						}
						return null;
					}));
					clients.add(pool.submit(() -> {
						try (TestSocket socket = TestSocket.open(wsUri())) {
							for (int i = 0; i < OPERATIONS; i++) {
								socket.send("{\"type\":\"call\",\"id\":" + i
										+ ",\"store\":\"tally\",\"action\":\"increment\"}");
							}
							socket.awaitReply(String.valueOf(OPERATIONS - 1));
							List<JsonNode> replies = socket.all(TestSocket.type("result"));
							assertThat(replies).hasSize(OPERATIONS);
							for (JsonNode reply : replies) {
								assertThat(results.add(reply.get("result").asInt()))
									.as("each increment returns a value no other returned")
									.isTrue();
							}
						}
						return null;
					}));
				}
				for (Future<?> client : clients) {
					client.get(60, TimeUnit.SECONDS);
				}
			}
			finally {
				pool.shutdownNow();
			}
			assertThat(this.tally.count.get()).isEqualTo(start + total);
			assertThat(results).hasSize(total).allMatch((r) -> r > start && r <= start + total);
			ClientView view = new ClientView((state) -> true);
			await().atMost(Duration.ofSeconds(20)).until(() -> {
				observer.events.stream()
					.skip(view.events())
					.forEach((e) -> view.apply(e.event(), TestHttp.json(e.data())));
				return view.state().containsKey("count") && view.state().get("count").asInt() == start + total;
			});
			assertThat(view.violations()).as("SSE versions in order, without gaps").isEmpty();
		}
	}

	@Test
	void sumOfTwoSignalsIsNeverTornForAnyClientInAnyEvent() throws Exception {
		TestHttp http = new TestHttp(this.port);
		List<SseClient> sse = new ArrayList<>();
		List<TestSocket> sockets = new ArrayList<>();
		ExecutorService pool = Executors.newFixedThreadPool(6);
		try {
			for (int i = 0; i < 2; i++) {
				sse.add(SseClient.open(http.client, http.uri("/philjs/stores/pair/events"), Map.of()));
				TestSocket socket = TestSocket.open(wsUri());
				socket.request("s", "{\"type\":\"subscribe\",\"id\":\"s\",\"store\":\"pair\"}");
				sockets.add(socket);
			}
			List<String> polled = new ArrayList<>();
			List<Future<?>> writers = new ArrayList<>();
			for (String signal : List.of("a", "b")) {
				writers.add(pool.submit(() -> {
					TestHttp client = new TestHttp(this.port);
					Random random = new Random(signal.hashCode());
					for (int i = 0; i < OPERATIONS; i++) {
						int value = random.nextInt(1000);
						assertThat(
								client.put("/philjs/stores/pair/signals/" + signal, String.valueOf(value)).statusCode())
							.isEqualTo(200);
					}
					return null;
				}));
			}
			writers.add(pool.submit(() -> {
				try (TestSocket socket = TestSocket.open(wsUri())) {
					Random random = new Random(7);
					for (int i = 0; i < OPERATIONS; i++) {
						String signal = random.nextBoolean() ? "a" : "b";
						socket.send("{\"type\":\"set\",\"id\":" + i + ",\"store\":\"pair\",\"signal\":\"" + signal
								+ "\",\"value\":" + random.nextInt(1000) + "}");
					}
					socket.awaitReply(String.valueOf(OPERATIONS - 1));
					assertThat(socket.all(TestSocket.type("result"))).hasSize(OPERATIONS);
				}
				return null;
			}));
			writers.add(pool.submit(() -> {
				TestHttp client = new TestHttp(this.port);
				for (int i = 0; i < OPERATIONS; i++) {
					assertThat(client.post("/philjs/stores/pair/actions/shift", "[" + (i % 7 - 3) + "]").statusCode())
						.isEqualTo(200);
				}
				return null;
			}));
			Future<?> poller = pool.submit(() -> {
				TestHttp client = new TestHttp(this.port);
				while (!writers.stream().allMatch(Future::isDone)) {
					JsonNode state = TestHttp.json(client.get("/philjs/stores/pair")).get("state");
					if (state.get("sum").asInt() != state.get("a").asInt() + state.get("b").asInt()) {
						polled.add(state.toString());
					}
				}
				return null;
			});
			for (Future<?> writer : writers) {
				writer.get(60, TimeUnit.SECONDS);
			}
			poller.get(60, TimeUnit.SECONDS);
			assertThat(polled).as("HTTP snapshots with a torn sum").isEmpty();
			JsonNode last = TestHttp.json(http.get("/philjs/stores/pair"));
			long lastVersion = last.get("version").asLong();
			for (SseClient client : sse) {
				ClientView view = sumView();
				await().atMost(Duration.ofSeconds(20)).until(() -> {
					client.events.stream()
						.skip(view.events())
						.forEach((e) -> view.apply(e.event(), TestHttp.json(e.data())));
					return view.version() == lastVersion;
				});
				assertThat(view.violations()).as("SSE client").isEmpty();
				assertThat(view.state()).isEqualTo(stateOf(last));
			}
			for (TestSocket socket : sockets) {
				ClientView view = sumView();
				await().atMost(Duration.ofSeconds(20)).until(() -> {
					socket.messages.stream()
						.skip(view.events())
						.forEach((m) -> view.apply(m.get("type").asString(), m));
					return view.version() == lastVersion;
				});
				assertThat(view.violations()).as("WebSocket client").isEmpty();
				assertThat(view.state()).isEqualTo(stateOf(last));
			}
			assertThat(this.pair.sum.get()).isEqualTo(this.pair.a.get() + this.pair.b.get());
		}
		finally {
			pool.shutdownNow();
			sse.forEach(SseClient::close);
			sockets.forEach(TestSocket::close);
		}
	}

	private static ClientView sumView() {
		return new ClientView((state) -> state.get("sum").asInt() == state.get("a").asInt() + state.get("b").asInt());
	}

	private static Map<String, JsonNode> stateOf(JsonNode snapshot) {
		Map<String, JsonNode> state = new java.util.LinkedHashMap<>();
		snapshot.get("state").properties().forEach((entry) -> state.put(entry.getKey(), entry.getValue()));
		return state;
	}

	private URI wsUri() {
		return URI.create("ws://localhost:" + this.port + "/philjs/ws");
	}

}
