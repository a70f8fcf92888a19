package dev.philjs.spring.reliability;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import dev.philjs.spring.reliability.ReliabilityTestApplication.DurableStore;
import dev.philjs.spring.store.StorePersistence;
import dev.philjs.spring.web.TestHttp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A {@code @Persisted} counter on Redis ({@code RedisStateStorage} through Spring Data
 * Redis and Lettuce) under a steady write load while Redis is stopped, killed and
 * restarted, and while the application itself shuts down: no acknowledged increment is
 * lost, the persistence health is DOWN while Redis is away and UP again after, and the
 * service keeps answering reads and writes throughout.
 */
class RedisFaultIntegrationTests {

	private static final String PATH = "/philjs/stores/durable";

	private static RedisProcess redis;

	private static LettuceConnectionFactory factory;

	private static StringRedisTemplate template;

	@BeforeAll
	static void startRedis() {
		redis = new RedisProcess().start();
		LettuceClientConfiguration client = LettuceClientConfiguration.builder()
			.commandTimeout(Duration.ofSeconds(2))
			.build();
		factory = new LettuceConnectionFactory(new RedisStandaloneConfiguration(redis.host(), redis.port()), client);
		factory.afterPropertiesSet();
		factory.start();
		template = new StringRedisTemplate(factory);
		template.afterPropertiesSet();
	}

	@AfterAll
	static void stopRedis() {
		if (factory != null) {
			factory.destroy();
		}
		if (redis != null) {
			redis.close();
		}
	}

	@Test
	void acknowledgedIncrementsSurviveRedisStoppedAndKilledDuringTheLoad() throws Exception {
		String prefix = "philjs-reliability:" + UUID.randomUUID() + ":";
		ConfigurableApplicationContext context = start(prefix);
		int persistedValue;
		try {
			TestHttp http = new TestHttp(port(context));
			DurableStore store = context.getBean(DurableStore.class);
			try (Load load = new Load(http, 3)) {
				load.awaitMore(100);
				assertThat(health(http)).isEqualTo("UP");

				redis.stop();
				await().atMost(Duration.ofSeconds(10)).until(() -> health(http).equals("DOWN"));
				load.awaitMore(100);
				assertThat(http.get(PATH).statusCode()).as("reads served while Redis is stopped").isEqualTo(200);
				redis.start();
				await().atMost(Duration.ofSeconds(20)).until(() -> health(http).equals("UP"));
				load.awaitMore(100);

				redis.kill();
				await().atMost(Duration.ofSeconds(10)).until(() -> health(http).equals("DOWN"));
				load.awaitMore(100);
				assertThat(http.get(PATH).statusCode()).as("reads served while Redis is killed").isEqualTo(200);
				redis.start();
				await().atMost(Duration.ofSeconds(20)).until(() -> health(http).equals("UP"));
				load.awaitMore(100);
				load.stop();

				assertThat(load.failures).as("requests that were not answered 200").isEmpty();
				int inMemory = store.count.get();
				assertThat(inMemory).isEqualTo(load.acknowledged.get());
				String key = prefix + StorePersistence.key("durable", "count");
				await().atMost(Duration.ofSeconds(30))
					.untilAsserted(
							() -> assertThat(template.opsForValue().get(key)).isEqualTo(String.valueOf(inMemory)));
				persistedValue = inMemory;
				System.out.printf("reliability: redis faults: %d increments acknowledged, %d reads, all persisted%n",
						load.acknowledged.get(), load.reads.get());
			}
		}
		finally {
			context.close();
		}
		ConfigurableApplicationContext restarted = start(prefix);
		try {
			assertThat(restarted.getBean(DurableStore.class).count.get()).as("hydrated after a restart")
				.isEqualTo(persistedValue);
		}
		finally {
			restarted.close();
		}
	}

