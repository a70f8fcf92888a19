package dev.philjs.example;

import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.philjs.core.persist.StateStorage;
import dev.philjs.example.upstream.Warehouse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every store of the example through its real interfaces: HTTP, SSE and WebSocket against
 * the service on a random port, with the warehouse stand-in in the same process.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
		"example.notifications.ttl=1s", "example.orders.poll-interval=100ms", "philjs.persistence.debounce=50ms" })
class ExampleStoresIntegrationTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private static final JsonMapper json = JsonMapper.builder().build();

	@LocalServerPort
	int port;

	@Autowired
	Warehouse warehouse;

	@Autowired
	StateStorage storage;

	private final HttpClient http = browser();

	@AfterEach
	void warehouseBackUp() {
		this.warehouse.setAvailable(true);
	}

	private static HttpClient browser() {
		return HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
	}

	private URI uri(String path) {
		return URI.create("http://127.0.0.1:" + this.port + path);
	}

	private SseReader events(HttpClient client, String store) throws Exception {
		return SseReader.open(client, uri("/philjs/stores/" + store + "/events"));
	}

	private StoreSocket socket() throws Exception {
		return StoreSocket.connect(this.http, URI.create("ws://127.0.0.1:" + this.port + "/philjs/ws"));
	}

	private HttpResponse<String> post(HttpClient client, String path, Object body) throws Exception {
		return client.send(HttpRequest.newBuilder(uri(path))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private JsonNode call(HttpClient client, String store, String action, Object args) throws Exception {
		HttpResponse<String> response = post(client, "/philjs/stores/" + store + "/actions/" + action, args);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return json.readTree(response.body());
	}

	private JsonNode snapshot(HttpClient client, String store) throws Exception {
		HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri("/philjs/stores/" + store)).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return json.readTree(response.body()).get("state");
	}

	@Test
	void todoAddedOverHttpReachesTheSseStreamWithTheActiveCount() throws Exception {
		try (SseReader todos = events(this.http, "todos")) {
			JsonNode added = call(this.http, "todos", "add", Map.of("text", "Buy milk")).get("result");
			await().atMost(WAIT)
				.untilAsserted(
						() -> assertThat(todos.state().get("todos").findValuesAsString("text")).contains("Buy milk"));
			long active = todos.state().get("activeCount").asLong();
			call(this.http, "todos", "toggle", Map.of("id", added.get("id").asString()));
			await().atMost(WAIT)
				.untilAsserted(() -> assertThat(todos.state().get("activeCount").asLong()).isEqualTo(active - 1));
		}
	}

	@Test
	void blankTodoIsRefusedAndChangesNothing() throws Exception {
		JsonNode before = snapshot(this.http, "todos");
		HttpResponse<String> response = post(this.http, "/philjs/stores/todos/actions/add", Map.of("text", " "));
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(json.readTree(response.body()).get("error").asString()).isEqualTo("bad_request");
		assertThat(snapshot(this.http, "todos")).isEqualTo(before);
	}

	@Test
	void memberSignedInGetsTheCartDiscountInTheirSessionOnly() throws Exception {
		HttpClient ada = browser();
		HttpClient guest = browser();
		snapshot(ada, "user");
		try (SseReader cart = events(ada, "cart")) {
			call(ada, "cart", "add", Map.of("productId", "mug", "quantity", 2));
			await().atMost(WAIT)
				.untilAsserted(() -> assertThat(cart.state().path("subtotalCents").asLong()).isEqualTo(2400));
			assertThat(cart.state().get("discountPercent").asInt()).isZero();
			call(ada, "user", "signIn", Map.of("name", "Ada", "member", true));
			await().atMost(WAIT)
				.untilAsserted(() -> assertThat(cart.state().get("discountPercent").asInt()).isEqualTo(15));
			assertThat(cart.state().get("totalCents").asLong()).isEqualTo(2040);
		}
		assertThat(snapshot(ada, "user").get("user").get("name").asString()).isEqualTo("Ada");
		call(guest, "cart", "add", Map.of("productId", "tea", "quantity", 1));
		JsonNode guestCart = snapshot(guest, "cart");
		assertThat(guestCart.get("discountPercent").asInt()).isZero();
		assertThat(guestCart.get("lines").findValuesAsString("productId")).containsExactly("tea");
		assertThat(snapshot(guest, "user").get("user").isNull()).isTrue();
	}

	@Test
	void cartRefusesAnUnknownProductAndChangesNothing() throws Exception {
		HttpClient client = browser();
		HttpResponse<String> response = post(client, "/philjs/stores/cart/actions/add",
				Map.of("productId", "nope", "quantity", 1));
		assertThat(response.statusCode()).isEqualTo(422);
		assertThat(snapshot(client, "cart").get("lines")).isEmpty();
	}

	@Test
	void checkoutPlacesTheOrderWhichThePollerBringsIntoTheOrdersStore() throws Exception {
		HttpClient bob = browser();
		call(bob, "user", "signIn", Map.of("name", "Bob", "member", false));
		call(bob, "cart", "add", Map.of("productId", "pot", "quantity", 1));
		call(bob, "cart", "checkout", null);
		await().atMost(WAIT)
			.untilAsserted(() -> assertThat(snapshot(bob, "cart").get("checkout").asString()).startsWith("placed o-"));
		String orderId = snapshot(bob, "cart").get("checkout").asString().substring("placed ".length());
		assertThat(snapshot(bob, "cart").get("lines")).isEmpty();
		try (SseReader orders = events(this.http, "orders")) {
			await().atMost(WAIT)
				.untilAsserted(
						() -> assertThat(orders.state().get("orders").findValuesAsString("id")).contains(orderId));
			JsonNode order = order(orders.state(), orderId);
			assertThat(order.get("customer").asString()).isEqualTo("Bob");
			assertThat(order.get("totalCents").asLong()).isEqualTo(3325);
			this.warehouse.advance(orderId);
			await().atMost(WAIT)
				.untilAsserted(
						() -> assertThat(order(orders.state(), orderId).get("status").asString()).isEqualTo("PACKED"));
		}
		await().atMost(WAIT)
			.untilAsserted(
					() -> assertThat(snapshot(this.http, "notifications").get("items").findValuesAsString("text"))
						.contains("Order " + orderId + " is now PACKED"));
	}

	private static JsonNode order(JsonNode state, String id) {
		for (JsonNode order : state.get("orders")) {
			if (order.get("id").asString().equals(id)) {
				return order;
			}
		}
		throw new AssertionError("No order " + id + " in " + state);
	}

	@Test
	void ordersShowTheWarehouseErrorWhileItIsDownAndKeepTheLastOrders() throws Exception {
		try (SseReader orders = events(this.http, "orders")) {
			await().atMost(WAIT).until(() -> orders.state().has("orders"));
			JsonNode before = orders.state().get("orders");
			this.warehouse.setAvailable(false);
			await().atMost(WAIT)
				.untilAsserted(() -> assertThat(orders.state().path("error").asString("")).contains("503"));
			assertThat(orders.state().get("orders")).isEqualTo(before);
			this.warehouse.setAvailable(true);
			await().atMost(WAIT).untilAsserted(() -> assertThat(orders.state().get("error").isNull()).isTrue());
		}
	}

	@Test
	void settingsWrittenOverHttpArePersistedAfterTheDebounce() throws Exception {
		HttpResponse<String> response = this.http
			.send(HttpRequest.newBuilder(uri("/philjs/stores/settings/signals/theme"))
				.header("Content-Type", "application/json")
				.PUT(HttpRequest.BodyPublishers.ofString("\"DARK\""))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		await().atMost(WAIT)
			.untilAsserted(
					() -> assertThat(this.storage.get("store/settings/theme")).isEqualTo(Optional.of("\"DARK\"")));
		HttpResponse<String> refused = this.http
			.send(HttpRequest.newBuilder(uri("/philjs/stores/settings/signals/theme"))
				.header("Content-Type", "application/json")
				.PUT(HttpRequest.BodyPublishers.ofString("\"PURPLE\""))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(refused.statusCode()).isEqualTo(400);
		assertThat(snapshot(this.http, "settings").get("theme").asString()).isEqualTo("DARK");
	}

	@Test
	void notificationPushedOverHttpArrivesOnSseFromTheCallerAndExpires() throws Exception {
		HttpClient carol = browser();
		call(carol, "user", "signIn", Map.of("name", "Carol", "member", false));
		try (SseReader notifications = events(this.http, "notifications")) {
			String id = call(carol, "notifications", "push", Map.of("level", "WARNING", "text", "Low on tea"))
				.get("result")
				.get("id")
				.asString();
			await().atMost(WAIT)
				.untilAsserted(
						() -> assertThat(notifications.state().get("items").findValuesAsString("id")).contains(id));
			JsonNode pushed = notifications.state()
				.get("items")
				.findParents("id")
				.stream()
				.filter((n) -> n.get("id").asString().equals(id))
				.findFirst()
				.orElseThrow();
			assertThat(pushed.get("from").asString()).isEqualTo("Carol");
			assertThat(pushed.get("level").asString()).isEqualTo("WARNING");
			await().atMost(WAIT)
				.untilAsserted(() -> assertThat(notifications.state().get("items").findValuesAsString("id"))
					.doesNotContain(id));
		}
	}

	@Test
	void editorUndoAndRedoOverWebSocketReachEverySubscriber() throws Exception {
		try (StoreSocket writer = socket(); StoreSocket reader = socket()) {
			writer.call("editor", "reset", null);
			reader.subscribe("editor");
			writer.call("editor", "edit", Map.of("text", "first"));
			writer.call("editor", "edit", Map.of("text", "second"));
			await().atMost(WAIT)
				.untilAsserted(() -> assertThat(reader.state("editor").path("text").asString("")).isEqualTo("second"));
			assertThat(writer.call("editor", "undo", null).get("result").asBoolean()).isTrue();
			await().atMost(WAIT)
				.untilAsserted(() -> assertThat(reader.state("editor").get("text").asString()).isEqualTo("first"));
			assertThat(reader.state("editor").get("canRedo").asBoolean()).isTrue();
			writer.call("editor", "redo", null);
			await().atMost(WAIT)
				.untilAsserted(() -> assertThat(reader.state("editor").get("text").asString()).isEqualTo("second"));
			assertThat(reader.state("editor").get("canRedo").asBoolean()).isFalse();
		}
	}

	@Test
	void chatMessageSentOverWebSocketReachesTheOtherSocket() throws Exception {
		try (StoreSocket alice = socket(); StoreSocket bob = socket()) {
			bob.subscribe("chat");
			JsonNode reply = alice.call("chat", "send", Map.of("author", "Alice", "text", "Hello Bob"));
			assertThat(reply.get("type").asString()).isEqualTo("result");
			await().atMost(WAIT)
				.untilAsserted(() -> assertThat(bob.state("chat").path("messages").findValuesAsString("text"))
					.contains("Hello Bob"));
			JsonNode refused = alice.call("chat", "send", Map.of("author", "Alice", "text", ""));
			assertThat(refused.get("error").asString()).isEqualTo("bad_request");
		}
	}

	@Test
	void stockLoadGoesThroughLoadingToLoadedOrFailed() throws Exception {
		try (SseReader stock = events(this.http, "stock")) {
			assertThat(call(this.http, "stock", "load", null).get("result").asBoolean()).isTrue();
			await().atMost(WAIT)
				.untilAsserted(() -> assertThat(stock.state().path("status").asString("")).isEqualTo("loaded"));
			assertThat(stock.state().get("levels").get("tea").asInt()).isPositive();
			assertThat(stock.events.stream().map((e) -> e.data().path("changes").path("status").asString("")).toList())
				.containsSubsequence("loading", "loaded");
			this.warehouse.setAvailable(false);
			call(this.http, "stock", "load", null);
			await().atMost(WAIT)
				.untilAsserted(() -> assertThat(stock.state().get("status").asString()).isEqualTo("failed"));
			assertThat(stock.state().get("error").asString()).contains("503");
			assertThat(stock.state().get("levels")).isEmpty();
		}
	}

	@Test
	void refusedPriceShowsAtOnceThenRollsBack() throws Exception {
		try (SseReader products = events(this.http, "products")) {
			await().atMost(WAIT).until(() -> products.state().path("items").size() == 3);
			long before = price(products.state(), "tea");
			call(this.http, "products", "setPrice", Map.of("id", "tea", "priceCents", Warehouse.MAX_PRICE_CENTS + 1));
			await().atMost(WAIT)
				.untilAsserted(() -> assertThat(products.state().get("lastError").asString("")).contains("422"));
			assertThat(price(products.state(), "tea")).isEqualTo(before);
			assertThat(products.state().get("pending")).isEmpty();
			List<Long> seen = products.events.stream()
				.filter((e) -> e.data().path("changes").has("items"))
				.map((e) -> price(e.data().get("changes"), "tea"))
				.toList();
			assertThat(seen).containsSubsequence(Warehouse.MAX_PRICE_CENTS + 1, before);
		}
	}

	@Test
	void acceptedPriceIsConfirmedByTheWarehouse() throws Exception {
		try (SseReader products = events(this.http, "products")) {
			call(this.http, "products", "setPrice", Map.of("id", "mug", "priceCents", 1300));
			await().atMost(WAIT).untilAsserted(() -> {
				assertThat(price(products.state(), "mug")).isEqualTo(1300);
				assertThat(products.state().get("pending")).isEmpty();
			});
			assertThat(this.warehouse.products()).contains(new Warehouse.Product("mug", "Blue mug", 1300));
		}
	}

	@Test
	void negativePriceIsRefusedAndChangesNothing() throws Exception {
		HttpResponse<String> response = post(this.http, "/philjs/stores/products/actions/setPrice",
				Map.of("id", "pot", "priceCents", -1));
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(snapshot(this.http, "products").get("pending")).isEmpty();
	}

	private static long price(JsonNode state, String id) {
		for (JsonNode product : state.get("items")) {
			if (product.get("id").asString().equals(id)) {
				return product.get("priceCents").asLong();
			}
		}
		throw new AssertionError("No product " + id + " in " + state);
	}

}
