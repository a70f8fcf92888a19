package dev.philjs.spring.websocket;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

import dev.philjs.spring.context.ContextBindings;
import dev.philjs.spring.context.ContextResolver;
import dev.philjs.spring.store.StoreInstance;
import dev.philjs.spring.store.StoreRegistry;
import dev.philjs.spring.store.StoreScopeKey;
import dev.philjs.spring.websocket.WebSocketTestStores.BoardStore;
import dev.philjs.spring.websocket.WebSocketTestStores.FeedStore;
import jakarta.servlet.http.HttpServletRequest;
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
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The WebSocket endpoint on a real server with a real client: subscriptions, writes,
 * calls, errors, limits, origins, session and request stores.
 */
@SpringBootTest(classes = StoreWebSocketIntegrationTests.App.class,
		webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "philjs.web.websocket.max-message-size=16KB", "philjs.web.websocket.send-time-limit=1s",
				"philjs.web.websocket.send-buffer-size=64KB", "philjs.stores.buffer-size=16" })
class StoreWebSocketIntegrationTests {

	@LocalServerPort
	private int port;

	@Autowired
	private StoreRegistry registry;

	@Autowired
	private StoreWebSocketHandler handler;

	@Autowired
	private BoardStore board;

	@Autowired
	private FeedStore feed;

	private final List<TestSocket> sockets = new ArrayList<>();

	private final AtomicInteger ids = new AtomicInteger();

	@AfterEach
	void closeSockets() {
		this.sockets.forEach(TestSocket::close);
	}

	@Test
	void stoppingTheHandlerClosesEveryConnectionAsGoingAwayUntilItStartsAgain() throws Exception {
		TestSocket open = open();
		open.request("s1", "{\"type\":\"subscribe\",\"id\":\"s1\",\"store\":\"board\"}");
		this.handler.stop();
		try {
			assertThat(open.awaitCloseStatus()).isEqualTo(1001);
			TestSocket whileStopped = open();
			assertThat(whileStopped.awaitCloseStatus()).isEqualTo(1001);
			await().atMost(Duration.ofSeconds(20)).until(() -> this.handler.connectionCount() == 0);
		}
		finally {
			this.handler.start();
		}
		TestSocket again = open();
		assertThat(again.request("s2", "{\"type\":\"subscribe\",\"id\":\"s2\",\"store\":\"board\"}")
			.get("type")
			.asString()).isEqualTo("result");
	}

	@Test
	void subscribeIsAcknowledgedThenGetsASnapshotThenChanges() throws Exception {
		TestSocket client = open();
		JsonNode ack = client.request("s1", "{\"type\":\"subscribe\",\"id\":\"s1\",\"store\":\"board\"}");
		assertThat(ack.get("type").asString()).isEqualTo("result");
		long version = ack.get("version").asLong();
		JsonNode snapshot = client.await(TestSocket.frame("snapshot", "board"));
		assertThat(snapshot.get("version").asLong()).isEqualTo(version);
		assertThat(snapshot.get("state").propertyNames()).containsExactly("count", "doubled", "title", "locked",
				"size");
		int count = snapshot.get("state").get("count").asInt();
		assertThat(client.messages.indexOf(ack)).as("the acknowledgement comes first")
			.isLessThan(client.messages.indexOf(snapshot));
		this.board.increment();
		JsonNode change = client.await(TestSocket.frame("change", "board"));
		assertThat(change.get("version").asLong()).isEqualTo(version + 1);
		assertThat(change.get("changes").get("count").asInt()).isEqualTo(count + 1);
		assertThat(change.get("changes").get("doubled").asInt()).isEqualTo((count + 1) * 2);
		assertThat(change.get("changes").has("title")).as("only what changed").isFalse();
	}

