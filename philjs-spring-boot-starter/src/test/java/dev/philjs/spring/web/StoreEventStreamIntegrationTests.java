package dev.philjs.spring.web;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.philjs.spring.store.StoreInstance;
import dev.philjs.spring.store.StoreRegistry;
import dev.philjs.spring.store.StoreScopeKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The SSE streams on a real server, read with the JDK HttpClient: snapshot then changes,
 * Last-Event-ID resume, a stalled reader, heartbeats, and session isolation.
 */
@SpringBootTest(classes = WebTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "philjs.web.max-body-size=1KB", "philjs.web.sse.heartbeat=300ms", "philjs.web.sse.retry=1500ms",
				"philjs.stores.buffer-size=8" })
class StoreEventStreamIntegrationTests {

	private static final Duration WAIT = Duration.ofSeconds(20);

	@LocalServerPort
	int port;

	@Autowired
	StoreRegistry registry;

	@Autowired
	StoreEventStreams streams;

	@Autowired
	WebTestApplication.FeedStore feed;

	@Autowired
	WebTestApplication.JournalStore journal;

	@Autowired
	WebTestApplication.LedgerStore ledger;

	@Autowired
	WebTestApplication.BulkStore bulk;

	TestHttp http;

	@BeforeEach
	void client() {
		this.http = new TestHttp(this.port);
	}

	@AfterEach
	void everyStreamIsClosedOnceItsClientIsGone() {
		await().atMost(WAIT).until(() -> this.streams.openStreams() == 0);
	}

	@Test
	void streamSendsRetryThenASnapshotThenChangesInOrderWithVersionIds() throws Exception {
		long start = instance("feed").version();
		try (SseClient sse = open(this.http, "feed", Map.of())) {
			assertThat(sse.status()).isEqualTo(200);
			assertThat(sse.response().headers().firstValue("Content-Type"))
				.hasValueSatisfying((type) -> assertThat(type).startsWith("text/event-stream"));
			await().atMost(WAIT).until(() -> sse.events.size() == 1);
			assertThat(sse.retry).isEqualTo("1500");
			SseClient.Event snapshot = sse.events.get(0);
			assertThat(snapshot.event()).isEqualTo("snapshot");
			assertThat(snapshot.version()).isEqualTo(start);
			JsonNode snapshotJson = TestHttp.json(snapshot.data());
			assertThat(snapshotJson.get("store").asString()).isEqualTo("feed");
			assertThat(snapshotJson.get("version").asLong()).isEqualTo(start);
			assertThat(snapshotJson.get("state").has("text")).isTrue();
			for (int i = 1; i <= 5; i++) {
				this.feed.text.set("line " + i);
			}
			await().atMost(WAIT).until(() -> sse.last().version() == start + 5);
			List<SseClient.Event> changes = sse.events.subList(1, sse.events.size());
			assertThat(changes).extracting(SseClient.Event::event).containsOnly("change");
			assertThat(changes).extracting(SseClient.Event::version)
				.containsExactly(start + 1, start + 2, start + 3, start + 4, start + 5);
			for (int i = 0; i < 5; i++) {
				JsonNode change = TestHttp.json(changes.get(i).data());
				assertThat(change.get("version").asLong()).isEqualTo(start + 1 + i);
				assertThat(change.get("changes").get("text").asString()).isEqualTo("line " + (i + 1));
			}
		}
	}

	@Test
	void resumeWithLastEventIdGetsOnlyTheMissedChanges() throws Exception {
		long seen = instance("journal").version();
		this.journal.text.set("a");
		this.journal.text.set("b");
		this.journal.text.set("c");
		try (SseClient sse = open(this.http, "journal", Map.of("Last-Event-ID", Long.toString(seen + 1)))) {
			await().atMost(WAIT).until(() -> sse.events.size() >= 2);
			assertThat(sse.events).extracting(SseClient.Event::event).containsExactly("change", "change");
			assertThat(sse.events).extracting(SseClient.Event::version).containsExactly(seen + 2, seen + 3);
			assertThat(TestHttp.json(sse.events.get(1).data()).get("changes").get("text").asString()).isEqualTo("c");
			this.journal.text.set("d");
			await().atMost(WAIT).until(() -> sse.last().version() == seen + 4);
			assertThat(sse.events).extracting(SseClient.Event::event).doesNotContain("snapshot");
		}
	}

