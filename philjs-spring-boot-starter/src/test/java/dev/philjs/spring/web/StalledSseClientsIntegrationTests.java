package dev.philjs.spring.web;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.philjs.spring.store.StoreInstance;
import dev.philjs.spring.store.StoreRegistry;
import dev.philjs.spring.store.StoreScopeKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * SSE clients that stop reading on a real server with only two delivery threads: ten
 * times more stalled streams than threads never delay a reading client, because no thread
 * ever waits for a client's socket.
 */
@SpringBootTest(classes = WebTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "philjs.stores.delivery-threads=2", "philjs.web.sse.heartbeat=200ms" })
class StalledSseClientsIntegrationTests {

	private static final Duration WAIT = Duration.ofSeconds(20);

	/**
	 * How soon a reading client gets each event: far below the container's write timeout,
	 * which a delivery thread blocked on a stalled socket would wait for.
	 */
	private static final Duration PROMPT = Duration.ofSeconds(5);

	private static final int STALLED = 20;

	@LocalServerPort
	int port;

	@Autowired
	StoreRegistry registry;

	@Autowired
	StoreEventStreams streams;

	@Autowired
	WebTestApplication.BulkStore bulk;

	private final List<Socket> stalled = new ArrayList<>();

	@AfterEach
	void everyStalledStreamIsClosedOnceItsClientIsGone() throws IOException {
		for (Socket socket : this.stalled) {
			socket.close();
		}
		await().atMost(WAIT).until(() -> this.streams.openStreams() == 0);
	}

	@Test
	void readingClientGetsItsSnapshotAndEveryChangePromptlyWhileManyMoreClientsThanDeliveryThreadsAreStalled()
			throws Exception {
		StoreInstance instance = this.registry.instance("bulk", StoreScopeKey.NONE);
		String payload = "x".repeat(64 * 1024);
		for (int i = 0; i < STALLED; i++) {
			this.stalled.add(openAndNeverRead(this.port, "bulk"));
		}
		await().atMost(WAIT).until(() -> this.streams.openStreams() == STALLED);
		// 200 large changes (13 MB, more than a socket's buffers hold): each stalled
		// stream writes until its socket is full, then waits without a thread
		for (int i = 0; i < 200; i++) {
			this.bulk.text.set(payload + i);
		}
		await().atMost(WAIT).until(() -> this.streams.stalledStreams() == STALLED);
		assertThat(instance.subscriberCount()).isEqualTo(STALLED);

		TestHttp http = new TestHttp(this.port);
		try (SseClient reader = SseClient.open(http.client, http.uri("/philjs/stores/bulk/events"), Map.of())) {
			await().atMost(PROMPT).until(() -> reader.events.size() == 1);
			SseClient.Event snapshot = reader.events.get(0);
			assertThat(snapshot.event()).isEqualTo("snapshot");
			long start = snapshot.version();
			for (int i = 1; i <= 20; i++) {
				long version = start + i;
				this.bulk.text.set(payload + "fresh " + i);
				await().atMost(PROMPT).until(() -> reader.last().version() == version);
			}
			List<SseClient.Event> changes = reader.events.subList(1, reader.events.size());
			assertThat(changes).extracting(SseClient.Event::event).containsOnly("change");
			assertThat(changes).extracting(SseClient.Event::version).hasSize(20).isSorted().doesNotHaveDuplicates();
			JsonNode last = TestHttp.json(reader.last().data());
			assertThat(last.get("changes").get("text").asString()).isEqualTo(payload + "fresh 20");
			assertThat(this.streams.openStreams()).as("the stalled streams are still open").isEqualTo(STALLED + 1);
		}
	}

	/**
	 * Opens an SSE stream on a raw socket with a small receive buffer and never reads it,
	 * so the server's writes soon find the socket full.
	 */
	static Socket openAndNeverRead(int port, String store) throws IOException {
		Socket socket = new Socket();
		socket.setReceiveBufferSize(4096);
		socket.connect(new InetSocketAddress("localhost", port), 5000);
		OutputStream out = socket.getOutputStream();
		out.write(("GET /philjs/stores/" + store + "/events HTTP/1.1\r\nHost: localhost:" + port
				+ "\r\nAccept: text/event-stream\r\n\r\n")
			.getBytes(StandardCharsets.US_ASCII));
		out.flush();
		return socket;
	}

}