	@Test
	void resumeWithLastVersionGetsOnlyTheMissedChanges() throws Exception {
		long before = boardInstance().version();
		this.board.increment();
		this.board.increment();
		TestSocket client = open();
		client.send("{\"type\":\"subscribe\",\"store\":\"board\",\"lastVersion\":" + before + "}");
		await().until(() -> client.all(TestSocket.frame("change", "board")).size() == 2);
		assertThat(client.all(TestSocket.frame("change", "board"))).extracting((c) -> c.get("version").asLong())
			.containsExactly(before + 1, before + 2);
		assertThat(client.find(TestSocket.type("snapshot"))).isNull();
	}

	@Test
	void resumeFromAVersionNoLongerBufferedGetsASnapshot() throws Exception {
		long before = boardInstance().version();
		for (int i = 0; i < 20; i++) {
			this.board.increment();
		}
		TestSocket client = open();
		client.send("{\"type\":\"subscribe\",\"store\":\"board\",\"lastVersion\":" + before + "}");
		JsonNode snapshot = client.await(TestSocket.frame("snapshot", "board"));
		assertThat(snapshot.get("version").asLong()).isEqualTo(before + 20);
	}

	@Test
	void setWithIfVersionIsACompareAndSet() throws Exception {
		TestSocket client = open();
		long version = boardInstance().version();
		JsonNode result = client.request("a", "{\"type\":\"set\",\"id\":\"a\",\"store\":\"board\",\"signal\":\"title\","
				+ "\"value\":\"first\",\"ifVersion\":" + version + "}");
		assertThat(result.get("type").asString()).isEqualTo("result");
		assertThat(result.get("version").asLong()).isEqualTo(version + 1);
		assertThat(this.board.title.get()).isEqualTo("first");
		JsonNode stale = client.request("b", "{\"type\":\"set\",\"id\":\"b\",\"store\":\"board\",\"signal\":\"title\","
				+ "\"value\":\"second\",\"ifVersion\":" + version + "}");
		assertThat(stale.get("type").asString()).isEqualTo("error");
		assertThat(stale.get("error").asString()).isEqualTo("version_conflict");
		assertThat(this.board.title.get()).isEqualTo("first");
		JsonNode unconditional = client.request("c",
				"{\"type\":\"set\",\"id\":\"c\",\"store\":\"board\",\"signal\":\"title\",\"value\":\"third\"}");
		assertThat(unconditional.get("version").asLong()).isEqualTo(version + 2);
		assertThat(this.board.title.get()).isEqualTo("third");
	}

	@Test
	void setOfASignalThatIsNotWritableIsForbidden() throws Exception {
		TestSocket client = open();
		long version = boardInstance().version();
		JsonNode error = client.request("a",
				"{\"type\":\"set\",\"id\":\"a\",\"store\":\"board\",\"signal\":\"locked\",\"value\":\"open\"}");
		assertThat(error.get("error").asString()).isEqualTo("forbidden");
		assertThat(this.board.locked.get()).isEqualTo("fixed");
		JsonNode count = client.request("b",
				"{\"type\":\"set\",\"id\":\"b\",\"store\":\"board\",\"signal\":\"count\",\"value\":99}");
		assertThat(count.get("error").asString()).isEqualTo("forbidden");
		assertThat(boardInstance().version()).isEqualTo(version);
	}

	@Test
	void setWithAValueOfTheWrongTypeIsRefused() throws Exception {
		TestSocket client = open();
		long version = boardInstance().version();
		JsonNode text = client.request("a",
				"{\"type\":\"set\",\"id\":\"a\",\"store\":\"board\",\"signal\":\"size\",\"value\":\"many\"}");
		assertThat(text.path("error").asString()).isEqualTo("bad_request");
		JsonNode object = client.request("b",
				"{\"type\":\"set\",\"id\":\"b\",\"store\":\"board\",\"signal\":\"size\",\"value\":{\"a\":1}}");
		assertThat(object.path("error").asString()).isEqualTo("bad_request");
		assertThat(this.board.size.get()).isEqualTo(0);
		assertThat(boardInstance().version()).isEqualTo(version);
	}