	@Test
	void gracefulShutdownDuringTheLoadPersistsEveryAcknowledgedIncrement() throws Exception {
		String prefix = "philjs-reliability:" + UUID.randomUUID() + ":";
		ConfigurableApplicationContext context = start(prefix);
		TestHttp http = new TestHttp(port(context));
		DurableStore store = context.getBean(DurableStore.class);
		try (Load load = new Load(http, 3)) {
			load.awaitMore(300);
			context.close();
			load.stop();
			int inMemory = store.count.get();
			assertThat(inMemory).as("every acknowledged increment happened")
				.isGreaterThanOrEqualTo(load.acknowledged.get());
			assertThat(template.opsForValue().get(prefix + StorePersistence.key("durable", "count")))
				.as("flushed at shutdown")
				.isEqualTo(String.valueOf(inMemory));
			System.out.printf("reliability: graceful shutdown: %d increments acknowledged, %d in memory, persisted%n",
					load.acknowledged.get(), inMemory);
		}
		finally {
			context.close();
		}
	}

	private static ConfigurableApplicationContext start(String prefix) {
		return new SpringApplicationBuilder(ReliabilityTestApplication.class)
			.properties(Map.of("server.port", "0", "philjs.persistence.type", "redis", "philjs.persistence.key-prefix",
					prefix, "philjs.persistence.debounce", "50ms", "spring.data.redis.host", redis.host(),
					"spring.data.redis.port", String.valueOf(redis.port()), "spring.data.redis.timeout", "500ms",
					"spring.data.redis.connect-timeout", "500ms", "management.endpoints.web.exposure.include", "health",
					"management.endpoint.health.show-details", "always"))
			.run();
	}

	private static int port(ConfigurableApplicationContext context) {
		return ((WebServerApplicationContext) context).getWebServer().getPort();
	}

	private static String health(TestHttp http) throws Exception {
		return TestHttp.json(http.get("/actuator/health/philjsPersistence")).get("status").asString();
	}

	/**
	 * Threads that increment the durable counter over HTTP, and one that reads it, until
	 * stopped or until the server is gone.
	 */
	static final class Load implements AutoCloseable {

		final AtomicInteger acknowledged = new AtomicInteger();

		final AtomicLong reads = new AtomicLong();

		final Map<String, Integer> failures = new ConcurrentHashMap<>();

		private final List<Thread> threads = new ArrayList<>();

		private volatile boolean running = true;

		Load(TestHttp http, int writers) {
			for (int i = 0; i < writers; i++) {
				this.threads.add(thread("load-writer-" + i, () -> {
					while (this.running) {
						try {
							HttpResponse<String> response = http.post(PATH + "/actions/increment", null);
							if (response.statusCode() == 200) {
								this.acknowledged.incrementAndGet();
							}
							else {
								this.failures.merge("status " + response.statusCode(), 1, Integer::sum);
							}
						}
						catch (Exception ex) {
							return;
						}
					}
				}));
			}
			this.threads.add(thread("load-reader", () -> {
				while (this.running) {
					try {
						HttpResponse<String> response = http.get(PATH);
						if (response.statusCode() == 200) {
							this.reads.incrementAndGet();
						}
						else {
							this.failures.merge("read status " + response.statusCode(), 1, Integer::sum);
						}
					}
					catch (Exception ex) {
						return;
					}
				}
			}));
		}

		private static Thread thread(String name, Runnable body) {
			Thread thread = new Thread(body, name);
			thread.setDaemon(true);
			thread.start();
			return thread;
		}

		/** Waits until {@code count} more increments are acknowledged. */
		void awaitMore(int count) {
			int target = this.acknowledged.get() + count;
			await().atMost(Duration.ofSeconds(30)).until(() -> this.acknowledged.get() >= target);
		}

		/** Stops the threads and waits for them. */
		void stop() throws InterruptedException {
			this.running = false;
			for (Thread thread : this.threads) {
				thread.join(30_000);
			}
		}

		@Override
		public void close() throws InterruptedException {
			stop();
		}

	}

}
