package dev.philjs.example;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.philjs.spring.Concurrently;
import dev.philjs.spring.data.redis.TestRedis;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The {@code redis} profile as the README runs it: two instances of the example service
 * on one Redis. A todo added through instance A reaches an SSE client of instance B, a
 * chat message sent through B is in A's state, and the settings written through A are
 * what a third instance, started afterwards, begins with. Chat messages posted through
 * both instances at the same moment are all kept (and all counted), and so are todos
 * added, toggled and removed, and notifications pushed and dismissed, at once through
 * both (these stores merge concurrent writes).
 */
class TwoInstancesRedisIntegrationTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final RedisStandaloneConfiguration redis = TestRedis.shared();

	private final String prefix = TestRedis.randomPrefix();

	private final List<ConfigurableApplicationContext> instances = new ArrayList<>();

	private final HttpClient http = HttpClient.newHttpClient();

	@AfterEach
	void stopInstancesAndRemoveKeys() {
		this.instances.forEach(ConfigurableApplicationContext::close);
		TestRedis.deleteKeys(this.redis, this.prefix);
	}

	private ConfigurableApplicationContext start(String... more) {
		List<String> args = new ArrayList<>(List.of("--server.port=0",
				"--spring.data.redis.host=" + this.redis.getHostName(),
				"--spring.data.redis.port=" + this.redis.getPort(), "--philjs.persistence.key-prefix=" + this.prefix,
				"--philjs.persistence.debounce=50ms", "--philjs.sync.key-prefix=" + this.prefix + "sync:"));
		args.addAll(List.of(more));
		ConfigurableApplicationContext instance = new SpringApplicationBuilder(ExampleApplication.class)
			.profiles("redis")
			.run(args.toArray(String[]::new));
		this.instances.add(instance);
		return instance;
	}

	/** Calls an action over HTTP, checks that it succeeded, and returns its result. */
	private JsonNode act(ConfigurableApplicationContext instance, String store, String action, String body)
			throws Exception {
		HttpResponse<String> response = send(instance, "POST", "/philjs/stores/" + store + "/actions/" + action, body);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return JSON.readTree(response.body()).path("result");
	}

	private static URI uri(ConfigurableApplicationContext instance, String path) {
		int port = ((WebServerApplicationContext) instance).getWebServer().getPort();
		return URI.create("http://127.0.0.1:" + port + path);
	}

	private HttpResponse<String> send(ConfigurableApplicationContext instance, String method, String path, String body)
			throws Exception {
		return this.http.send(HttpRequest.newBuilder(uri(instance, path))
			.header("Content-Type", "application/json")
			.method(method, HttpRequest.BodyPublishers.ofString(body))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private JsonNode state(ConfigurableApplicationContext instance, String store) throws Exception {
		HttpResponse<String> response = this.http.send(
				HttpRequest.newBuilder(uri(instance, "/philjs/stores/" + store)).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return JSON.readTree(response.body()).get("state");
	}

	@Test
	void todosChatAndSettingsAreSharedThroughRedis() throws Exception {
		ConfigurableApplicationContext a = start();
		ConfigurableApplicationContext b = start();
		try (SseReader todosOnB = SseReader.open(this.http, uri(b, "/philjs/stores/todos/events"))) {
			act(a, "todos", "add", "{\"text\":\"from A\"}");
			await().atMost(Duration.ofSeconds(20))
				.until(() -> todosOnB.state().path("todos").toString().contains("from A"));
		}

		act(b, "chat", "send", "{\"author\":\"Bea\",\"text\":\"hello from B\"}");
		await().atMost(Duration.ofSeconds(20))
			.until(() -> state(a, "chat").path("messages").toString().contains("hello from B"));

		HttpResponse<String> theme = send(a, "PUT", "/philjs/stores/settings/signals/theme", "\"DARK\"");
		assertThat(theme.statusCode()).as(theme.body()).isEqualTo(200);
		await().atMost(Duration.ofSeconds(20))
			.until(() -> TestRedis.withTemplate(this.redis,
					(template) -> "\"DARK\"".equals(template.opsForValue().get(this.prefix + "store/settings/theme"))));
		ConfigurableApplicationContext late = start();
		assertThat(state(late, "settings").path("theme").asString()).isEqualTo("DARK");
		assertThat(state(late, "todos").path("todos").toString()).contains("from A");
	}

	@Test
	void chatMessagesPostedAtOnceThroughBothInstancesAreAllKept() throws Exception {
		ConfigurableApplicationContext a = start();
		ConfigurableApplicationContext b = start();
		List<String> posted = new CopyOnWriteArrayList<>();
		Concurrently.run(4, Duration.ofSeconds(60), (p) -> {
			ConfigurableApplicationContext instance = (p % 2 == 0) ? a : b;
			String author = "poster" + p;
			for (int i = 0; i < 20; i++) {
				String text = author + " message " + i;
				act(instance, "chat", "send", "{\"author\":\"" + author + "\",\"text\":\"" + text + "\"}");
				posted.add(text);
			}
		});
		assertThat(posted).hasSize(80);
		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
			JsonNode onA = state(a, "chat").path("messages");
			JsonNode onB = state(b, "chat").path("messages");
			assertThat(onA.findValuesAsString("text")).as("every message on A")
				.containsExactlyInAnyOrderElementsOf(posted);
			assertThat(onB).as("B holds the same list, in the same order").isEqualTo(onA);
			assertThat(List.of(state(a, "chat").path("sent").asLong(), state(b, "chat").path("sent").asLong()))
				.as("the count of messages sent, on both")
				.containsExactly(80L, 80L);
		});
		assertThat(state(a, "chat").has("sentTally")).as("the per-instance counts stay hidden").isFalse();
	}

	@Test
	void todosAddedToggledAndRemovedAtOnceThroughBothInstancesAllTakeEffect() throws Exception {
		ConfigurableApplicationContext a = start();
		ConfigurableApplicationContext b = start();
		// 60 todos added by 4 threads, two through each instance
		List<String> ids = new CopyOnWriteArrayList<>();
		Concurrently.run(4, Duration.ofSeconds(60), (p) -> {
			ConfigurableApplicationContext instance = (p % 2 == 0) ? a : b;
			for (int i = 0; i < 15; i++) {
				JsonNode added = act(instance, "todos", "add", "{\"text\":\"todo " + p + "-" + i + "\"}");
				ids.add(added.path("id").asString());
			}
		});
		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> assertThat(List.of(todoIds(a), todoIds(b)))
				.allSatisfy((onOne) -> assertThat(onOne).containsExactlyInAnyOrderElementsOf(ids)));
		// then, at once, A removes half of them while B toggles the other half
		List<String> removed = ids.subList(0, 30);
		List<String> toggled = ids.subList(30, 60);
		Concurrently.run(2, Duration.ofSeconds(60), (p) -> {
			for (String id : (p == 0) ? removed : toggled) {
				act((p == 0) ? a : b, "todos", (p == 0) ? "remove" : "toggle", "{\"id\":\"" + id + "\"}");
			}
		});
		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
			JsonNode onA = state(a, "todos").path("todos");
			assertThat(todoIds(a)).containsExactlyInAnyOrderElementsOf(toggled);
			assertThat(onA.findValuesAsString("completed")).containsOnly("true");
			assertThat(state(b, "todos").path("todos")).as("B holds the same list").isEqualTo(onA);
		});
	}

	@Test
	void notificationsPushedAndDismissedAtOnceThroughBothInstancesAllTakeEffect() throws Exception {
		ConfigurableApplicationContext a = start();
		ConfigurableApplicationContext b = start();
		// 40 notifications pushed by 4 threads, two through each instance
		List<String> ids = new CopyOnWriteArrayList<>();
		Concurrently.run(4, Duration.ofSeconds(60), (p) -> {
			for (int i = 0; i < 10; i++) {
				JsonNode pushed = act((p % 2 == 0) ? a : b, "notifications", "push",
						"{\"level\":\"INFO\",\"text\":\"note " + p + "-" + i + "\"}");
				ids.add(pushed.path("id").asString());
			}
		});
		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> assertThat(List.of(notificationIds(a), notificationIds(b)))
				.allSatisfy((onOne) -> assertThat(onOne).containsExactlyInAnyOrderElementsOf(ids)));
		// then, at once, A dismisses 10 of them and B another 10
		Concurrently.run(2, Duration.ofSeconds(60), (p) -> {
			for (String id : ids.subList(p * 10, p * 10 + 10)) {
				act((p == 0) ? a : b, "notifications", "dismiss", "{\"id\":\"" + id + "\"}");
			}
		});
		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
			assertThat(notificationIds(a)).containsExactlyInAnyOrderElementsOf(ids.subList(20, 40));
			assertThat(state(b, "notifications").path("items")).as("B holds the same list")
				.isEqualTo(state(a, "notifications").path("items"));
			assertThat(state(b, "notifications").path("count").asInt()).isEqualTo(20);
		});
		assertThat(state(a, "notifications").has("entries")).as("the tombstones stay hidden").isFalse();
	}

	@Test
	void everyInstanceExpiresNotificationsAlsoThoseAnotherOnePushed() throws Exception {
		ConfigurableApplicationContext a = start("--example.notifications.ttl=5s");
		ConfigurableApplicationContext b = start("--example.notifications.ttl=5s");
		JsonNode pushed = act(a, "notifications", "push", "{\"level\":\"WARNING\",\"text\":\"from A\"}");
		String id = pushed.path("id").asString();
		await().atMost(Duration.ofSeconds(20)).until(() -> notificationIds(b).contains(id));
		a.close();
		await().atMost(Duration.ofSeconds(20)).until(() -> notificationIds(b).isEmpty());
	}

	private List<String> notificationIds(ConfigurableApplicationContext instance) throws Exception {
		return state(instance, "notifications").path("items").findValuesAsString("id");
	}

	private List<String> todoIds(ConfigurableApplicationContext instance) throws Exception {
		return state(instance, "todos").path("todos").findValuesAsString("id");
	}

}
