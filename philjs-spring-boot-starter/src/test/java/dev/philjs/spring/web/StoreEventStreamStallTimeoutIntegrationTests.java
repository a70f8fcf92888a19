package dev.philjs.spring.web;

import java.net.Socket;
import java.time.Duration;
import java.util.Map;

import dev.philjs.spring.store.StoreInstance;
import dev.philjs.spring.store.StoreRegistry;
import dev.philjs.spring.store.StoreScopeKey;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The stall timeout on a real server: a stream whose client stops reading is closed and
 * its subscription disposed, while a reading stream stays open.
 */
@SpringBootTest(classes = WebTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "philjs.web.sse.stall-timeout=2s", "philjs.web.sse.heartbeat=200ms" })
class StoreEventStreamStallTimeoutIntegrationTests {

	private static final Duration WAIT = Duration.ofSeconds(20);

	@LocalServerPort
	int port;

	@Autowired
	StoreRegistry registry;

	@Autowired
	StoreEventStreams streams;

	@Autowired
	WebTestApplication.LedgerStore ledger;

	@Test
	void streamThatStaysNotWritableIsClosedAfterTheStallTimeoutAndAReadingStreamIsNot() throws Exception {
		StoreInstance instance = this.registry.instance("ledger", StoreScopeKey.NONE);
		String payload = "y".repeat(64 * 1024);
		TestHttp http = new TestHttp(this.port);
		try (Socket stalled = StalledSseClientsIntegrationTests.openAndNeverRead(this.port, "ledger");
				SseClient reader = SseClient.open(http.client, http.uri("/philjs/stores/ledger/events"), Map.of())) {
			await().atMost(WAIT).until(() -> reader.events.size() == 1 && this.streams.openStreams() == 2);
			// large changes, each read by the reader before the next, until the stalled
			// client's socket buffers are full and the stall timeout closes its stream
			for (int writes = 0; this.streams.openStreams() == 2; writes++) {
				assertThat(writes).as("writes before the stalled stream is closed").isLessThan(3000);
				this.ledger.text.set(payload + writes);
				long written = instance.version();
				await().atMost(WAIT)
					.pollDelay(Duration.ZERO)
					.pollInterval(Duration.ofMillis(5))
					.until(() -> reader.last().version() == written);
			}
			assertThat(this.streams.openStreams()).isEqualTo(1);
			assertThat(instance.subscriberCount()).isEqualTo(1);
			assertThat(reader.ended).isFalse();
			long version = instance.version() + 1;
			this.ledger.text.set("after");
			await().atMost(WAIT).until(() -> reader.last().version() == version);
		}
		await().atMost(WAIT).until(() -> this.streams.openStreams() == 0 && instance.subscriberCount() == 0);
	}

}
