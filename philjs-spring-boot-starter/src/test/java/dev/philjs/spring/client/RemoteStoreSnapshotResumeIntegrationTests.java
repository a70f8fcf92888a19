package dev.philjs.spring.client;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.philjs.core.Effect;
import dev.philjs.core.Reactive;
import dev.philjs.spring.client.ClientTestApplication.Board;
import dev.philjs.spring.client.ClientTestApplication.Client;
import dev.philjs.spring.store.StoreInstance;
import dev.philjs.spring.store.StoreRegistry;
import dev.philjs.spring.store.StoreScopeKey;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A resume from a version the server no longer buffers (buffer of 4 changes) gets a fresh
 * snapshot, and the local state is then exactly the server's.
 */
@SpringBootTest(classes = ClientTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "philjs.stores.buffer-size=4", "philjs.web.sse.timeout=1s", "philjs.web.sse.heartbeat=0s",
				"philjs.web.sse.retry=0s" })
class RemoteStoreSnapshotResumeIntegrationTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	@LocalServerPort
	int port;

	@Autowired
	StoreRegistry registry;

	@Test
	void resumeFromAVersionNoLongerBufferedGetsASnapshotAndTheRightState() throws Exception {
		StoreInstance instance = this.registry.instance("paused", StoreScopeKey.NONE);
		Board board = (Board) instance.target();
		try (Client client = new Client(this.port, Duration.ofHours(1), Duration.ofHours(1));
				RemoteStore remote = client.stores.connect("paused")) {
			List<Long> versions = new CopyOnWriteArrayList<>();
			Effect effect = Reactive.effect(() -> versions.add(remote.version().get()));
			try {
				await().atMost(WAIT).until(() -> remote.connected().peek());
				long before = remote.version().peek();
				await().atMost(WAIT).until(() -> !remote.connected().peek());
				for (int i = 1; i <= 10; i++) {
					board.count.set(i);
				}
				board.label.set("after the gap");
				remote.reconnectNow();
				await().atMost(WAIT).until(() -> remote.version().peek() == instance.version());
				assertThat(remote.snapshotCount()).isEqualTo(2);
				assertThat(versions).containsExactly(0L, before, instance.version());
				HttpResponse<String> snapshot = client.http
					.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/philjs/stores/paused"))
						.build(), HttpResponse.BodyHandlers.ofString());
				JsonNode server = JsonMapper.builder().build().readTree(snapshot.body());
				assertThat(server.path("version").asLong()).isEqualTo(instance.version());
				assertThat(remote.state().peek()).isEqualTo(server.path("state"));
				assertThat(remote.signal("count", Integer.class).peek()).isEqualTo(10);
				assertThat(remote.signal("label", String.class).peek()).isEqualTo("after the gap");
			}
			finally {
				effect.dispose();
			}
		}
	}

}