	@Test
	void callReturnsTheActionResultCorrelatedById() throws Exception {
		TestSocket client = open();
		int count = this.board.count.get();
		JsonNode byName = client.request("n",
				"{\"type\":\"call\",\"id\":\"n\",\"store\":\"board\",\"action\":\"add\",\"args\":{\"amount\":3}}");
		assertThat(byName.get("result").asInt()).isEqualTo(count + 3);
		assertThat(byName.get("version").asLong()).isEqualTo(boardInstance().version());
		JsonNode byPosition = client.request("p",
				"{\"type\":\"call\",\"id\":\"p\",\"store\":\"board\",\"action\":\"add\",\"args\":[4]}");
		assertThat(byPosition.get("result").asInt()).isEqualTo(count + 7);
		JsonNode numericId = client.request("42",
				"{\"type\":\"call\",\"id\":42,\"store\":\"board\",\"action\":\"increment\"}");
		assertThat(numericId.get("id").isNumber()).as("the id is echoed as sent").isTrue();
		assertThat(numericId.get("result").asInt()).isEqualTo(count + 8);
	}

	@Test
	void twoCallsInFlightAreEachAnsweredUnderTheirOwnId() throws Exception {
		TestSocket client = open();
		int count = this.board.count.get();
		client.send("{\"type\":\"call\",\"id\":\"five\",\"store\":\"board\",\"action\":\"add\",\"args\":[5]}");
		client.send("{\"type\":\"call\",\"id\":\"seven\",\"store\":\"board\",\"action\":\"add\",\"args\":[7]}");
		JsonNode five = client.awaitReply("five");
		JsonNode seven = client.awaitReply("seven");
		assertThat(five.get("result").asInt()).isEqualTo(count + 5);
		assertThat(seven.get("result").asInt()).isEqualTo(count + 12);
		assertThat(seven.get("version").asLong()).isEqualTo(five.get("version").asLong() + 1);
	}

	@Test
	void actionThatThrowsGivesActionFailedAndChangesNothing() throws Exception {
		TestSocket client = open();
		long version = boardInstance().version();
		JsonNode error = client.request("x",
				"{\"type\":\"call\",\"id\":\"x\",\"store\":\"board\",\"action\":\"fail\"}");
		assertThat(error.get("type").asString()).isEqualTo("error");
		assertThat(error.get("error").asString()).isEqualTo("action_failed");
		assertThat(error.get("message").asString()).contains("refused by the store");
		assertThat(boardInstance().version()).isEqualTo(version);
	}

	@Test
	void unknownStoreSignalOrActionGetsAnError() throws Exception {
		TestSocket client = open();
		assertThat(
				client.request("1", "{\"type\":\"subscribe\",\"id\":\"1\",\"store\":\"nope\"}").get("error").asString())
			.isEqualTo("unknown_store");
		assertThat(
				client.request("2", "{\"type\":\"set\",\"id\":\"2\",\"store\":\"nope\",\"signal\":\"x\",\"value\":1}")
					.get("error")
					.asString())
			.isEqualTo("unknown_store");
		assertThat(
				client.request("3", "{\"type\":\"set\",\"id\":\"3\",\"store\":\"board\",\"signal\":\"x\",\"value\":1}")
					.get("error")
					.asString())
			.isEqualTo("unknown_signal");
		assertThat(client.request("4", "{\"type\":\"call\",\"id\":\"4\",\"store\":\"board\",\"action\":\"nope\"}")
			.get("error")
			.asString()).isEqualTo("unknown_action");
		long version = boardInstance().version();
		assertThat(
				client.request("5", "{\"type\":\"call\",\"id\":\"5\",\"store\":\"board\",\"action\":\"notAnAction\"}")
					.get("error")
					.asString())
			.as("a public method that is not an @Action")
			.isEqualTo("unknown_action");
		assertThat(boardInstance().version()).isEqualTo(version);
	}

