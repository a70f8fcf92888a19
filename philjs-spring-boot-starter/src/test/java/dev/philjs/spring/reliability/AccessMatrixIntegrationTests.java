package dev.philjs.spring.reliability;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import dev.philjs.spring.web.SseClient;
import dev.philjs.spring.web.TestHttp;
import dev.philjs.spring.websocket.TestSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The access matrix over the real transports, with Spring Security's HTTP Basic: an
 * anonymous caller, a user and an admin subscribing to, writing and calling an
 * application store ({@code board}), a session store ({@code inbox}) and a request store
 * ({@code audit}) over HTTP, SSE and WebSocket. Every cell is either allowed or refused
 * with the rule's 401/403 ({@code unauthorized}/{@code forbidden} on the WebSocket); a
 * refused write changes nothing. {@code AccessRuleMatrixTests} checks the same rules
 * through {@code StoreService}; this adds the transports and the authentication.
 */
@SharedReliabilityApp
class AccessMatrixIntegrationTests {

	@LocalServerPort
	private int port;

	enum Who {

		ANONYMOUS(null), USER("alice"), ADMIN("admin");

		final String user;

		Who(String user) {
			this.user = user;
		}

		String[] headers() {
			if (this.user == null) {
				return new String[0];
			}
			String token = Base64.getEncoder()
				.encodeToString(
						(this.user + ":" + ReliabilityTestApplication.PASSWORD).getBytes(StandardCharsets.UTF_8));
			return new String[] { "Authorization", "Basic " + token };
		}

	}

	enum Op {

		SUBSCRIBE, SET, CALL

	}

	enum Transport {

		HTTP, SSE, WEBSOCKET

	}

	record Cell(Transport transport, Who who, String store, Op op, String member, int expected) {

		@Override
		public String toString() {
			return this.transport + " " + this.who + " " + this.op + " " + this.store + " " + this.member + " -> "
					+ this.expected;
		}

	}

	static Stream<Cell> cells() {
		List<Cell> cells = new ArrayList<>();
		for (Transport transport : Transport.values()) {
			add(cells, transport, "board", Op.SUBSCRIBE, "", 200, 200, 200);
			add(cells, transport, "board", Op.SET, "text", 401, 200, 200);
			add(cells, transport, "board", Op.CALL, "pin", 401, 403, 200);
			add(cells, transport, "inbox", Op.SUBSCRIBE, "", 401, 200, 403);
			add(cells, transport, "inbox", Op.SET, "draft", 401, 200, 403);
			add(cells, transport, "inbox", Op.CALL, "send", 401, 200, 403);
			add(cells, transport, "audit", Op.SUBSCRIBE, "", 401, 403, 200);
			add(cells, transport, "audit", Op.SET, "filter", 401, 403, 200);
			add(cells, transport, "audit", Op.CALL, "purge", 401, 403, 200);
		}
		return cells.stream().filter((cell) -> cell.transport != Transport.SSE || cell.op == Op.SUBSCRIBE);
	}

	private static void add(List<Cell> cells, Transport transport, String store, Op op, String member, int anonymous,
			int user, int admin) {
		cells.add(new Cell(transport, Who.ANONYMOUS, store, op, member, anonymous));
		cells.add(new Cell(transport, Who.USER, store, op, member, user));
		cells.add(new Cell(transport, Who.ADMIN, store, op, member, admin));
	}

	@ParameterizedTest
	@MethodSource("cells")
	void cellIsAllowedOrRefusedAsTheRulesSay(Cell cell) throws Exception {
		TestHttp http = new TestHttp(this.port);
		long boardBefore = boardVersion(http);
		int status = switch (cell.transport) {
			case HTTP -> http(http, cell);
			case SSE -> sse(http, cell);
			case WEBSOCKET -> webSocket(cell);
		};
		assertThat(status).isEqualTo(cell.expected);
		if (cell.expected != 200) {
			assertThat(boardVersion(http)).as("a refused operation changes nothing").isEqualTo(boardBefore);
		}
	}

