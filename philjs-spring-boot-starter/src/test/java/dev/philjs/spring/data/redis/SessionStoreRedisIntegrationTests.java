package dev.philjs.spring.data.redis;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import dev.philjs.core.Reactive;
import dev.philjs.core.Signal;
import dev.philjs.spring.session.SessionAttributeStorage;
import dev.philjs.spring.store.Persisted;
import dev.philjs.spring.store.PhilStore;
import dev.philjs.spring.store.StorePersistence;
import dev.philjs.spring.store.StoreRegistry;
import dev.philjs.spring.store.StoreScope;
import dev.philjs.spring.store.Writable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.session.config.SessionRepositoryCustomizer;
import org.springframework.session.data.redis.RedisSessionRepository;
import org.springframework.session.data.redis.config.annotation.web.http.EnableRedisHttpSession;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Session stores on Spring Session Data Redis, with two application contexts as two
 * instances on one Redis: a session store's {@code @Persisted} signal written through one
 * instance is served by the other, survives a restart (including the last, still
 * debounced write, flushed on shutdown), and comes back after the local instance was
 * evicted.
 */
class SessionStoreRedisIntegrationTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final RedisStandaloneConfiguration redis = TestRedis.shared();

	private final String namespace = "philjs-test-" + TestRedis.randomPrefix().replace(":", "");

	private final List<ConfigurableApplicationContext> instances = new ArrayList<>();

	private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	@AfterEach
	void stopInstancesAndRemoveKeys() {
		this.instances.forEach(ConfigurableApplicationContext::close);
		TestRedis.deleteKeys(this.redis, this.namespace + ":");
	}

	private ConfigurableApplicationContext start(String debounce) {
		ConfigurableApplicationContext context = new SpringApplicationBuilder(SessionTestApplication.class)
			.properties("server.port=0", "spring.data.redis.host=" + this.redis.getHostName(),
					"spring.data.redis.port=" + this.redis.getPort(), "philjs.persistence.debounce=" + debounce,
					"test.session-namespace=" + this.namespace)
			.run();
		this.instances.add(context);
		return context;
	}

	private static int port(ConfigurableApplicationContext context) {
		return ((WebServerApplicationContext) context).getWebServer().getPort();
	}

	private HttpResponse<String> putItems(ConfigurableApplicationContext instance, String cookie, String json)
			throws Exception {
		HttpRequest.Builder request = HttpRequest
			.newBuilder(URI.create("http://localhost:" + port(instance) + "/philjs/stores/basket/signals/items"))
			.header("Content-Type", "application/json")
			.PUT(HttpRequest.BodyPublishers.ofString(json));
		if (cookie != null) {
			request.header("Cookie", cookie);
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private JsonNode items(ConfigurableApplicationContext instance, String cookie) throws Exception {
		HttpResponse<String> response = this.http
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port(instance) + "/philjs/stores/basket"))
				.header("Cookie", cookie)
				.GET()
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		return JSON.readTree(response.body()).get("state").get("items");
	}

	/** The SESSION cookie Spring Session set, as a Cookie header value. */
	private static String sessionCookie(HttpResponse<String> response) {
		String header = response.headers()
			.allValues("Set-Cookie")
			.stream()
			.filter((value) -> value.startsWith("SESSION="))
			.findFirst()
			.orElseThrow(() -> new AssertionError("No SESSION cookie in " + response.headers()));
		return header.substring(0, header.indexOf(';'));
	}

	private boolean storedInSession(String cookie) {
		String sessionId = new String(Base64.getDecoder().decode(cookie.substring("SESSION=".length())),
				StandardCharsets.UTF_8);
		return TestRedis.withTemplate(this.redis,
				(template) -> template.opsForHash()
					.hasKey(this.namespace + ":sessions:" + sessionId, "sessionAttr:"
							+ SessionAttributeStorage.ATTRIBUTE_PREFIX + StorePersistence.key("basket", "items")));
	}

	@Test
	void sessionStoreWrittenOnOneInstanceIsServedByAnother() throws Exception {
		ConfigurableApplicationContext a = start("50ms");
		ConfigurableApplicationContext b = start("50ms");
		HttpResponse<String> written = putItems(a, null, "[\"apple\",\"pear\"]");
		assertThat(written.statusCode()).as(written.body()).isEqualTo(200);
		String cookie = sessionCookie(written);
		await().atMost(Duration.ofSeconds(20)).until(() -> storedInSession(cookie));

		assertThat(items(b, cookie)).extracting(JsonNode::asString).containsExactly("apple", "pear");
	}

	@Test
	void sessionStoreSurvivesARestartWithItsLastDebouncedWrite() throws Exception {
		ConfigurableApplicationContext a = start("10s");
		HttpResponse<String> written = putItems(a, null, "[\"apple\"]");
		String cookie = sessionCookie(written);
		assertThat(putItems(a, cookie, "[\"apple\",\"plum\"]").statusCode()).isEqualTo(200);
		assertThat(storedInSession(cookie)).as("still debounced").isFalse();

		a.close();
		assertThat(storedInSession(cookie)).as("flushed on shutdown").isTrue();
		ConfigurableApplicationContext restarted = start("10s");

		assertThat(items(restarted, cookie)).extracting(JsonNode::asString).containsExactly("apple", "plum");
	}

	@Test
	void evictedSessionStoresComeBackFromTheSession() throws Exception {
		ConfigurableApplicationContext a = start("50ms");
		String cookie = sessionCookie(putItems(a, null, "[\"kept\"]"));
		await().atMost(Duration.ofSeconds(20)).until(() -> storedInSession(cookie));
		StoreRegistry registry = a.getBean(StoreRegistry.class);
		assertThat(registry.liveSessionCount()).isEqualTo(1);

		assertThat(registry.evictIdleSessions(Duration.ZERO)).isEqualTo(1);
		assertThat(registry.liveSessionCount()).isZero();

		assertThat(items(a, cookie)).extracting(JsonNode::asString).containsExactly("kept");
		assertThat(registry.liveSessionCount()).isEqualTo(1);
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@EnableRedisHttpSession
	@Import(BasketStore.class)
	static class SessionTestApplication {

		@Bean
		SessionRepositoryCustomizer<RedisSessionRepository> testNamespace(
				@Value("${test.session-namespace}") String namespace) {
			return (repository) -> repository.setRedisKeyNamespace(namespace);
		}

		@Bean
		SecurityFilterChain permitAll(HttpSecurity http) {
			return http.authorizeHttpRequests((requests) -> requests.anyRequest().permitAll())
				.csrf((csrf) -> csrf.disable())
				.build();
		}

	}

	@PhilStore(name = "basket", scope = StoreScope.SESSION)
	static class BasketStore {

		@Persisted
		@Writable
		final Signal<List<String>> items = Reactive.signal(List.of());

	}

}
