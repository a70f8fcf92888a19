package dev.philjs.spring.client;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import dev.philjs.core.Effect;
import dev.philjs.core.Reactive;
import dev.philjs.spring.client.ClientTestApplication.Board;
import dev.philjs.spring.client.ClientTestApplication.Client;
import dev.philjs.spring.store.StoreInstance;
import dev.philjs.spring.store.StoreRegistry;
import dev.philjs.spring.store.StoreScopeKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The remote store client against a real server: snapshot and changes as local signals,
 * action calls and signal writes with their error mapping, and a clean close.
 */
@SpringBootTest(classes = ClientTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "philjs.web.sse.heartbeat=0s", "philjs.web.sse.retry=0s" })
class RemoteStoreIntegrationTests {

	private static final Duration WAIT = Duration.ofSeconds(20);

	@LocalServerPort
	int port;

	@Autowired
	StoreRegistry registry;

	Client client;

	@BeforeEach
	void client() {
		this.client = new Client(this.port, Duration.ofMillis(50), Duration.ofMillis(500));
	}

	@AfterEach
	void stop() {
		this.client.close();
	}

	@Test
	void snapshotThenChangesArriveAsLocalSignalValuesSeenByAnEffect() {
		Board board = ClientTestApplication.board(this.registry, "ticker");
		board.label.set("first");
		try (RemoteStore remote = this.client.stores.connect("ticker")) {
			List<Integer> counts = new CopyOnWriteArrayList<>();
			List<String> labels = new CopyOnWriteArrayList<>();
			Effect effect = Reactive.effect(() -> {
				counts.add(remote.signal("count", Integer.class).get());
				labels.add(remote.signal("label", String.class).get());
			});
			try {
				await().atMost(WAIT)
					.until(() -> remote.connected().peek() && "first".equals(labels.get(labels.size() - 1)));
				assertThat(remote.state().peek().path("label").asString()).isEqualTo("first");
				assertThat(remote.version().peek()).isEqualTo(versionOf("ticker"));
				board.count.set(1);
				board.count.set(2);
				board.label.set("second");
				await().atMost(WAIT).until(() -> remote.version().peek() == versionOf("ticker"));
				assertThat(counts).containsSubsequence(0, 1, 2).endsWith(2);
				assertThat(labels).endsWith("second");
				assertThat(remote.signal("count", Integer.class)).isSameAs(remote.signal("count", Integer.class));
				assertThat(remote.signal("missing", String.class).peek()).isNull();
				assertThat(remote.error().peek()).isEmpty();
				assertThat(remote.snapshotCount()).isEqualTo(1);
			}
			finally {
				effect.dispose();
			}
		}
	}

	@Test
	void callReturnsTheResultAndVersionAndTheChangeReachesTheLocalState() throws Exception {
		try (RemoteStore remote = this.client.stores.connect("desk")) {
			await().atMost(WAIT).until(() -> remote.connected().peek());
			RemoteResult byName = remote.call("add", Map.of("amount", 5)).get(20, TimeUnit.SECONDS);
			RemoteResult byPosition = remote.call("add", List.of(2)).get(20, TimeUnit.SECONDS);
			assertThat(byName.result().asInt()).isEqualTo(board("desk").count.peek() - 2);
			assertThat(byPosition.result().asInt()).isEqualTo(board("desk").count.peek());
			assertThat(byPosition.version()).isEqualTo(versionOf("desk"));
			await().atMost(WAIT).until(() -> remote.version().peek() == byPosition.version());
			assertThat(remote.signal("count", Integer.class).peek()).isEqualTo(board("desk").count.peek());
			assertThat(remote.signal("total", Long.class).peek()).isEqualTo(board("desk").total.peek().longValue());
		}
	}

