package dev.philjs.spring.web;

import java.time.Duration;
import java.util.Map;

import dev.philjs.spring.store.StoreInstance;
import dev.philjs.spring.store.StoreRegistry;
import dev.philjs.spring.store.StoreScopeKey;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * How SSE streams end on a real server: the configured timeout, request stores kept for
 * the stream's lifetime and ended with it.
 */
@SpringBootTest(classes = WebTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "philjs.web.sse.timeout=1s", "philjs.web.sse.heartbeat=0s", "philjs.web.sse.retry=0s" })
class StoreEventStreamLifecycleIntegrationTests {

	private static final Duration WAIT = Duration.ofSeconds(20);

	@LocalServerPort
	int port;

	@Autowired
	StoreRegistry registry;

	@Autowired
	StoreEventStreams streams;

	TestHttp http;

	@BeforeEach
	void client() {
		this.http = new TestHttp(this.port);
	}

	@Test
	void streamEndsCleanlyAtTheTimeoutAndItsSubscriptionIsDisposed() throws Exception {
		StoreInstance feed = this.registry.instance("feed", StoreScopeKey.NONE);
		try (SseClient sse = open("feed")) {
			await().atMost(WAIT).until(() -> sse.events.size() == 1);
			assertThat(sse.retry).as("retry disabled").isNull();
			assertThat(feed.subscriberCount()).isEqualTo(1);
			await().atMost(WAIT).until(() -> sse.ended);
			assertThat(sse.events).extracting(SseClient.Event::event).containsExactly("snapshot");
			await().atMost(WAIT).until(() -> feed.subscriberCount() == 0 && this.streams.openStreams() == 0);
		}
	}

	@Test
	void requestStoreLivesAsLongAsItsStreamAndEndsWithIt() throws Exception {
		try (SseClient sse = open("scratch")) {
			await().atMost(WAIT).until(() -> sse.events.size() == 1);
			assertThat(sse.events.get(0).event()).isEqualTo("snapshot");
			assertThat(this.registry.liveRequestCount()).isEqualTo(1);
			await().atMost(WAIT).until(() -> sse.ended);
			await().atMost(WAIT).until(() -> this.registry.liveRequestCount() == 0);
		}
	}

	private SseClient open(String store) throws Exception {
		return SseClient.open(this.http.client, this.http.uri("/philjs/stores/" + store + "/events"), Map.of());
	}

}