	@Test
	void badMessagesGetErrorFramesAndTheConnectionKeepsWorking() throws Exception {
		TestSocket client = open();
		long version = boardInstance().version();
		client.send("{not json");
		assertThat(client.await(TestSocket.type("error")).get("error").asString()).isEqualTo("malformed");
		client.send("[1,2]");
		client.send("{\"id\":\"t\"}");
		assertThat(client.awaitReply("t").get("error").asString()).isEqualTo("malformed");
		assertThat(client.request("u", "{\"type\":\"shout\",\"id\":\"u\"}").get("error").asString())
			.isEqualTo("unknown_type");
		assertThat(client.request("v", "{\"type\":\"set\",\"id\":\"v\",\"store\":\"board\",\"signal\":\"title\"}")
			.get("error")
			.asString()).as("missing value").isEqualTo("bad_request");
		assertThat(client.request("w", "{\"type\":\"subscribe\",\"id\":\"w\",\"store\":7}").get("error").asString())
			.as("store of the wrong type")
			.isEqualTo("bad_request");
		assertThat(client.request("x",
				"{\"type\":\"set\",\"id\":\"x\",\"store\":\"board\",\"signal\":\"title\",\"value\":\"v\",\"ifVersion\":\"3\"}")
			.get("error")
			.asString()).as("ifVersion of the wrong type").isEqualTo("bad_request");
		assertThat(client
			.request("y", "{\"type\":\"call\",\"id\":\"y\",\"store\":\"board\",\"action\":\"add\",\"args\":7}")
			.get("error")
			.asString()).as("args neither object nor array").isEqualTo("bad_request");
		assertThat(client
			.request("z", "{\"type\":\"call\",\"id\":\"z\",\"store\":\"board\",\"action\":\"add\",\"args\":[\"many\"]}")
			.get("error")
			.asString()).as("argument of the wrong type").isEqualTo("bad_request");
		assertThat(client.all(TestSocket.type("error"))).hasSize(9);
		assertThat(client.request("p", "{\"type\":\"ping\",\"id\":\"p\"}").get("type").asString()).isEqualTo("pong");
		assertThat(boardInstance().version()).as("nothing changed").isEqualTo(version);
		assertThat(client.request("q", "{\"type\":\"call\",\"id\":\"q\",\"store\":\"board\",\"action\":\"increment\"}")
			.get("type")
			.asString()).isEqualTo("result");
	}

	@Test
	void oversizedMessageClosesOnlyThatConnection() throws Exception {
		TestSocket big = open();
		TestSocket other = open();
		other.request("s", "{\"type\":\"subscribe\",\"id\":\"s\",\"store\":\"feed\"}");
		JsonNode underLimit = big.request("ok", setTitle("ok", "a".repeat(12 * 1024)));
		assertThat(underLimit.get("type").asString())
			.as("12KB is over the container's default buffer but under the configured limit")
			.isEqualTo("result");
		big.send(setTitle("big", "b".repeat(20 * 1024)));
		assertThat(big.awaitCloseStatus()).isEqualTo(1009);
		assertThat(this.board.title.get()).startsWith("a");
		this.feed.message.set("still here");
		other.await((m) -> m.path("changes").path("message").asString().equals("still here"));
		assertThat(other.request("p", "{\"type\":\"ping\",\"id\":\"p\"}").get("type").asString()).isEqualTo("pong");
	}

	@Test
	void messageOverTheLimitInUtf8BytesClosesTheConnection() throws Exception {
		TestSocket client = open();
		// 7000 characters (under the limit of 16384) but 21000 bytes
		client.send(setTitle("euro", "\u20ac".repeat(7000)));
		assertThat(client.awaitCloseStatus()).isEqualTo(1009);
		assertThat(this.board.title.get()).doesNotContain("\u20ac");
	}

