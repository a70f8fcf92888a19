package dev.philjs.spring.reliability;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.philjs.spring.store.StoreScopeKey;
import dev.philjs.spring.store.StoreRegistry;
import dev.philjs.spring.web.TestHttp;
import dev.philjs.spring.websocket.TestSocket;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A seeded fuzzer ({@link HostileInputs}) against the HTTP API and the WebSocket
 * endpoint: every input is answered with a 2xx or a 4xx (an error frame on the WebSocket,
 * or a 1009 close for an oversized message), never a 5xx or an {@code internal} error; a
 * rejected input leaves the store's version unchanged; and the server still answers
 * afterwards. {@code -Dphiljs.fuzz.seed} replays a run, {@code -Dphiljs.fuzz.inputs} sets
 * how many inputs each transport gets.
 */
@SharedReliabilityApp
class HostileInputIntegrationTests {

	static final long SEED = Long.getLong("philjs.fuzz.seed", System.nanoTime());

	static final int INPUTS = Integer.getInteger("philjs.fuzz.inputs", 2000);

	private static final List<String> CONTENT_TYPES = List.of("application/json", "application/json",
			"application/json;charset=UTF-8", "application/problem+json", "text/plain",
			"application/json;charset=latin1", "application/xml", "multipart/form-data; boundary=x", "", "*/*",
			"application/json; charset=\"utf-8\"");

	private static final List<String> IF_MATCH = List.of("", "", "", "\"1\"", "*", "W/\"1\"", "\"abc\"", "1",
			"\"99999999999999999999999\"", "\"-1\"", "\"1\", \"2\"");

	@LocalServerPort
	private int port;

	@Autowired
	private StoreRegistry registry;

