package dev.philjs.spring.data.redis;

import java.time.Duration;
import java.util.Properties;

import dev.philjs.spring.autoconfigure.PhilJsAutoConfiguration;
import dev.philjs.spring.autoconfigure.PhilJsPersistenceAutoConfiguration;
import dev.philjs.spring.autoconfigure.PhilJsRedisAutoConfiguration;
import dev.philjs.spring.store.PersistedTestStores.SettingsStore;
import dev.philjs.spring.store.StorePersistence;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code @Persisted} store signals with {@code philjs.persistence.type=redis}: a value
 * written in one application context is in Redis after it closes and is loaded by the
 * next context; a burst of writes becomes a few {@code SET}s (counted by Redis itself);
 * while Redis is down, changes stay in memory, health is DOWN with the pending count, and
 * every change lands once Redis is back.
 */
class PersistedRedisTests {

	private static ApplicationContextRunner runner(RedisStandaloneConfiguration redis, String prefix) {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, PhilJsAutoConfiguration.class,
					DataRedisAutoConfiguration.class, PhilJsRedisAutoConfiguration.class,
					PhilJsPersistenceAutoConfiguration.class))
			.withBean(SettingsStore.class)
			.withPropertyValues("philjs.persistence.type=redis", "philjs.persistence.key-prefix=" + prefix,
					"spring.data.redis.host=" + redis.getHostName(), "spring.data.redis.port=" + redis.getPort(),
					"spring.data.redis.timeout=500ms");
	}

	private static StringRedisTemplate template(LettuceConnectionFactory factory) {
		StringRedisTemplate template = new StringRedisTemplate(factory);
		template.afterPropertiesSet();
		return template;
	}

	private static long setCalls(StringRedisTemplate template) {
		Properties stats = template
			.execute((RedisConnection connection) -> connection.serverCommands().info("commandstats"));
		String set = (stats != null) ? stats.getProperty("cmdstat_set") : null;
		if (set == null) {
			return 0;
		}
		// calls=3,usec=12,usec_per_call=4.00,...
		return Long.parseLong(set.substring(set.indexOf("calls=") + 6, set.indexOf(',')));
	}

	@Test
	void burstOfTenThousandWritesBecomesAFewRedisSets() {
		try (StoppableRedis redis = new StoppableRedis().start()) {
			String prefix = TestRedis.randomPrefix();
			LettuceConnectionFactory factory = TestRedis.connectionFactory(redis.configuration(),
					Duration.ofSeconds(2));
			try {
				StringRedisTemplate template = template(factory);
				String key = prefix + StorePersistence.key("settings", "count");
				runner(redis.configuration(), prefix).withPropertyValues("philjs.persistence.debounce=300ms")
					.run((context) -> {
						SettingsStore store = context.getBean(SettingsStore.class);
						long before = setCalls(template);
						for (int i = 1; i <= 10_000; i++) {
							store.count.set(i);
						}
						await().atMost(Duration.ofSeconds(20))
							.until(() -> "10000".equals(template.opsForValue().get(key)));
						long sets = setCalls(template) - before;
						assertThat(sets).as("SET commands Redis counted for 10,000 writes").isBetween(1L, 20L);
						assertThat(template.opsForValue().get(prefix + StorePersistence.key("settings", "tags")))
							.as("unchanged signal never written")
							.isNull();
					});
			}
			finally {
				factory.destroy();
			}
		}
	}

	@Test
	void whileRedisIsDownChangesStayPendingHealthIsDownAndAllLandWhenItIsBack() {
		try (StoppableRedis redis = new StoppableRedis().start()) {
			String prefix = TestRedis.randomPrefix();
			runner(redis.configuration(), prefix)
				.withPropertyValues("philjs.persistence.debounce=50ms", "philjs.persistence.retry-initial=100ms",
						"philjs.persistence.retry-max=500ms")
				.run((context) -> {
					SettingsStore store = context.getBean(SettingsStore.class);
					HealthIndicator health = context
						.getBean(PhilJsPersistenceAutoConfiguration.HEALTH_INDICATOR_BEAN_NAME, HealthIndicator.class);
					assertThat(health.health(true).getStatus()).isEqualTo(Status.UP);

					redis.stop();
					for (int i = 1; i <= 200; i++) {
						store.count.set(i);
					}
					store.tags.set(java.util.List.of("written", "while", "down"));
					await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
						Health down = health.health(true);
						assertThat(down.getStatus()).isEqualTo(Status.DOWN);
						assertThat(down.getDetails()).containsEntry("pendingWrites", 2);
					});
					assertThat(store.count.get()).as("the service keeps serving the value").isEqualTo(200);

					redis.start();
					LettuceConnectionFactory factory = TestRedis.connectionFactory(redis.configuration(),
							Duration.ofSeconds(2));
					try {
						StringRedisTemplate template = template(factory);
						await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
							assertThat(template.opsForValue().get(prefix + StorePersistence.key("settings", "count")))
								.isEqualTo("200");
							assertThat(template.opsForValue().get(prefix + StorePersistence.key("settings", "tags")))
								.isEqualTo("[\"written\",\"while\",\"down\"]");
						});
						await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
							Health up = health.health(true);
							assertThat(up.getStatus()).isEqualTo(Status.UP);
							assertThat(up.getDetails()).containsEntry("pendingWrites", 0);
						});
					}
					finally {
						factory.destroy();
					}
				});
		}
	}

	@Test
	void valueWrittenInOneContextIsHydratedInTheNextThroughRedis() {
		RedisStandaloneConfiguration redis = TestRedis.shared();
		String prefix = TestRedis.randomPrefix();
		ApplicationContextRunner runner = runner(redis, prefix).withPropertyValues("philjs.persistence.debounce=10s");
		LettuceConnectionFactory factory = TestRedis.connectionFactory(redis, java.time.Duration.ofSeconds(2));
		try {
			StringRedisTemplate template = template(factory);
			String key = prefix + StorePersistence.key("settings", "count");
			runner.run((context) -> {
				context.getBean(SettingsStore.class).count.set(99);
				assertThat(template.opsForValue().get(key)).as("debounced, not yet written").isNull();
			});
			assertThat(template.opsForValue().get(key)).as("flushed on close").isEqualTo("99");
			runner.run((context) -> assertThat(context.getBean(SettingsStore.class).count.get()).isEqualTo(99));
			template.delete(template.keys(prefix + "*"));
		}
		finally {
			factory.destroy();
		}
	}

}
