package dev.philjs.spring.reliability;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.philjs.core.Reactive;
import dev.philjs.spring.reliability.ReliabilityTestApplication.BasketStore;
import dev.philjs.spring.reliability.ReliabilityTestApplication.PriceStore;
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
 * Nothing is left behind by many short-lived subscriptions, sessions and requests: the
 * Actuator endpoint {@code philjs} counts no subscribers, sessions or requests
 * afterwards, an application signal that every session store depended on runs no more
 * effects per write than before, every session store object is garbage collected (its
 * owner, memos and watcher effect disposed and unlinked), and the heap does not grow.
 */
@SharedReliabilityApp
class ResourceIntegrationTests {

	static final int SUBSCRIPTION_CYCLES = Integer.getInteger("philjs.reliability.subscriptions", 10_000);

	static final int SSE_CYCLES = 200;

	static final int SESSIONS = Integer.getInteger("philjs.reliability.sessions", 1_000);

	@LocalServerPort
	private int port;

	@Autowired
	private PriceStore prices;

	@Test
	void subscriptionsSessionsAndRequestsLeaveNothingBehind() throws Exception {
		TestHttp http = new TestHttp(this.port);
		assertThat(http.get("/philjs/stores/prices").statusCode()).isEqualTo(200);
		long heapBefore = usedHeapAfterGc();
		long effectsPerWriteBefore = effectRunsOfOneWrite();
		ExecutorService pool = Executors.newFixedThreadPool(4);
		try {
			List<Future<?>> work = new ArrayList<>();
			int perConnection = SUBSCRIPTION_CYCLES / 4;
			for (int c = 0; c < 4; c++) {
				String store = List.of("prices", "tally", "pair", "stream").get(c);
				work.add(pool.submit(() -> {
					try (TestSocket socket = TestSocket
						.open(URI.create("ws://localhost:" + this.port + "/philjs/ws"))) {
						for (int i = 0; i < perConnection; i++) {
							socket.send("{\"type\":\"subscribe\",\"store\":\"" + store + "\"}");
							socket.send("{\"type\":\"unsubscribe\",\"store\":\"" + store + "\"}");
						}
						socket.request("end", "{\"type\":\"ping\",\"id\":\"end\"}");
						assertThat(socket.all(TestSocket.type("error"))).isEmpty();
					}
					return null;
				}));
			}
			for (Future<?> done : work) {
				done.get(120, TimeUnit.SECONDS);
			}
			for (int i = 0; i < SSE_CYCLES; i++) {
				SseClient client = SseClient.open(http.client, http.uri("/philjs/stores/prices/events"), Map.of());
				await().pollInterval(Duration.ofMillis(2))
					.atMost(Duration.ofSeconds(10))
					.until(() -> !client.events.isEmpty());
				client.close();
			}
			work.clear();
			for (int t = 0; t < 4; t++) {
				work.add(pool.submit(() -> {
					TestHttp client = new TestHttp(this.port);
					for (int i = 0; i < SESSIONS / 4; i++) {
						client.cookies.getCookieStore().removeAll();
						assertThat(client.post("/philjs/stores/basket/actions/add", null).statusCode()).isEqualTo(200);
						assertThat(client.post("/philjs/stores/scratch/actions/hit", null).statusCode()).isEqualTo(200);
						assertThat(client.sessionId()).isNotNull();
						assertThat(client.post("/test/expire", null).statusCode()).isEqualTo(204);
					}
					return null;
				}));
			}
			for (Future<?> done : work) {
				done.get(120, TimeUnit.SECONDS);
			}
		}
		finally {
			pool.shutdownNow();
		}
		// a closed SSE stream is noticed when a write to it fails (or a heartbeat)
		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
			this.prices.rate.update((r) -> r + 1);
			JsonNode stores = TestHttp.json(http.get("/actuator/philjs"));
			stores.get("stores")
				.properties()
				.forEach((entry) -> assertThat(entry.getValue().get("live").get("subscribers").asInt())
					.as("subscribers of " + entry.getKey())
					.isZero());
			assertThat(stores.get("sessions").get("live").asInt()).isZero();
			assertThat(stores.get("sessions").get("instances").asInt()).isZero();
			assertThat(stores.get("requests").get("live").asInt()).isZero();
		});
		assertThat(effectRunsOfOneWrite()).as("effects run by a write of a signal every session store read")
			.isEqualTo(effectsPerWriteBefore);
		assertThat(BasketStore.created).hasSizeGreaterThanOrEqualTo(SESSIONS);
		await().atMost(Duration.ofSeconds(30)).until(() -> {
			System.gc();
			return BasketStore.created.stream().allMatch((ref) -> ref.get() == null);
		});
		long heapAfter = usedHeapAfterGc();
		System.out.printf(
				"reliability: resources: %d WebSocket and %d SSE subscription cycles, %d sessions: heap %d KB -> %d KB%n",
				SUBSCRIPTION_CYCLES, SSE_CYCLES, SESSIONS, heapBefore / 1024, heapAfter / 1024);
		assertThat(heapAfter - heapBefore).as("heap growth in bytes").isLessThan(32L * 1024 * 1024);
	}

	private long effectRunsOfOneWrite() {
		long before = Reactive.effectRuns();
		this.prices.rate.update((r) -> r + 1);
		return Reactive.effectRuns() - before;
	}

	private static long usedHeapAfterGc() {
		MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
		long used = Long.MAX_VALUE;
		for (int i = 0; i < 3; i++) {
			System.gc();
			used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
		}
		return used;
	}

}
