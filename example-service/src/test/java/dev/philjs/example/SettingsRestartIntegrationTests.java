package dev.philjs.example;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The settings survive a restart: the service is run twice on one file storage, and a
 * theme written over HTTP in the first run is what the second run starts with (pending
 * writes are flushed when the first run stops, whatever the debounce).
 */
class SettingsRestartIntegrationTests {

	private final HttpClient http = HttpClient.newHttpClient();

	@Test
	void themeWrittenBeforeAStopIsThereAfterTheRestart(@TempDir Path directory) throws Exception {
		try (ConfigurableApplicationContext first = start(directory)) {
			HttpResponse<String> response = this.http
				.send(HttpRequest.newBuilder(uri(first, "/philjs/stores/settings/signals/theme"))
					.header("Content-Type", "application/json")
					.PUT(HttpRequest.BodyPublishers.ofString("\"DARK\""))
					.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		}
		try (ConfigurableApplicationContext second = start(directory)) {
			HttpResponse<String> snapshot = this.http.send(
					HttpRequest.newBuilder(uri(second, "/philjs/stores/settings")).build(),
					HttpResponse.BodyHandlers.ofString());
			assertThat(snapshot.body()).contains("\"theme\":\"DARK\"");
		}
	}

	private static ConfigurableApplicationContext start(Path directory) {
		return new SpringApplicationBuilder(ExampleApplication.class).run("--server.port=0",
				"--philjs.persistence.type=file", "--philjs.persistence.directory=" + directory,
				"--philjs.persistence.debounce=1h");
	}

	private static URI uri(ConfigurableApplicationContext context, String path) {
		int port = ((WebServerApplicationContext) context).getWebServer().getPort();
		return URI.create("http://127.0.0.1:" + port + path);
	}

}