	@Test
	void httpApiAnswersEveryHostileInputWithAClientErrorAndChangesNothing() throws Exception {
		HostileInputs inputs = new HostileInputs(SEED);
		TestHttp http = new TestHttp(this.port);
		Map<Integer, Integer> statuses = new TreeMap<>();
		for (int i = 0; i < INPUTS; i++) {
			HttpRequest.Builder request = http.request(path(inputs)).timeout(Duration.ofSeconds(20));
			byte[] body = inputs.body();
			String method = inputs.pick(List.of("PUT", "POST", "POST", "PUT", "GET", "DELETE", "PATCH"));
			request.method(method, (body.length == 0 && inputs.random().nextBoolean())
					? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
			String contentType = inputs.pick(CONTENT_TYPES);
			if (!contentType.isEmpty()) {
				request.header("Content-Type", contentType);
			}
			String ifMatch = inputs.pick(IF_MATCH);
			if (!ifMatch.isEmpty()) {
				request.header("If-Match", ifMatch);
			}
			long before = fuzzVersion();
			HttpResponse<String> response = http.send(request);
			int status = response.statusCode();
			statuses.merge(status, 1, Integer::sum);
			String input = "input " + i + " (seed " + SEED + "): " + method + " " + request.build().uri() + " "
					+ abbreviate(new String(body, StandardCharsets.UTF_8)) + " -> " + status + " "
					+ abbreviate(response.body());
			assertThat(status).as(input).isLessThan(500);
			if (status >= 400) {
				assertThat(fuzzVersion()).as("rejected, so unchanged: " + input).isEqualTo(before);
			}
		}
		assertThat(http.get("/philjs/stores").statusCode()).as("still serving").isEqualTo(200);
		System.out.printf("reliability: HTTP fuzz seed %d: %d inputs, statuses %s%n", SEED, INPUTS, statuses);
	}

	@Test
	void webSocketAnswersEveryHostileMessageWithAnErrorFrameAndChangesNothing() throws Exception {
		HostileInputs inputs = new HostileInputs(SEED + 1);
		URI uri = URI.create("ws://localhost:" + this.port + "/philjs/ws");
		TestSocket socket = TestSocket.open(uri);
		Map<String, Integer> outcomes = new TreeMap<>();
		int closes = 0;
		try {
			for (int i = 0; i < INPUTS; i++) {
				String message = inputs.message();
				long before = fuzzVersion();
				int replies = replies(socket).size();
				TestSocket current = socket;
				current.send(message);
				String input = "message " + i + " (seed " + SEED + "): " + abbreviate(message);
				await().pollDelay(Duration.ZERO)
					.pollInterval(Duration.ofMillis(1))
					.atMost(Duration.ofSeconds(20))
					.alias(input)
					.until(() -> replies(current).size() > replies || current.closed.isDone());
				if (current.closed.isDone() && replies(current).size() == replies) {
					assertThat(current.awaitCloseStatus()).as("only an oversized message closes: " + input)
						.isEqualTo(1009);
					assertThat(message.getBytes(StandardCharsets.UTF_8).length).as(input).isGreaterThan(64 * 1024);
					outcomes.merge("closed 1009", 1, Integer::sum);
					closes++;
					socket = TestSocket.open(uri);
					continue;
				}
				JsonNode reply = replies(current).get(replies);
				String outcome = reply.get("type").asString()
						+ (reply.has("error") ? " " + reply.get("error").asString() : "");
				outcomes.merge(outcome, 1, Integer::sum);
				assertThat(outcome).as(input + " -> " + reply).isNotEqualTo("error internal");
				if (reply.has("error")) {
					assertThat(fuzzVersion()).as("rejected, so unchanged: " + input).isEqualTo(before);
				}
			}
			assertThat(socket.request("last", "{\"type\":\"ping\",\"id\":\"last\"}").get("type").asString())
				.as("still serving")
				.isEqualTo("pong");
		}
		finally {
			socket.close();
		}
		System.out.printf("reliability: WebSocket fuzz seed %d: %d messages, %d reconnections, outcomes %s%n", SEED,
				INPUTS, closes, outcomes);
	}

	@Test
	void wildcardContentTypeIsRefusedWith415NotA500() throws Exception {
		TestHttp http = new TestHttp(this.port);
		for (String type : List.of("*/*", "application/*", "text/*;q=0.5")) {
			long before = fuzzVersion();
			HttpResponse<String> response = http.send(http.request("/philjs/stores/fuzz/actions/add")
				.header("Content-Type", type)
				.POST(HttpRequest.BodyPublishers.ofString("[1]")));
			assertThat(response.statusCode()).as(type).isEqualTo(415);
			assertThat(TestHttp.json(response).get("error").asString()).isEqualTo("unsupported_media_type");
			assertThat(fuzzVersion()).isEqualTo(before);
		}
	}

	@Test
	void unpairedSurrogateWrittenByOneClientDoesNotDisconnectWebSocketSubscribers() throws Exception {
		TestHttp http = new TestHttp(this.port);
		try (TestSocket subscriber = TestSocket.open(URI.create("ws://localhost:" + this.port + "/philjs/ws"))) {
			subscriber.request("s", "{\"type\":\"subscribe\",\"id\":\"s\",\"store\":\"fuzz\"}");
			assertThat(http.put("/philjs/stores/fuzz/signals/text", "\"x\\ud800y\"").statusCode()).isEqualTo(200);
			JsonNode change = subscriber
				.await((frame) -> "change".equals(frame.path("type").asString()) && frame.path("changes").has("text"));
			assertThat(change.get("changes").get("text").asString()).isEqualTo("x\uD800y");
			assertThat(subscriber.request("p", "{\"type\":\"ping\",\"id\":\"p\"}").get("type").asString())
				.isEqualTo("pong");
			assertThat(subscriber.closed).isNotDone();
			JsonNode reply = subscriber.request("u", "{\"type\":\"\\udfff\",\"id\":\"u\"}");
			assertThat(reply.get("error").asString()).as("an error echoing the type, still sent").isNotEmpty();
			assertThat(subscriber.closed).isNotDone();
		}
	}

	private static List<JsonNode> replies(TestSocket socket) {
		return socket.all((message) -> switch (message.path("type").asString()) {
			case "result", "error", "pong" -> true;
			default -> false;
		});
	}

	private String path(HostileInputs inputs) {
		String store = inputs.random().nextInt(4) == 0 ? inputs.name() : "fuzz";
		String member = inputs.name();
		String kind = inputs.pick(List.of("signals", "actions", "signals", "actions", "events", "nope", ""));
		String path = "/philjs/stores/" + encode(store) + (kind.isEmpty() ? "" : "/" + kind + "/" + encode(member));
		return (inputs.random().nextInt(20) == 0) ? path + "/extra" : path;
	}

	private static String encode(String segment) {
		return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
	}

	/**
	 * The fuzz store's version, opening its instance if no input did yet (else the first
	 * rejected input that opens it would look like a change from "no instance", 0).
	 */
	private long fuzzVersion() {
		return this.registry.instance("fuzz", StoreScopeKey.NONE).version();
	}

	private static String abbreviate(String text) {
		return (text.length() > 300) ? text.substring(0, 300) + "...(" + text.length() + " chars)" : text;
	}

}
