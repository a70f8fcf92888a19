package dev.philjs.spring.reliability;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import dev.philjs.spring.web.SseClient;
import dev.philjs.spring.web.TestHttp;
import dev.philjs.spring.websocket.TestSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * SSE and WebSocket clients cut off again and again in the middle of a stream of writes:
 * each time they reconnect with the last version they saw ({@code Last-Event-ID},
 * {@code lastVersion}) and get either exactly the changes after it, without a gap, or a
 * fresh snapshot; in the end they hold the server's state.
 */
@SharedReliabilityApp
@ExtendWith(OutputCaptureExtension.class)
class ResumeIntegrationTests {

	/** How many times each client is cut off. */
	static final int CUTS = Integer.getInteger("philjs.reliability.cuts", 20);

	private static final String STREAM = "/philjs/stores/stream";

	@LocalServerPort
	private int port;

	@Test
	void sseClientCutOffMidStreamResumesWithoutAGapOrFromASnapshot(CapturedOutput output) throws Exception {
		TestHttp http = new TestHttp(this.port);
		ClientView view = new ClientView((state) -> state.containsKey("text"));
		AtomicInteger resumedWithChanges = new AtomicInteger();
		try (Writer writer = new Writer(http)) {
			for (int cut = 0; cut <= CUTS; cut++) {
				Map<String, String> headers = (view.version() < 0) ? Map.of()
						: Map.of("Last-Event-ID", String.valueOf(view.version()));
				long resumedFrom = view.version();
				try (SseClient client = SseClient.open(http.client, http.uri(STREAM + "/events"), headers)) {
					int target = 5 + cut % 10;
					await().atMost(Duration.ofSeconds(20)).until(() -> client.events.size() >= target);
					List<SseClient.Event> received = List.copyOf(client.events);
					if (resumedFrom > 0 && received.get(0).event().equals("change")) {
						resumedWithChanges.incrementAndGet();
					}
					received.forEach((event) -> view.apply(event.event(), TestHttp.json(event.data())));
				}
			}
			writer.stop();
			long last = TestHttp.json(http.get(STREAM)).get("version").asLong();
			try (SseClient client = SseClient.open(http.client, http.uri(STREAM + "/events"),
					Map.of("Last-Event-ID", String.valueOf(view.version())))) {
				await().atMost(Duration.ofSeconds(20))
					.until(() -> client.events.stream().anyMatch((event) -> event.version() == last)
							|| view.version() == last);
				client.events.forEach((event) -> view.apply(event.event(), TestHttp.json(event.data())));
			}
			assertThat(view.violations()).isEmpty();
			assertThat(view.version()).isEqualTo(last);
			assertThat(view.state().get("text").asString())
				.isEqualTo(TestHttp.json(http.get(STREAM)).get("state").get("text").asString());
			System.out.printf("reliability: SSE cut %d times: %d resumed with the missed changes, %d with a snapshot%n",
					CUTS, resumedWithChanges.get(), view.snapshots() - 1);
			// a client that goes away mid-write is not a server error (it raced with the
			// container's error dispatch and logged "Missing result context")
			assertThat(output.getOut() + output.getErr()).doesNotContain("Missing result context")
				.doesNotContain("threw exception");
		}
	}

	@Test
	void webSocketClientCutOffMidStreamResumesWithoutAGapOrFromASnapshot() throws Exception {
		TestHttp http = new TestHttp(this.port);
		ClientView view = new ClientView((state) -> state.containsKey("text"));
		AtomicInteger resumedWithChanges = new AtomicInteger();
		URI ws = URI.create("ws://localhost:" + this.port + "/philjs/ws");
		try (Writer writer = new Writer(http)) {
			for (int cut = 0; cut <= CUTS; cut++) {
				long resumedFrom = view.version();
				TestSocket socket = TestSocket.open(ws);
				try {
					socket.send("{\"type\":\"subscribe\",\"id\":\"s\",\"store\":\"stream\""
							+ ((resumedFrom > 0) ? ",\"lastVersion\":" + resumedFrom : "") + "}");
					int target = 5 + cut % 10;
					await().atMost(Duration.ofSeconds(20)).until(() -> frames(socket).size() >= target);
				}
				finally {
					socket.abort();
				}
				List<JsonNode> received = frames(socket);
				if (resumedFrom > 0 && received.get(0).get("type").asString().equals("change")) {
					resumedWithChanges.incrementAndGet();
				}
				received.forEach((frame) -> view.apply(frame.get("type").asString(), frame));
			}
			writer.stop();
			long last = TestHttp.json(http.get(STREAM)).get("version").asLong();
			try (TestSocket socket = TestSocket.open(ws)) {
				socket.request("s", "{\"type\":\"subscribe\",\"id\":\"s\",\"store\":\"stream\",\"lastVersion\":"
						+ view.version() + "}");
				if (view.version() != last) {
					socket.await((frame) -> frame.path("version").asLong() == last && frame.has("store"));
				}
				frames(socket).forEach((frame) -> view.apply(frame.get("type").asString(), frame));
			}
			assertThat(view.violations()).isEmpty();
			assertThat(view.version()).isEqualTo(last);
			System.out.printf(
					"reliability: WebSocket cut %d times: %d resumed with the missed changes, %d with a snapshot%n",
					CUTS, resumedWithChanges.get(), view.snapshots() - 1);
		}
	}

	private static List<JsonNode> frames(TestSocket socket) {
		return socket.all((frame) -> frame.has("store")
				&& (frame.get("type").asString().equals("snapshot") || frame.get("type").asString().equals("change")));
	}

	/** Writes the stream's text over HTTP in a loop until stopped. */
	static final class Writer implements AutoCloseable {

		private final Thread thread;

		private volatile boolean running = true;

		Writer(TestHttp http) {
			this.thread = new Thread(() -> {
				int i = 0;
				while (this.running) {
					try {
						http.put(STREAM + "/signals/text", "\"t" + (i++) + "\"");
					}
					catch (Exception ex) {
						return;
					}
				}
			}, "stream-writer");
			this.thread.setDaemon(true);
			this.thread.start();
		}

		void stop() throws InterruptedException {
			this.running = false;
			this.thread.join(30_000);
		}

		@Override
		public void close() throws InterruptedException {
			stop();
		}

	}

}
