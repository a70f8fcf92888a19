package dev.philjs.spring.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.LongStream;

import dev.philjs.core.Effect;
import dev.philjs.core.Reactive;
import dev.philjs.spring.client.ClientTestApplication.Board;
import dev.philjs.spring.client.ClientTestApplication.Client;
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
 * Dropped streams (the server ends every stream after one second) are resumed with
 * {@code Last-Event-ID}: every version reaches the local state exactly once, with one
 * snapshot only.
 */
@SpringBootTest(classes = ClientTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "philjs.web.sse.timeout=1s", "philjs.web.sse.heartbeat=0s", "philjs.web.sse.retry=0s" })
class RemoteStoreResumeIntegrationTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	@LocalServerPort
	int port;

	@Autowired
	StoreRegistry registry;

	@Test
	void streamsEndedByTheServerAreResumedWithoutGapOrDuplicate() {
		StoreInstance instance = this.registry.instance("resume", StoreScopeKey.NONE);
		Board board = (Board) instance.target();
		try (Client client = new Client(this.port, Duration.ofMillis(20), Duration.ofMillis(200));
				RemoteStore remote = client.stores.connect("resume")) {
			List<Long> versions = new CopyOnWriteArrayList<>();
			Effect effect = Reactive.effect(() -> versions.add(remote.version().get()));
			try {
				await().atMost(WAIT).until(() -> remote.version().peek() == instance.version());
				int writes = 0;
				while (remote.connectionCount() < 4 || writes < 20) {
					board.count.set(++writes);
					await().atMost(WAIT).until(() -> remote.version().peek() == instance.version());
				}
				assertThat(remote.snapshotCount()).isEqualTo(1);
				assertConsecutive(versions, instance.version());
				assertThat(remote.signal("count", Integer.class).peek()).isEqualTo(writes);
			}
			finally {
				effect.dispose();
			}
		}
	}

	@Test
	void changesMadeWhileDisconnectedAreReceivedOnResume() {
		StoreInstance instance = this.registry.instance("paused", StoreScopeKey.NONE);
		Board board = (Board) instance.target();
		// a backoff far longer than the test: it reconnects only when told to
		try (Client client = new Client(this.port, Duration.ofHours(1), Duration.ofHours(1));
				RemoteStore remote = client.stores.connect("paused")) {
			List<Long> versions = new CopyOnWriteArrayList<>();
			Effect effect = Reactive.effect(() -> versions.add(remote.version().get()));
			try {
				await().atMost(WAIT).until(() -> remote.connected().peek());
				await().atMost(WAIT).until(() -> !remote.connected().peek());
				for (int i = 1; i <= 10; i++) {
					board.count.set(i);
				}
				board.label.set("while away");
				remote.reconnectNow();
				await().atMost(WAIT).until(() -> remote.version().peek() == instance.version());
				assertThat(remote.connectionCount()).isEqualTo(2);
				assertThat(remote.snapshotCount()).isEqualTo(1);
				assertConsecutive(versions, instance.version());
				assertThat(remote.signal("count", Integer.class).peek()).isEqualTo(10);
				assertThat(remote.signal("label", String.class).peek()).isEqualTo("while away");
				assertThat(remote.error().peek()).isEmpty();
			}
			finally {
				effect.dispose();
			}
		}
	}

	/** The effect saw 0, then the snapshot's version, then every later version once. */
	static void assertConsecutive(List<Long> versions, long last) {
		assertThat(versions.get(0)).isZero();
		long first = versions.get(1);
		List<Long> expected = new ArrayList<>(List.of(0L));
		LongStream.rangeClosed(first, last).forEach(expected::add);
		assertThat(versions).containsExactlyElementsOf(expected);
	}

}
