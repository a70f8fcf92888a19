package dev.philjs.spring.web;

import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import dev.philjs.spring.store.StoreRegistry;
import dev.philjs.spring.store.StoreScopeKey;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The HTTP API on a real server: list, snapshots with ETags, writes with If-Match,
 * actions, request context, access rules on the request's principal, and every kind of
 * refused input (4xx JSON errors that change nothing).
 */
@SpringBootTest(classes = WebTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "philjs.web.max-body-size=1KB", "philjs.web.sse.heartbeat=300ms", "philjs.web.sse.retry=1500ms",
				"philjs.stores.buffer-size=8" })
class StoreHttpIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	StoreRegistry registry;

	@Autowired
	WebTestApplication.CounterStore counter;

	@Autowired
	WebTestApplication.VaultStore vault;

	TestHttp http;

	@BeforeEach
	void client() {
		this.http = new TestHttp(this.port);
	}

	@Test
	void listNamesTheStoresWithScopeSignalsAndActionsWithoutCreatingASession() throws Exception {
		HttpResponse<String> response = this.http.get("/philjs/stores");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/json"));
		JsonNode counter = find(TestHttp.json(response), "counter");
		assertThat(counter.get("scope").asString()).isEqualTo("application");
		assertThat(counter.get("signals")).isEqualTo(TestHttp.json(
				"[{\"name\":\"count\",\"writable\":false},{\"name\":\"doubled\",\"writable\":false},{\"name\":\"label\",\"writable\":true},{\"name\":\"limit\",\"writable\":true}]"));
		assertThat(names(counter.get("actions"))).containsExactlyInAnyOrder("increment", "add", "fail", "tenant");
		assertThat(find(TestHttp.json(response), "cart").get("scope").asString()).isEqualTo("session");
		assertThat(find(TestHttp.json(response), "scratch").get("scope").asString()).isEqualTo("request");
		assertThat(this.http.sessionId()).as("listing creates no session").isNull();
	}

	@Test
	void snapshotCarriesItsVersionAsStrongETagAndIfNoneMatchGives304() throws Exception {
		HttpResponse<String> first = this.http.get("/philjs/stores/counter");
		assertThat(first.statusCode()).isEqualTo(200);
		JsonNode snapshot = TestHttp.json(first);
		long version = snapshot.get("version").asLong();
		assertThat(snapshot.get("store").asString()).isEqualTo("counter");
		assertThat(snapshot.get("state").has("count")).isTrue();
		assertThat(snapshot.get("state").has("secret")).as("hidden").isFalse();
		assertThat(first.headers().firstValue("ETag")).hasValue("\"" + version + "\"");
		assertThat(first.headers().firstValue("Cache-Control")).hasValue("no-cache");

		HttpResponse<String> notModified = this.http.get("/philjs/stores/counter", "If-None-Match",
				"\"" + version + "\"");
		assertThat(notModified.statusCode()).isEqualTo(304);
		assertThat(notModified.body()).isEmpty();
		assertThat(notModified.headers().firstValue("ETag")).hasValue("\"" + version + "\"");

		this.counter.increment();
		HttpResponse<String> changed = this.http.get("/philjs/stores/counter", "If-None-Match", "\"" + version + "\"");
		assertThat(changed.statusCode()).isEqualTo(200);
		long newVersion = TestHttp.json(changed).get("version").asLong();
		assertThat(newVersion).isGreaterThan(version);
		assertThat(changed.headers().firstValue("ETag")).hasValue("\"" + newVersion + "\"");
	}

	@Test
	void putWithMatchingIfMatchWritesAndStaleIfMatchGives412AndChangesNothing() throws Exception {
		long version = currentVersion("counter");
		HttpResponse<String> written = this.http.put("/philjs/stores/counter/signals/label", "\"first\"", "If-Match",
				"\"" + version + "\"");
		assertThat(written.statusCode()).isEqualTo(200);
		assertThat(TestHttp.json(written).get("version").asLong()).isEqualTo(version + 1);
		assertThat(written.headers().firstValue("ETag")).hasValue("\"" + (version + 1) + "\"");
		assertThat(this.counter.label.get()).isEqualTo("first");

		HttpResponse<String> stale = this.http.put("/philjs/stores/counter/signals/label", "\"second\"", "If-Match",
				"\"" + version + "\"");
		assertThat(stale.statusCode()).isEqualTo(412);
		assertError(stale, "version_conflict");
		assertThat(this.counter.label.get()).isEqualTo("first");
		assertThat(currentVersion("counter")).isEqualTo(version + 1);
	}

	@Test
	void putWithoutIfMatchWritesUnconditionallyInUtf8() throws Exception {
		HttpResponse<String> written = this.http.put("/philjs/stores/counter/signals/label", "\"caf\u00e9 \u2713\"");
		assertThat(written.statusCode()).isEqualTo(200);
		assertThat(this.counter.label.get()).isEqualTo("caf\u00e9 \u2713");
		JsonNode snapshot = TestHttp.json(this.http.get("/philjs/stores/counter"));
		assertThat(snapshot.get("state").get("label").asString()).isEqualTo("caf\u00e9 \u2713");
	}

	@Test
	void putToANonWritableSignalIs403AndChangesNothing() throws Exception {
		int before = this.counter.count.get();
		HttpResponse<String> response = this.http.put("/philjs/stores/counter/signals/count", "99");
		assertThat(response.statusCode()).isEqualTo(403);
		assertError(response, "forbidden");
		assertThat(this.counter.count.get()).isEqualTo(before);
		HttpResponse<String> hidden = this.http.put("/philjs/stores/counter/signals/secret", "\"x\"");
		assertThat(hidden.statusCode()).isEqualTo(404);
		assertError(hidden, "unknown_signal");
		assertThat(this.counter.secret.get()).isEqualTo("s");
	}

	@Test
	void unknownStoresSignalsActionsAndPathsAre404() throws Exception {
		assertError(expect(404, this.http.get("/philjs/stores/nope")), "unknown_store");
		assertError(expect(404, this.http.get("/philjs/stores/nope/events")), "unknown_store");
		assertError(expect(404, this.http.put("/philjs/stores/nope/signals/label", "1")), "unknown_store");
		assertError(expect(404, this.http.put("/philjs/stores/counter/signals/nope", "1")), "unknown_signal");
		assertError(expect(404, this.http.post("/philjs/stores/counter/actions/nope", null)), "unknown_action");
		assertError(expect(404, this.http.get("/philjs/stores/counter/what/ever")), "not_found");
	}

	@Test
	void actionReturnsItsResultAndTheVersionItProduced() throws Exception {
		int before = this.counter.count.get();
		HttpResponse<String> byName = this.http.post("/philjs/stores/counter/actions/add", "{\"amount\": 5}");
		assertThat(byName.statusCode()).isEqualTo(200);
		JsonNode body = TestHttp.json(byName);
		assertThat(body.get("result").asInt()).isEqualTo(before + 5);
		long version = body.get("version").asLong();
		assertThat(byName.headers().firstValue("ETag")).hasValue("\"" + version + "\"");

		HttpResponse<String> byPosition = this.http.post("/philjs/stores/counter/actions/add", "[2]", "If-Match",
				"\"" + version + "\"");
		assertThat(byPosition.statusCode()).isEqualTo(200);
		assertThat(TestHttp.json(byPosition).get("result").asInt()).isEqualTo(before + 7);
		assertThat(TestHttp.json(byPosition).get("version").asLong()).isEqualTo(version + 1);

		HttpResponse<String> noBody = this.http.post("/philjs/stores/counter/actions/increment", null);
		assertThat(noBody.statusCode()).isEqualTo(200);
		assertThat(TestHttp.json(noBody).get("result").asInt()).isEqualTo(before + 8);

		HttpResponse<String> stale = this.http.post("/philjs/stores/counter/actions/increment", null, "If-Match",
				"\"" + version + "\"");
		assertThat(stale.statusCode()).isEqualTo(412);
		assertThat(this.counter.count.get()).isEqualTo(before + 8);
	}

	@Test
	void actionThatThrowsIs422WithAJsonError() throws Exception {
		long version = currentVersion("counter");
		HttpResponse<String> response = this.http.post("/philjs/stores/counter/actions/fail",
				"{\"reason\": \"out of stock\"}");
		assertThat(response.statusCode()).isEqualTo(422);
		JsonNode error = assertError(response, "action_failed");
		assertThat(error.get("message").asString()).contains("out of stock");
		assertThat(currentVersion("counter")).isEqualTo(version);
	}

	@Test
	void malformedJsonIs400AndChangesNothing() throws Exception {
		long version = currentVersion("counter");
		assertError(expect(400, this.http.put("/philjs/stores/counter/signals/label", "{\"unclosed\"")), "bad_request");
		assertError(expect(400, this.http.put("/philjs/stores/counter/signals/label", "")), "bad_request");
		assertError(expect(400, this.http.post("/philjs/stores/counter/actions/add", "[1,")), "bad_request");
		assertError(expect(400, this.http.post("/philjs/stores/counter/actions/add", "{\"amount\":\"x\"}")),
				"bad_request");
		assertError(expect(400, this.http.post("/philjs/stores/counter/actions/add", null)), "bad_request");
		assertError(expect(400, this.http.put("/philjs/stores/counter/signals/label", "\"x\"", "If-Match", "W/\"1\"")),
				"bad_request");
		assertThat(currentVersion("counter")).isEqualTo(version);
	}

	@Test
	void signalValueOfTheWrongTypeIs400AndChangesNothing() throws Exception {
		long version = currentVersion("counter");
		HttpResponse<String> response = this.http.put("/philjs/stores/counter/signals/limit", "\"many\"");
		assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
		assertError(response, "bad_request");
		assertThat((Object) this.counter.limit.get()).isEqualTo(10);
		assertThat(currentVersion("counter")).isEqualTo(version);
	}

	@Test
	void bodyWithAnotherContentTypeIs415() throws Exception {
		long version = currentVersion("counter");
		HttpResponse<String> response = this.http.send(this.http.request("/philjs/stores/counter/signals/label")
			.header("Content-Type", "text/plain")
			.PUT(HttpRequest.BodyPublishers.ofString("\"x\"")));
		assertThat(response.statusCode()).isEqualTo(415);
		assertError(response, "unsupported_media_type");
		HttpResponse<String> form = this.http.send(this.http.request("/philjs/stores/counter/actions/increment")
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.noBody()));
		assertThat(form.statusCode()).as("an empty form post calls nothing").isEqualTo(415);
		HttpResponse<String> none = this.http.send(this.http.request("/philjs/stores/counter/actions/add")
			.POST(HttpRequest.BodyPublishers.ofString("[1]")));
		assertThat(none.statusCode()).as("a body without content type").isEqualTo(415);
		assertThat(currentVersion("counter")).isEqualTo(version);
	}

	@Test
	void bodyOverTheLimitIs413WithOrWithoutContentLength() throws Exception {
		long version = currentVersion("counter");
		String big = "\"" + "x".repeat(2048) + "\"";
		HttpResponse<String> declared = this.http.put("/philjs/stores/counter/signals/label", big);
		assertThat(declared.statusCode()).isEqualTo(413);
		assertError(declared, "too_large");
		HttpResponse<String> chunked = this.http.send(this.http.request("/philjs/stores/counter/signals/label")
			.header("Content-Type", "application/json")
			.PUT(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big.getBytes()))));
		assertThat(chunked.statusCode()).isEqualTo(413);
		assertError(chunked, "too_large");
		assertThat(currentVersion("counter")).isEqualTo(version);
	}

	@Test
	void unsupportedMethodIs405WithAllowAndAJsonError() throws Exception {
		HttpResponse<String> delete = this.http.send(this.http.request("/philjs/stores/counter").DELETE());
		assertThat(delete.statusCode()).isEqualTo(405);
		assertThat(delete.headers().firstValue("Allow")).hasValue("GET, HEAD");
		assertError(delete, "method_not_allowed");
		HttpResponse<String> getSignal = this.http.get("/philjs/stores/counter/signals/label");
		assertThat(getSignal.statusCode()).isEqualTo(405);
		assertThat(getSignal.headers().firstValue("Allow")).hasValue("PUT");
		HttpResponse<String> getAction = this.http.get("/philjs/stores/counter/actions/increment");
		assertThat(getAction.statusCode()).isEqualTo(405);
		assertError(getAction, "method_not_allowed");
	}

	@Test
	void requestContextFromAResolverBeanIsVisibleToActions() throws Exception {
		HttpResponse<String> acme = this.http.post("/philjs/stores/counter/actions/tenant", null, "X-Tenant", "acme");
		assertThat(acme.statusCode()).isEqualTo(200);
		assertThat(TestHttp.json(acme).get("result").asString()).isEqualTo("acme");
		HttpResponse<String> none = this.http.post("/philjs/stores/counter/actions/tenant", null);
		assertThat(TestHttp.json(none).get("result").asString()).isEqualTo("none");
	}

	@Test
	void requestStoresLiveForOneRequest() throws Exception {
		for (int i = 0; i < 3; i++) {
			HttpResponse<String> response = this.http.post("/philjs/stores/scratch/actions/hit", null);
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(TestHttp.json(response).get("result").asInt()).as("a fresh store per request").isEqualTo(1);
		}
		await().untilAsserted(() -> assertThat(this.registry.liveRequestCount()).isZero());
		assertThat(this.registry.existingInstance("scratch", StoreScopeKey.NONE)).isNull();
	}

	@Test
	void writesFromAnotherOriginAreRefused() throws Exception {
		String before = this.counter.label.get();
		HttpResponse<String> foreign = this.http.put("/philjs/stores/counter/signals/label", "\"evil\"", "Origin",
				"https://evil.example");
		assertThat(foreign.statusCode()).isEqualTo(403);
		assertError(foreign, "forbidden");
		assertThat(this.counter.label.get()).isEqualTo(before);
		HttpResponse<String> sameOrigin = this.http.put("/philjs/stores/counter/signals/label", "\"mine\"", "Origin",
				this.http.origin());
		assertThat(sameOrigin.statusCode()).isEqualTo(200);
	}

	@Test
	void accessRulesSeeThePrincipalOfTheRequest() throws Exception {
		String alice = basic("alice");
		String admin = basic("admin");
		assertError(expect(401, this.http.get("/philjs/stores/vault")), "unauthorized");
		assertThat(this.http.get("/philjs/stores").body()).doesNotContain("vault");
		assertThat(this.http.get("/philjs/stores", "Authorization", alice).body()).contains("vault");
		assertThat(this.http.get("/philjs/stores/vault", "Authorization", alice).statusCode()).isEqualTo(200);
		assertError(
				expect(403, this.http.put("/philjs/stores/vault/signals/secret", "\"lead\"", "Authorization", alice)),
				"forbidden");
		assertThat(this.vault.secret.get()).isEqualTo("gold");
		assertThat(this.http.put("/philjs/stores/vault/signals/secret", "\"platinum\"", "Authorization", admin)
			.statusCode()).isEqualTo(200);
		assertThat(this.vault.secret.get()).isEqualTo("platinum");
		assertError(expect(401, this.http.get("/philjs/stores/vault/events")), "unauthorized");
	}

	private static String basic(String user) {
		return "Basic " + Base64.getEncoder().encodeToString((user + ":pw").getBytes(StandardCharsets.UTF_8));
	}

	private long currentVersion(String store) throws Exception {
		return TestHttp.json(this.http.get("/philjs/stores/" + store)).get("version").asLong();
	}

	private static HttpResponse<String> expect(int status, HttpResponse<String> response) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
		return response;
	}

	private static JsonNode assertError(HttpResponse<String> response, String code) {
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/json"));
		JsonNode error = TestHttp.json(response);
		assertThat(error.get("error").asString()).isEqualTo(code);
		assertThat(error.get("message").asString()).isNotBlank();
		return error;
	}

	private static JsonNode find(JsonNode list, String name) {
		for (JsonNode store : list) {
			if (store.get("name").asString().equals(name)) {
				return store;
			}
		}
		throw new AssertionError("No store " + name + " in " + list);
	}

	private static List<String> names(JsonNode array) {
		List<String> names = new ArrayList<>();
		array.forEach((node) -> names.add(node.asString()));
		return names;
	}

}