	@Test
	void sessionStoreNeverLeaksToAnotherSessionOfTheSameUser() throws Exception {
		TestHttp first = new TestHttp(this.port);
		String[] alice = Who.USER.headers();
		assertThat(first.put("/philjs/stores/inbox/signals/draft", "\"only mine\"", alice).statusCode()).isEqualTo(200);
		TestHttp second = new TestHttp(this.port);
		assertThat(TestHttp.json(second.get("/philjs/stores/inbox", alice)).get("state").get("draft").asString())
			.isEmpty();
		assertThat(second.sessionId()).isNotEqualTo(first.sessionId());
		try (SseClient sse = SseClient.open(second.client, second.uri("/philjs/stores/inbox/events"),
				Map.of(alice[0], alice[1]))) {
			await().until(() -> !sse.events.isEmpty());
			assertThat(TestHttp.json(sse.events.get(0).data()).get("state").get("draft").asString()).isEmpty();
		}
		try (TestSocket socket = TestSocket.open(wsUri(), alice)) {
			socket.request("s", "{\"type\":\"subscribe\",\"id\":\"s\",\"store\":\"inbox\"}");
			JsonNode snapshot = socket.await(TestSocket.frame("snapshot", "inbox"));
			assertThat(snapshot.get("state").get("draft").asString()).isEmpty();
		}
		assertThat(TestHttp.json(first.get("/philjs/stores/inbox", alice)).get("state").get("draft").asString())
			.isEqualTo("only mine");
	}

	private int http(TestHttp http, Cell cell) throws Exception {
		String[] headers = cell.who.headers();
		String path = "/philjs/stores/" + cell.store;
		HttpResponse<String> response = switch (cell.op) {
			case SUBSCRIBE -> http.get(path, headers);
			case SET -> http.put(path + "/signals/" + cell.member, "\"x\"", headers);
			case CALL -> http.post(path + "/actions/" + cell.member, null, headers);
		};
		return response.statusCode();
	}

	private int sse(TestHttp http, Cell cell) throws Exception {
		String[] headers = cell.who.headers();
		Map<String, String> map = (headers.length == 0) ? Map.of() : Map.of(headers[0], headers[1]);
		try (SseClient sse = SseClient.open(http.client, http.uri("/philjs/stores/" + cell.store + "/events"), map)) {
			if (sse.status() == 200) {
				await().until(() -> !sse.events.isEmpty());
				assertThat(sse.events.get(0).event()).isEqualTo("snapshot");
			}
			return sse.status();
		}
	}

	private int webSocket(Cell cell) throws Exception {
		try (TestSocket socket = TestSocket.open(wsUri(), cell.who.headers())) {
			String message = switch (cell.op) {
				case SUBSCRIBE -> "{\"type\":\"subscribe\",\"id\":\"x\",\"store\":\"" + cell.store + "\"}";
				case SET -> "{\"type\":\"set\",\"id\":\"x\",\"store\":\"" + cell.store + "\",\"signal\":\""
						+ cell.member + "\",\"value\":\"x\"}";
				case CALL -> "{\"type\":\"call\",\"id\":\"x\",\"store\":\"" + cell.store + "\",\"action\":\""
						+ cell.member + "\"}";
			};
			JsonNode reply = socket.request("x", message);
			if (reply.get("type").asString().equals("result")) {
				if (cell.op == Op.SUBSCRIBE) {
					socket.await(TestSocket.frame("snapshot", cell.store));
				}
				return 200;
			}
			return switch (reply.get("error").asString()) {
				case "unauthorized" -> 401;
				case "forbidden" -> 403;
				default -> throw new AssertionError("Unexpected reply " + reply);
			};
		}
	}

	private long boardVersion(TestHttp http) throws Exception {
		return TestHttp.json(http.get("/philjs/stores/board")).get("version").asLong();
	}

	private URI wsUri() {
		return URI.create("ws://localhost:" + this.port + "/philjs/ws");
	}

}