	@Test
	void setWritesWithAndWithoutIfMatchAndAStaleVersionFailsWith412() throws Exception {
		try (RemoteStore remote = this.client.stores.connect("desk")) {
			long before = versionOf("desk");
			long after = remote.set("label", "hello", before).get(20, TimeUnit.SECONDS);
			assertThat(after).isEqualTo(before + 1);
			assertThat(board("desk").label.peek()).isEqualTo("hello");
			assertThat(remote.set("label", "unconditional", null).get(20, TimeUnit.SECONDS)).isEqualTo(after + 1);
			assertRemoteError(remote.set("label", "stale", before), 412, "version_conflict");
			assertThat(board("desk").label.peek()).isEqualTo("unconditional");
			await().atMost(WAIT).until(() -> "unconditional".equals(remote.signal("label", String.class).peek()));
		}
	}

	@Test
	void errorsMapToRemoteStoreExceptionsWithStatusAndCode() {
		try (RemoteStore remote = this.client.stores.connect("desk")) {
			long before = versionOf("desk");
			assertRemoteError(remote.call("nope", null), 404, "unknown_action");
			assertRemoteError(remote.set("total", 99, null), 403, "forbidden");
			assertRemoteError(remote.set("nope", 1, null), 404, "unknown_signal");
			assertRemoteError(remote.set("count", "not a number", null), 400, "bad_request");
			assertRemoteError(remote.call("add", Map.of("amount", 1), before - 1), 412, "version_conflict");
			assertThat(versionOf("desk")).isEqualTo(before);
		}
	}

	@Test
	void theRequestTimeoutBoundsTheWaitForHeadersNotTheStream() {
		RemoteStores stores = this.client.stores.withRequestTimeout(Duration.ofMillis(300));
		try (RemoteStore remote = stores.connect("ticker")) {
			await().atMost(WAIT).until(() -> remote.connected().peek());
			await().during(Duration.ofSeconds(1))
				.atMost(WAIT)
				.until(() -> remote.connected().peek() && remote.connectionCount() == 1);
			assertThat(remote.error().peek()).isEmpty();
		}
	}

	@Test
	void unknownStoreReportsTheErrorAndKeepsRetrying() {
		try (RemoteStore remote = this.client.stores.connect("no-such-store")) {
			await().atMost(WAIT).until(() -> remote.error().peek().isPresent() && remote.connectionCount() >= 2);
			assertThat(remote.error().peek().get()).isInstanceOfSatisfying(RemoteStoreException.class, (ex) -> {
				assertThat(ex.status()).isEqualTo(404);
				assertThat(ex.code()).isEqualTo("unknown_store");
			});
			assertThat(remote.connected().peek()).isFalse();
			assertThat(remote.version().peek()).isZero();
		}
	}

	@Test
	void closeEndsTheStreamAndLeavesNothingRunning() {
		StoreInstance instance = this.registry.instance("closing", StoreScopeKey.NONE);
		RemoteStore remote = this.client.stores.connect("closing");
		await().atMost(WAIT).until(() -> remote.connected().peek() && remote.version().peek() > 0);
		assertThat(instance.subscriberCount()).isEqualTo(1);
		remote.close();
		await().atMost(WAIT).until(() -> !remote.connected().peek());
		long version = remote.version().peek();
		// the server notices a closed stream at its next write
		board("closing").count.update((c) -> c + 1);
		await().atMost(WAIT).until(() -> {
			board("closing").label.update((l) -> l + "x");
			return instance.subscriberCount() == 0;
		});
		assertThat(remote.version().peek()).isEqualTo(version);
		await().atMost(WAIT)
			.until(() -> this.client.executor.getQueue().isEmpty() && this.client.executor.getActiveCount() == 0);
		assertThat(remote.connectionCount()).isEqualTo(1);
		assertThatThrownBy(() -> remote.call("add", List.of(1)).get()).hasCauseInstanceOf(IllegalStateException.class);
	}

	private Board board(String name) {
		return ClientTestApplication.board(this.registry, name);
	}

	private long versionOf(String name) {
		return this.registry.instance(name, StoreScopeKey.NONE).version();
	}

	static void assertRemoteError(CompletableFuture<?> future, int status, String code) {
		assertThatThrownBy(() -> future.get(20, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
			.cause()
			.isInstanceOfSatisfying(RemoteStoreException.class, (ex) -> {
				assertThat(ex.status()).isEqualTo(status);
				assertThat(ex.code()).isEqualTo(code);
			});
	}

}