	@Test
	void resumeFromAVersionNoLongerBufferedGetsAFreshSnapshot() throws Exception {
		long seen = instance("ledger").version();
		for (int i = 0; i < 20; i++) {
			this.ledger.text.set("entry " + i);
		}
		try (SseClient sse = open(this.http, "ledger", Map.of("Last-Event-ID", Long.toString(seen)))) {
			await().atMost(WAIT).until(() -> !sse.events.isEmpty());
			SseClient.Event first = sse.events.get(0);
			assertThat(first.event()).isEqualTo("snapshot");
			assertThat(first.version()).isEqualTo(seen + 20);
			assertThat(TestHttp.json(first.data()).get("state").get("text").asString()).isEqualTo("entry 19");
		}
	}

	@Test
	void stalledReaderNeverSlowsWritersAndCatchesUpToTheLatestState() throws Exception {
		StoreInstance instance = instance("bulk");
		long start = instance.version();
		long conflatedBefore = instance.conflatedCount();
		String payload = "x".repeat(128 * 1024);
		int writes = 200;
		try (SseClient sse = open(this.http, "bulk", Map.of(), (event) -> event.version() == start)) {
			await().atMost(WAIT).until(() -> sse.events.size() == 1);
			long began = System.nanoTime();
			for (int i = 0; i < writes; i++) {
				this.bulk.text.set(payload + i);
			}
			Duration took = Duration.ofNanos(System.nanoTime() - began);
			// 25 MB of changes cannot fit in the socket buffers: a writer that waited for
			// the stalled reader would still be blocked
			assertThat(took).isLessThan(Duration.ofSeconds(5));
			assertThat(instance.version()).isEqualTo(start + writes);
			assertThat(sse.events).hasSize(1);
			sse.resume();
			await().atMost(WAIT).until(() -> sse.last().version() == start + writes);
			SseClient.Event last = sse.last();
			JsonNode values = TestHttp.json(last.data()).get(last.event().equals("snapshot") ? "state" : "changes");
			assertThat(values.get("text").asString()).isEqualTo(payload + (writes - 1));
			assertThat(sse.events.size()).as("conflated").isLessThan(writes);
			assertThat(instance.conflatedCount()).isGreaterThan(conflatedBefore);
			assertThat(sse.events).extracting(SseClient.Event::version).isSorted();
		}
	}

	@Test
	void idleStreamGetsHeartbeatsAndAClosedClientIsForgotten() throws Exception {
		StoreInstance instance = instance("quiet");
		SseClient sse = open(this.http, "quiet", Map.of());
		await().atMost(WAIT).until(() -> sse.events.size() == 1);
		await().atMost(WAIT).until(() -> sse.comments.contains("heartbeat"));
		assertThat(instance.subscriberCount()).isEqualTo(1);
		sse.close();
		await().atMost(WAIT).until(() -> instance.subscriberCount() == 0);
		await().atMost(WAIT).until(() -> this.streams.openStreams() == 0);
	}

	@Test
	void stoppingTheApplicationCompletesOpenStreams() throws Exception {
		try (SseClient sse = open(this.http, "quiet", Map.of())) {
			await().atMost(WAIT).until(() -> sse.events.size() == 1);
			this.streams.stop();
			try {
				await().atMost(WAIT).until(() -> sse.ended);
				assertThat(this.streams.openStreams()).isZero();
			}
			finally {
				this.streams.start();
			}
		}
	}

