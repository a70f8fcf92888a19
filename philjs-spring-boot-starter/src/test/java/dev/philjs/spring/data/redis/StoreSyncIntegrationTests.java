package dev.philjs.spring.data.redis;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.philjs.spring.Concurrently;
import dev.philjs.spring.data.redis.SyncTestApplication.BoardStore;
import dev.philjs.spring.store.StoreRegistry;
import dev.philjs.spring.store.StoreScopeKey;
import dev.philjs.spring.store.StoreSync;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import static dev.philjs.spring.data.redis.SyncTestApplication.WAIT;
import static dev.philjs.spring.data.redis.SyncTestApplication.board;
import static dev.philjs.spring.data.redis.SyncTestApplication.port;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Shared stores replicated between instances through a real Redis: each test starts two
 * or three instances of {@link SyncTestApplication} (separate application contexts on
 * random ports, one Redis, a random key prefix) and checks what the other instances see.
 */
class StoreSyncIntegrationTests {

	private final List<ConfigurableApplicationContext> instances = new ArrayList<>();

	private final JsonMapper json = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newHttpClient();

	private RedisStandaloneConfiguration redis;

	private String prefix;

	@BeforeEach
	void redis() {
		this.redis = TestRedis.shared();
		this.prefix = TestRedis.randomPrefix();
	}

	@AfterEach
	void stop() {
		for (ConfigurableApplicationContext instance : this.instances) {
			instance.close();
		}
		LettuceConnectionFactory factory = TestRedis.connectionFactory(this.redis, Duration.ofSeconds(2));
		try {
			StringRedisTemplate template = new StringRedisTemplate(factory);
			template.afterPropertiesSet();
			template.delete(template.keys(this.prefix + "*"));
		}
		catch (RuntimeException ex) {
			// a test that used its own Redis leaves nothing in the shared one
		}
		finally {
			factory.destroy();
		}
	}

	private ConfigurableApplicationContext start(RedisStandaloneConfiguration redis) {
		ConfigurableApplicationContext context = SyncTestApplication.start(redis, this.prefix);
		this.instances.add(context);
		return context;
	}