	@Test
	void binaryMessageClosesTheConnection() throws Exception {
		TestSocket client = open();
		client.sendBinary(new byte[] { 1, 2, 3 });
		assertThat(client.awaitCloseStatus()).isEqualTo(1003);
	}

	@Test
	void crossOriginHandshakeIsRefused() {
		assertThatExceptionOfType(ExecutionException.class)
			.isThrownBy(() -> TestSocket.open(endpoint(), "Origin", "https://evil.example"))
			.havingCause()
			.isInstanceOfSatisfying(WebSocketHandshakeException.class,
					(ex) -> assertThat(ex.getResponse().statusCode()).isEqualTo(403));
	}

	@Test
	void sameOriginHandshakeIsAccepted() throws Exception {
		TestSocket client = track(TestSocket.open(endpoint(), "Origin", "http://localhost:" + this.port));
		assertThat(client.request("p", "{\"type\":\"ping\",\"id\":\"p\"}").get("type").asString()).isEqualTo("pong");
	}

	@Test
	void writeOnTheStoreBeanReachesEveryClient() throws Exception {
		TestSocket first = open();
		TestSocket second = open();
		first.request("a", "{\"type\":\"subscribe\",\"id\":\"a\",\"store\":\"feed\"}");
		second.request("b", "{\"type\":\"subscribe\",\"id\":\"b\",\"store\":\"feed\"}");
		first.await(TestSocket.frame("snapshot", "feed"));
		second.await(TestSocket.frame("snapshot", "feed"));
		this.feed.message.set("hello both");
		for (TestSocket client : List.of(first, second)) {
			JsonNode change = client.await(TestSocket.frame("change", "feed"));
			assertThat(change.get("changes").get("message").asString()).isEqualTo("hello both");
		}
	}

	@Test
	void sessionStoresAreSeparatePerHttpSession() throws Exception {
		TestSocket alice = open();
		TestSocket bob = open();
		JsonNode set = alice.request("a",
				"{\"type\":\"set\",\"id\":\"a\",\"store\":\"cart\",\"signal\":\"items\",\"value\":[\"pen\"]}");
		assertThat(set.get("type").asString()).isEqualTo("result");
		bob.send("{\"type\":\"subscribe\",\"store\":\"cart\"}");
		alice.send("{\"type\":\"subscribe\",\"store\":\"cart\"}");
		assertThat(bob.await(TestSocket.frame("snapshot", "cart")).get("state").get("items")).isEmpty();
		assertThat(alice.await(TestSocket.frame("snapshot", "cart")).get("state").get("items").get(0).asString())
			.isEqualTo("pen");
	}

	@Test
	void connectionsOfOneHttpSessionShareItsSessionStores() throws Exception {
		String session = newHttpSession();
		TestSocket tab1 = open("Cookie", "JSESSIONID=" + session);
		TestSocket tab2 = open("Cookie", "JSESSIONID=" + session);
		tab2.request("s", "{\"type\":\"subscribe\",\"id\":\"s\",\"store\":\"cart\"}");
		tab2.await(TestSocket.frame("snapshot", "cart"));
		tab1.request("w",
				"{\"type\":\"set\",\"id\":\"w\",\"store\":\"cart\",\"signal\":\"items\",\"value\":[\"ink\"]}");
		JsonNode change = tab2.await(TestSocket.frame("change", "cart"));
		assertThat(change.get("changes").get("items").get(0).asString()).isEqualTo("ink");
		StoreInstance instance = this.registry.existingInstance("cart", StoreScopeKey.ofSession(session));
		assertThat(instance).isNotNull();
		assertThat(instance.scopeId()).isEqualTo(session);
	}