	@Test
	void twoSessionsNeverSeeEachOthersSessionStores() throws Exception {
		TestHttp alice = this.http;
		TestHttp bob = new TestHttp(this.port);
		assertThat(alice.post("/philjs/stores/cart/actions/add", "[\"alice-1\"]").statusCode()).isEqualTo(200);
		JsonNode bobSnapshot = TestHttp.json(bob.get("/philjs/stores/cart"));
		assertThat(bobSnapshot.get("state").get("items").size()).isZero();
		assertThat(alice.sessionId()).isNotNull().isNotEqualTo(bob.sessionId());
		try (SseClient bobStream = open(bob, "cart", Map.of()); SseClient aliceStream = open(alice, "cart", Map.of())) {
			await().atMost(WAIT).until(() -> bobStream.events.size() == 1 && aliceStream.events.size() == 1);
			assertThat(aliceStream.events.get(0).data()).contains("alice-1");
			assertThat(alice.post("/philjs/stores/cart/actions/add", "[\"alice-2\"]").statusCode()).isEqualTo(200);
			assertThat(bob.put("/philjs/stores/cart/signals/items", "[\"bob-1\"]").statusCode()).isEqualTo(200);
			await().atMost(WAIT).until(() -> bobStream.events.stream().anyMatch((e) -> e.data().contains("bob-1")));
			await().atMost(WAIT).until(() -> aliceStream.events.stream().anyMatch((e) -> e.data().contains("alice-2")));
			assertThat(bobStream.events).noneMatch((e) -> e.data().contains("alice"));
			assertThat(aliceStream.events).noneMatch((e) -> e.data().contains("bob"));
		}
		assertThat(alice.get("/philjs/stores/cart").body()).contains("alice-1", "alice-2").doesNotContain("bob");
		assertThat(bob.get("/philjs/stores/cart").body()).contains("bob-1").doesNotContain("alice");
	}

	@Test
	void sessionStoreIsDisposedWhenTheSessionIsInvalidated() throws Exception {
		assertThat(this.http.post("/philjs/stores/cart/actions/add", "[\"pen\"]").statusCode()).isEqualTo(200);
		String sessionId = this.http.sessionId();
		StoreInstance instance = this.registry.existingInstance("cart", StoreScopeKey.ofSession(sessionId));
		assertThat(instance).isNotNull();
		WebTestApplication.CartStore cart = (WebTestApplication.CartStore) instance.target();
		try (SseClient sse = open(this.http, "cart", Map.of())) {
			await().atMost(WAIT).until(() -> sse.events.size() == 1);
			assertThat(this.http.post("/test/logout", null).statusCode()).isEqualTo(204);
			await().atMost(WAIT).until(instance::isDisposed);
			assertThat(cart.isDisposed()).isTrue();
			assertThat(this.registry.existingInstance("cart", StoreScopeKey.ofSession(sessionId))).isNull();
			await().atMost(WAIT).until(() -> sse.ended);
		}
		JsonNode fresh = TestHttp.json(this.http.get("/philjs/stores/cart"));
		assertThat(fresh.get("state").get("items").size()).isZero();
		assertThat(this.http.sessionId()).isNotEqualTo(sessionId);
	}

	@Test
	void unknownStoreStreamIsA404JsonErrorNotAStream() throws Exception {
		try (SseClient sse = open(this.http, "nope", Map.of())) {
			assertThat(sse.status()).isEqualTo(404);
			assertThat(sse.response().headers().firstValue("Content-Type"))
				.hasValueSatisfying((type) -> assertThat(type).startsWith("application/json"));
		}
	}

	private StoreInstance instance(String store) {
		return this.registry.instance(store, StoreScopeKey.NONE);
	}

	private static SseClient open(TestHttp http, String store, Map<String, String> headers) throws Exception {
		return SseClient.open(http.client, http.uri("/philjs/stores/" + store + "/events"), headers);
	}

	private static SseClient open(TestHttp http, String store, Map<String, String> headers,
			java.util.function.Predicate<SseClient.Event> pauseAfter) throws Exception {
		return SseClient.open(http.client, http.uri("/philjs/stores/" + store + "/events"), headers, pauseAfter);
	}

}