	@Test
	void sseClientOnOneInstanceSeesAWriteMadeOverHttpOnAnother() throws Exception {
		ConfigurableApplicationContext a = start(this.redis);
		ConfigurableApplicationContext b = start(this.redis);
		List<JsonNode> events = new CopyOnWriteArrayList<>();
		CountDownLatch snapshot = new CountDownLatch(1);
		HttpResponse<InputStream> stream = this.http
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port(b) + "/philjs/stores/board/events"))
				.header("Accept", "text/event-stream")
				.build(), HttpResponse.BodyHandlers.ofInputStream());
		assertThat(stream.statusCode()).isEqualTo(200);
		Thread reader = new Thread(() -> readEvents(stream.body(), events, snapshot), "sync-test-sse");
		reader.setDaemon(true);
		reader.start();
		try {
			assertThat(snapshot.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
			HttpResponse<String> put = this.http.send(HttpRequest
				.newBuilder(URI.create("http://localhost:" + port(a) + "/philjs/stores/board/signals/title"))
				.header("Content-Type", "application/json")
				.PUT(HttpRequest.BodyPublishers.ofString("\"written on A\""))
				.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(put.statusCode()).isEqualTo(200);
			await().atMost(WAIT)
				.until(() -> events.stream()
					.anyMatch((event) -> "written on A".equals(event.path("changes").path("title").asString(null))));
			assertThat(board(b).title.get()).isEqualTo("written on A");
		}
		finally {
			stream.body().close();
		}
	}

	/** Reads SSE {@code data} lines as JSON; counts down on the first one. */
	private void readEvents(InputStream body, List<JsonNode> events, CountDownLatch first) {
		try (var lines = new java.io.BufferedReader(new java.io.InputStreamReader(body, StandardCharsets.UTF_8))) {
			String line;
			while ((line = lines.readLine()) != null) {
				if (line.startsWith("data:")) {
					events.add(this.json.readTree(line.substring(5).trim()));
					first.countDown();
				}
			}
		}
		catch (java.io.IOException ex) {
			// closed by the test
		}
	}

	@Test
	void concurrentSeededWritesOnTwoInstancesConvergeToTheSameValues() throws Exception {
		ConfigurableApplicationContext a = start(this.redis);
		ConfigurableApplicationContext b = start(this.redis);
		BoardStore boardA = board(a);
		BoardStore boardB = board(b);
		Concurrently.run(4, WAIT, (w) -> {
			BoardStore board = (w % 2 == 0) ? boardA : boardB;
			Random random = new Random(42 + w);
			String writer = "w" + w;
			for (int i = 0; i < 300; i++) {
				board.count.set(random.nextInt(1_000_000));
				board.title.set(writer + "-" + i);
				if (i % 50 == 0) {
					board.note(writer + "-" + i);
				}
			}
		});
		await().atMost(WAIT)
			.until(() -> Objects.equals(boardA.count.get(), boardB.count.get())
					&& Objects.equals(boardA.title.get(), boardB.title.get())
					&& Objects.equals(boardA.notes.get(), boardB.notes.get()));
		assertThat(boardA.title.get()).matches("w[0-3]-\\d+");
		assertThat(boardA.doubled.get()).isEqualTo(boardB.doubled.get()).isEqualTo(boardA.count.get() * 2);
		assertThat(latestPayload(this.redis, "store/board/title")).isEqualTo("\"" + boardA.title.get() + "\"");
		assertThat(latestPayload(this.redis, "store/board/count")).isEqualTo(boardA.count.get().toString());
		StoreSync syncA = a.getBean(StoreRegistry.class).sync();
		StoreSync syncB = b.getBean(StoreRegistry.class).sync();
		assertThat(syncA).isNotNull();
		assertThat(syncB).isNotNull();
		assertThat(syncA.appliedCount() + syncB.appliedCount()).as("changes applied from the other instance")
			.isPositive();
	}

	@Test
	void concurrentAdditionsOnTwoInstancesToAMergedSignalAreAllKept() throws Exception {
		ConfigurableApplicationContext a = start(this.redis);
		ConfigurableApplicationContext b = start(this.redis);
		Set<String> written = ConcurrentHashMap.newKeySet();
		Concurrently.run(4, WAIT, (w) -> {
			BoardStore board = board((w % 2 == 0) ? a : b);
			for (int i = 0; i < 100; i++) {
				String tag = "w" + w + "-" + i;
				board.tag(tag);
				written.add(tag);
			}
		});
		List<String> all = written.stream().sorted().toList();
		assertThat(all).hasSize(400);
		await().atMost(WAIT)
			.untilAsserted(() -> assertThat(List.of(board(a).tags.get(), board(b).tags.get()))
				.allSatisfy((tags) -> assertThat(tags).as("every tag of both instances, in order").isEqualTo(all)));
		await().atMost(WAIT)
			.untilAsserted(() -> assertThat(latestPayload(this.redis, "store/board/tags"))
				.as("the greatest change in Redis holds them all")
				.isEqualTo(this.json.writeValueAsString(all)));
		BoardStore late = board(start(this.redis));
		assertThat(late.tags.get()).as("an instance started afterwards").isEqualTo(all);
	}

	@Test
	void countsChangedAtOnceOnTwoInstancesAreAllCounted() throws Exception {
		ConfigurableApplicationContext a = start(this.redis);
		ConfigurableApplicationContext b = start(this.redis);
		Concurrently.run(4, WAIT, (w) -> {
			BoardStore board = board((w % 2 == 0) ? a : b);
			for (int i = 0; i < 100; i++) {
				board.like((i % 5 == 4) ? -1 : 1);
			}
		});
		await().atMost(WAIT)
			.untilAsserted(() -> assertThat(List.of(board(a).likeCount.get(), board(b).likeCount.get()))
				.as("4 writers, 80 likes and 20 unlikes each")
				.containsExactly(240L, 240L));
		assertThat(board(a).likes.get().added()).as("one entry per instance").hasSize(2);
		await().atMost(WAIT)
			.untilAsserted(() -> assertThat(latestPayload(this.redis, "store/board/likes"))
				.as("the greatest change in Redis holds every count")
				.isEqualTo(this.json.writeValueAsString(board(a).likes.get())));
		BoardStore late = board(start(this.redis));
		assertThat(late.likeCount.get()).as("an instance started afterwards").isEqualTo(240L);
		late.like(1);
		await().atMost(WAIT).until(() -> board(a).likeCount.get() == 241L && board(b).likeCount.get() == 241L);
	}

	@Test
	void instanceStartedAfterWritesStartsFromTheSharedStateAndFollowsLaterWrites() {
		ConfigurableApplicationContext a = start(this.redis);
		board(a).title.set("before C");
		board(a).note("first");
		board(a).count.set(7);
		await().atMost(WAIT).until(() -> "7".equals(latestPayload(this.redis, "store/board/count")));
		ConfigurableApplicationContext c = start(this.redis);
		BoardStore boardC = board(c);
		assertThat(boardC.title.get()).isEqualTo("before C");
		assertThat(boardC.notes.get()).containsExactly("first");
		assertThat(boardC.count.get()).isEqualTo(7);
		assertThat(c.getBean(StoreRegistry.class).existingInstance("board", StoreScopeKey.NONE).snapshot().values())
			.containsEntry("count", 7)
			.containsEntry("doubled", 14);
		board(a).count.set(8);
		await().atMost(WAIT).until(() -> boardC.count.get() == 8);
		boardC.title.set("from C");
		await().atMost(WAIT).until(() -> "from C".equals(board(a).title.get()));
	}

	@Test
	void instancesCutOffFromRedisCatchUpWhenItComesBackEmpty() {
		try (StoppableRedis own = new StoppableRedis().start()) {
			try {
				cutOffAndCatchUp(own);
			}
			finally {
				// before the Redis stops for good
				for (ConfigurableApplicationContext instance : this.instances) {
					instance.close();
				}
				this.instances.clear();
			}
		}
	}

	private void cutOffAndCatchUp(StoppableRedis own) {
		ConfigurableApplicationContext a = start(own.configuration());
		ConfigurableApplicationContext b = start(own.configuration());
		BoardStore boardA = board(a);
		BoardStore boardB = board(b);
		boardA.title.set("before the cut");
		await().atMost(WAIT).until(() -> "before the cut".equals(boardB.title.get()));
		RedisChannel channelA = a.getBean(RedisChannel.class);
		RedisChannel channelB = b.getBean(RedisChannel.class);

		own.stop();
		boardA.title.set("written on A while cut off");
		boardB.count.set(42);
		await().atMost(WAIT).until(() -> !channelA.isConnected() && !channelB.isConnected());
		assertThat(boardB.title.get()).isEqualTo("before the cut");
		assertThat(boardA.count.get()).isZero();

		own.start();
		await().atMost(WAIT)
			.until(() -> "written on A while cut off".equals(boardB.title.get()) && boardA.count.get() == 42);
		await().atMost(WAIT).until(() -> channelA.isConnected() && channelB.isConnected());
		assertThat(channelA.pendingCount()).isZero();

		ConfigurableApplicationContext c = start(own.configuration());
		assertThat(board(c).title.get()).as("republished into the emptied Redis")
			.isEqualTo("written on A while cut off");
		assertThat(board(c).count.get()).isEqualTo(42);

		boardB.title.set("after the cut");
		await().atMost(WAIT)
			.until(() -> "after the cut".equals(boardA.title.get()) && "after the cut".equals(board(c).title.get()));
	}

	private String latestPayload(RedisStandaloneConfiguration redis, String key) {
		LettuceConnectionFactory factory = TestRedis.connectionFactory(redis, Duration.ofSeconds(2));
		try {
			StringRedisTemplate template = new StringRedisTemplate(factory);
			template.afterPropertiesSet();
			Object payload = template.opsForHash().get(this.prefix + "latest:" + key, "payload");
			return (payload != null) ? payload.toString() : null;
		}
		finally {
			factory.destroy();
		}
	}

}
