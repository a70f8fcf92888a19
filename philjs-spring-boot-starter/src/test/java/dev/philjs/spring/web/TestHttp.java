package dev.philjs.spring.web;

import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real HTTP client for the integration tests: one JDK {@link HttpClient} with its own
 * cookie manager (so one HTTP session), plus JSON parsing.
 */
public final class TestHttp {

	public static final JsonMapper MAPPER = JsonMapper.builder().build();

	public final HttpClient client;

	public final CookieManager cookies = new CookieManager();

	private final String base;

	public TestHttp(int port) {
		this.base = "http://localhost:" + port;
		this.client = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.cookieHandler(this.cookies)
			.connectTimeout(Duration.ofSeconds(5))
			.build();
	}

	public URI uri(String path) {
		return URI.create(this.base + path);
	}

	public String origin() {
		return this.base;
	}

	public HttpRequest.Builder request(String path) {
		return HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(20));
	}

	public HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
		return this.client.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	public HttpResponse<String> get(String path, String... headers) throws Exception {
		HttpRequest.Builder request = request(path).GET();
		if (headers.length > 0) {
			request.headers(headers);
		}
		return send(request);
	}

	public HttpResponse<String> put(String path, String json, String... headers) throws Exception {
		HttpRequest.Builder request = request(path).header("Content-Type", "application/json")
			.PUT(HttpRequest.BodyPublishers.ofString(json));
		if (headers.length > 0) {
			request.headers(headers);
		}
		return send(request);
	}

	public HttpResponse<String> post(String path, String json, String... headers) throws Exception {
		HttpRequest.Builder request = request(path);
		if (json == null) {
			request.POST(HttpRequest.BodyPublishers.noBody());
		}
		else {
			request.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
		}
		if (headers.length > 0) {
			request.headers(headers);
		}
		return send(request);
	}

	/** The value of the JSESSIONID cookie, or {@code null} without a session. */
	public String sessionId() {
		return this.cookies.getCookieStore()
			.getCookies()
			.stream()
			.filter((cookie) -> cookie.getName().equals("JSESSIONID"))
			.map(HttpCookie::getValue)
			.findFirst()
			.orElse(null);
	}

	public static JsonNode json(HttpResponse<String> response) {
		return MAPPER.readTree(response.body());
	}

	public static JsonNode json(String text) {
		return MAPPER.readTree(text);
	}

}
