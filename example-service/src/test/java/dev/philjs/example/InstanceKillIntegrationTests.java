package dev.philjs.example;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.philjs.spring.data.redis.TestRedis;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An instance killed: instance A runs in a process of its own (the test's class path, the
 * {@code redis} profile) and is killed with SIGKILL in the middle of a write load;
 * instance B, in this JVM, answers every request throughout, and A started again catches
 * up with everything B acknowledged meanwhile and converges to B's state.
 */
class InstanceKillIntegrationTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final RedisStandaloneConfiguration redis = TestRedis.shared();

	private final String prefix = TestRedis.randomPrefix();

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private final List<Process> processes = new ArrayList<>();

	private ConfigurableApplicationContext b;

	@AfterEach
	void stopEverythingAndRemoveKeys() {
		this.processes.forEach(Process::destroyForcibly);
		if (this.b != null) {
			this.b.close();
		}
		TestRedis.deleteKeys(this.redis, this.prefix);
	}

	private String[] arguments(int port) {
		return new String[] { "--spring.profiles.active=redis", "--server.port=" + port,
				"--spring.data.redis.host=" + this.redis.getHostName(),
				"--spring.data.redis.port=" + this.redis.getPort(), "--philjs.persistence.key-prefix=" + this.prefix,
				"--philjs.sync.key-prefix=" + this.prefix + "sync:" };
	}

	/** Starts instance A as a process of its own and waits until it serves. */
	private URI startProcess(int port, Path log) throws Exception {
		List<String> command = new ArrayList<>(
				List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m", "-cp",
						System.getProperty("java.class.path"), ExampleApplication.class.getName()));
		command.addAll(List.of(arguments(port)));
		Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		this.processes.add(process);
		URI base = URI.create("http://127.0.0.1:" + port);
		await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).until(() -> {
			assertThat(process.isAlive()).as("instance A exited: %s", Files.readString(log)).isTrue();
			return status(base.resolve("/actuator/health")) == 200;
		});
		return base;
	}

	private int status(URI uri) {
		try {
			return this.http
				.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).build(),
						HttpResponse.BodyHandlers.discarding())
				.statusCode();
		}
		catch (IOException | InterruptedException ex) {
			return -1;
		}
	}

	private HttpResponse<String> addTodo(URI base, String text) throws Exception {
		return this.http.send(HttpRequest.newBuilder(base.resolve("/philjs/stores/todos/actions/add"))
			.header("Content-Type", "application/json")
			.timeout(Duration.ofSeconds(5))
			.POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"" + text + "\"}"))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private List<String> todos(URI base) throws Exception {
		HttpResponse<String> response = this.http.send(
				HttpRequest.newBuilder(base.resolve("/philjs/stores/todos")).timeout(Duration.ofSeconds(5)).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		List<String> texts = new ArrayList<>();
		for (JsonNode todo : JSON.readTree(response.body()).get("state").get("todos")) {
			texts.add(todo.get("text").asString());
		}
		return texts;
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	@Test
	void killedInstanceLeavesTheOthersServingAndCatchesUpWhenStartedAgain(@TempDir Path logs) throws Exception {
		int portA = freePort();
		URI a = startProcess(portA, logs.resolve("a.log"));
		this.b = new SpringApplicationBuilder(ExampleApplication.class).run(arguments(0));
		URI b = URI.create("http://127.0.0.1:" + ((WebServerApplicationContext) this.b).getWebServer().getPort());

		for (int i = 0; i < 20; i++) {
			assertThat(addTodo(a, "a" + i).statusCode()).isEqualTo(200);
		}
		await().atMost(Duration.ofSeconds(20)).until(() -> todos(b).size() == 20);

		Process killed = this.processes.get(0);
		List<String> acknowledgedByB = new ArrayList<>();
		int answeredByB = 0;
		for (int i = 0; i < 60; i++) {
			if (i == 10) {
				killed.destroyForcibly();
			}
			HttpResponse<String> response = addTodo(b, "b" + i);
			assertThat(response.statusCode()).as("B answers while A dies").isEqualTo(200);
			acknowledgedByB.add("b" + i);
			answeredByB++;
		}
		assertThat(killed.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
		assertThat(status(a.resolve("/actuator/health"))).as("A is gone").isEqualTo(-1);

		URI restarted = startProcess(portA, logs.resolve("a2.log"));
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(todos(restarted)).isEqualTo(todos(b)));
		assertThat(todos(restarted)).containsAll(acknowledgedByB).hasSize(80);
		System.out.printf("reliability: instance killed mid-load; the other answered %d of %d writes; "
				+ "the restarted one converged on %d todos%n", answeredByB, 60, todos(restarted).size());
	}

}