	@Test
	void endedSessionUnsubscribesItsStoresAndIsNotRevived() throws Exception {
		String session = newHttpSession();
		TestSocket client = open("Cookie", "JSESSIONID=" + session);
		client.request("s", "{\"type\":\"subscribe\",\"id\":\"s\",\"store\":\"cart\"}");
		client.await(TestSocket.frame("snapshot", "cart"));
		this.registry.endSession(session);
		client.await(TestSocket.frame("unsubscribed", "cart"));
		JsonNode error = client.request("w",
				"{\"type\":\"set\",\"id\":\"w\",\"store\":\"cart\",\"signal\":\"items\",\"value\":[\"x\"]}");
		assertThat(error.get("error").asString()).isEqualTo("bad_request");
		assertThat(this.registry.existingInstance("cart", StoreScopeKey.ofSession(session))).isNull();
	}

	@Test
	void requestStoresLiveAsLongAsTheirConnection() throws Exception {
		int before = this.registry.liveRequestCount();
		TestSocket first = open();
		TestSocket second = open();
		first.request("a",
				"{\"type\":\"set\",\"id\":\"a\",\"store\":\"scratch\",\"signal\":\"note\",\"value\":\"mine\"}");
		first.send("{\"type\":\"subscribe\",\"store\":\"scratch\"}");
		second.send("{\"type\":\"subscribe\",\"store\":\"scratch\"}");
		assertThat(first.await(TestSocket.frame("snapshot", "scratch")).get("state").get("note").asString())
			.isEqualTo("mine");
		assertThat(second.await(TestSocket.frame("snapshot", "scratch")).get("state").get("note").asString()).isEmpty();
		assertThat(this.registry.liveRequestCount()).isEqualTo(before + 2);
		first.close();
		await().until(() -> this.registry.liveRequestCount() == before + 1);
		second.close();
		await().until(() -> this.registry.liveRequestCount() == before);
	}

	@Test
	void unsubscribeStopsChanges() throws Exception {
		TestSocket leaving = open();
		TestSocket staying = open();
		leaving.request("a", "{\"type\":\"subscribe\",\"id\":\"a\",\"store\":\"feed\"}");
		staying.request("b", "{\"type\":\"subscribe\",\"id\":\"b\",\"store\":\"feed\"}");
		leaving.await(TestSocket.frame("snapshot", "feed"));
		JsonNode result = leaving.request("u", "{\"type\":\"unsubscribe\",\"id\":\"u\",\"store\":\"feed\"}");
		assertThat(result.get("result").asBoolean()).isTrue();
		JsonNode again = leaving.request("v", "{\"type\":\"unsubscribe\",\"id\":\"v\",\"store\":\"feed\"}");
		assertThat(again.get("result").asBoolean()).as("no longer subscribed").isFalse();
		this.feed.message.set("after unsubscribe");
		staying.await((m) -> m.path("changes").path("message").asString().equals("after unsubscribe"));
		leaving.request("p", "{\"type\":\"ping\",\"id\":\"p\"}");
		assertThat(leaving.find(TestSocket.frame("change", "feed"))).isNull();
	}

	@Test
	void closingTheConnectionDisposesItsSubscriptions() throws Exception {
		StoreInstance quiet = this.registry.instance("quiet", StoreScopeKey.NONE);
		TestSocket first = open();
		TestSocket second = open();
		first.request("a", "{\"type\":\"subscribe\",\"id\":\"a\",\"store\":\"quiet\"}");
		second.request("b", "{\"type\":\"subscribe\",\"id\":\"b\",\"store\":\"quiet\"}");
		assertThat(quiet.subscriberCount()).isEqualTo(2);
		first.close();
		await().until(() -> quiet.subscriberCount() == 1);
		second.close();
		await().until(() -> quiet.subscriberCount() == 0);
		await().until(() -> this.handler.connectionCount() == 0);
	}

	@Test
	void slowClientIsDisconnectedWithoutBlockingWritersOrOtherClients() throws Exception {
		StoreInstance instance = this.registry.instance("feed", StoreScopeKey.NONE);
		TestSocket slow = track(TestSocket.open(endpoint(), 2));
		TestSocket fast = open();
		slow.send("{\"type\":\"subscribe\",\"id\":\"s\",\"store\":\"feed\"}");
		slow.await(TestSocket.frame("snapshot", "feed"));
		fast.request("f", "{\"type\":\"subscribe\",\"id\":\"f\",\"store\":\"feed\"}");
		fast.await(TestSocket.frame("snapshot", "feed"));
		assertThat(instance.subscriberCount()).isEqualTo(2);
		AtomicInteger written = new AtomicInteger();
		// the slow client reads nothing more: once the network buffers are full, the
		// frame in flight to it does not complete, no thread waits for it, and the send
		// time limit (1s) drops it; the container's own default (20s) would be too late
		await().atMost(Duration.ofSeconds(15)).until(() -> {
			for (int i = 0; i < 10; i++) {
				this.feed.blob.set(written.incrementAndGet() + "x".repeat(256 * 1024));
			}
			return instance.subscriberCount() == 1;
		});
		this.feed.message.set("done after " + written.get());
		fast.await((m) -> m.path(m.has("changes") ? "changes" : "state")
			.path("message")
			.asString()
			.equals("done after " + written.get()));
		assertThat(fast.request("p", "{\"type\":\"ping\",\"id\":\"p\"}").get("type").asString()).isEqualTo("pong");
	}

	@Test
	void contextResolvedAtTheHandshakeIsSeenByActions() throws Exception {
		String basic = Base64.getEncoder().encodeToString("alice:secret".getBytes(StandardCharsets.UTF_8));
		TestSocket alice = open("Authorization", "Basic " + basic);
		TestSocket anonymous = open();
		String call = "{\"type\":\"call\",\"id\":\"who\",\"store\":\"board\",\"action\":\"whoAmI\"}";
		assertThat(alice.request("who", call).get("result").asString()).isEqualTo("alice");
		assertThat(anonymous.request("who", call).get("result").asString()).isEqualTo("anonymous");
	}

	private static String setTitle(String id, String value) {
		return "{\"type\":\"set\",\"id\":\"" + id + "\",\"store\":\"board\",\"signal\":\"title\",\"value\":\"" + value
				+ "\"}";
	}

	private String newHttpSession() throws Exception {
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/test/session")).build(),
					HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		return response.body();
	}

	private StoreInstance boardInstance() {
		return this.registry.instance("board", StoreScopeKey.NONE);
	}

	private URI endpoint() {
		return URI.create("ws://localhost:" + this.port + "/philjs/ws");
	}

	private TestSocket open(String... headers) throws Exception {
		return track(TestSocket.open(endpoint(), headers));
	}

	private TestSocket track(TestSocket socket) {
		this.sockets.add(socket);
		return socket;
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import({ WebSocketTestStores.class, SessionEndpoint.class })
	static class App {

		@Bean
		SecurityFilterChain securityFilterChain(HttpSecurity http) throws Exception {
			return http.authorizeHttpRequests((requests) -> requests.anyRequest().permitAll())
				.httpBasic(Customizer.withDefaults())
				.csrf((csrf) -> csrf.disable())
				.build();
		}

		@Bean
		UserDetailsService users() {
			return new InMemoryUserDetailsManager(
					User.withUsername("alice").password("{noop}secret").roles("USER").build());
		}

		@Bean
		ContextResolver<String> userResolver() {
			return new ContextResolver<>() {

				@Override
				public dev.philjs.core.Context<String> context() {
					return WebSocketTestStores.USER;
				}

				@Override
				public String resolve(HttpServletRequest request) {
					return (request.getUserPrincipal() != null) ? request.getUserPrincipal().getName() : null;
				}

			};
		}

		@Bean
		ContextBindings philjsTestContextBindings(List<ContextResolver<?>> resolvers) {
			return new ContextBindings(resolvers);
		}

	}

	@RestController
	static class SessionEndpoint {

		@GetMapping("/test/session")
		String session(HttpServletRequest request) {
			return request.getSession(true).getId();
		}

	}

}
