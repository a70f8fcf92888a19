package dev.philjs.spring.data.redis;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import dev.philjs.core.persist.FileStateStorage;
import dev.philjs.core.persist.InMemoryStateStorage;
import dev.philjs.core.persist.StateStorage;
import dev.philjs.core.persist.StorageException;
import dev.philjs.spring.actuate.health.StateStorageHealthIndicator;
import dev.philjs.spring.autoconfigure.PhilJsAutoConfiguration;
import dev.philjs.spring.autoconfigure.PhilJsPersistenceAutoConfiguration;
import dev.philjs.spring.autoconfigure.PhilJsRedisAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The choice of the {@link StateStorage} bean by {@code philjs.persistence.type}, and the
 * {@code philjsPersistence} health indicator, including against a Redis that stops and
 * comes back.
 */
class PhilJsPersistenceAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(AutoConfigurations
		.of(JacksonAutoConfiguration.class, PhilJsAutoConfiguration.class, DataRedisAutoConfiguration.class,
				PhilJsRedisAutoConfiguration.class, PhilJsPersistenceAutoConfiguration.class));

	private static String[] redisProperties(RedisStandaloneConfiguration redis, String prefix) {
		return new String[] { "philjs.persistence.type=redis", "philjs.persistence.key-prefix=" + prefix,
				"spring.data.redis.host=" + redis.getHostName(), "spring.data.redis.port=" + redis.getPort(),
				"spring.data.redis.timeout=500ms" };
	}

	@Test
	void memoryIsTheDefault() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(StateStorage.class);
			assertThat(context.getBean(StateStorage.class)).isInstanceOf(InMemoryStateStorage.class);
			assertThat(context).hasBean("philjsStateStorage");
		});
	}

	@Test
	void memoryWhenAskedForEvenWithRedisPresent() {
		this.runner
			.withPropertyValues("philjs.persistence.type=memory",
					"spring.data.redis.port=" + TestRedis.shared().getPort())
			.run((context) -> assertThat(context.getBean(StateStorage.class)).isInstanceOf(InMemoryStateStorage.class));
	}

	@Test
	void fileStoresInTheConfiguredDirectory(@TempDir Path root) {
		Path directory = root.resolve("state");
		this.runner.withPropertyValues("philjs.persistence.type=file", "philjs.persistence.directory=" + directory)
			.run((context) -> {
				assertThat(context).hasSingleBean(StateStorage.class);
				StateStorage storage = context.getBean(StateStorage.class);
				assertThat(storage).isInstanceOf(FileStateStorage.class);
				assertThat(((FileStateStorage) storage).directory()).isEqualTo(directory);
				storage.set("k", "v");
				try (var files = Files.list(directory)) {
					assertThat(files.map((file) -> file.getFileName().toString())).contains("k_k");
				}
			});
	}

	@Test
	void redisStoresUnderTheKeyPrefix() {
		String prefix = TestRedis.randomPrefix();
		this.runner.withPropertyValues(redisProperties(TestRedis.shared(), prefix)).run((context) -> {
			assertThat(context).hasSingleBean(StateStorage.class);
			StateStorage storage = context.getBean(StateStorage.class);
			assertThat(storage).isInstanceOf(RedisStateStorage.class);
			storage.set("k", "v");
			try {
				StringRedisTemplate template = new StringRedisTemplate(context.getBean(RedisConnectionFactory.class));
				template.afterPropertiesSet();
				assertThat(template.opsForValue().get(prefix + "k")).isEqualTo("v");
			}
			finally {
				storage.remove("k");
			}
		});
	}

	@Test
	void redisWithoutSpringDataRedisFailsAtStartup() {
		this.runner.withClassLoader(new FilteredClassLoader(RedisConnectionFactory.class))
			.withPropertyValues("philjs.persistence.type=redis")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("philjs.persistence.type=redis needs Spring Data Redis"));
	}

	@Test
	void redisWithoutConnectionFactoryFailsAtStartup() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, PhilJsAutoConfiguration.class,
					PhilJsRedisAutoConfiguration.class, PhilJsPersistenceAutoConfiguration.class))
			.withPropertyValues("philjs.persistence.type=redis")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("RedisConnectionFactory"));
	}

	@Test
	void applicationStorageWinsOverEveryType() {
		for (String type : new String[] { "memory", "file", "redis" }) {
			this.runner.withUserConfiguration(OwnStorage.class)
				.withPropertyValues("philjs.persistence.type=" + type,
						"spring.data.redis.port=" + TestRedis.shared().getPort())
				.run((context) -> {
					assertThat(context).hasNotFailed().hasSingleBean(StateStorage.class);
					assertThat(context.getBean(StateStorage.class)).isSameAs(context.getBean("ownStorage"));
				});
		}
	}

	@Test
	void healthIndicatorIsUpOnMemory() {
		this.runner.run((context) -> {
			assertThat(context).hasBean(PhilJsPersistenceAutoConfiguration.HEALTH_INDICATOR_BEAN_NAME);
			Health health = context.getBean(StateStorageHealthIndicator.class).health(true);
			assertThat(health.getStatus()).isEqualTo(Status.UP);
			assertThat(health.getDetails()).containsKey("storage");
		});
	}

	@Test
	void healthIndicatorCanBeDisabled() {
		this.runner.withPropertyValues("management.health.philjsPersistence.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(StateStorageHealthIndicator.class)
				.hasSingleBean(StateStorage.class));
	}

	@Test
	void healthIndicatorAbsentWithoutHealthModule() {
		this.runner.withClassLoader(new FilteredClassLoader(HealthIndicator.class))
			.run((context) -> assertThat(context).doesNotHaveBean(StateStorageHealthIndicator.class)
				.hasSingleBean(StateStorage.class));
	}

	@Test
	void healthIndicatorFollowsARedisThatStopsAndComesBack() {
		try (StoppableRedis redis = new StoppableRedis().start()) {
			this.runner.withPropertyValues(redisProperties(redis.configuration(), TestRedis.randomPrefix()))
				.run((context) -> {
					HealthIndicator indicator = context
						.getBean(PhilJsPersistenceAutoConfiguration.HEALTH_INDICATOR_BEAN_NAME, HealthIndicator.class);
					assertThat(indicator.health(true).getStatus()).isEqualTo(Status.UP);

					redis.stop();
					Health down = indicator.health(true);
					assertThat(down.getStatus()).isEqualTo(Status.DOWN);
					assertThat(down.getDetails()).containsKey("error");
					assertThat((String) down.getDetails().get("error")).contains(StorageException.class.getName());

					redis.start();
					await().atMost(Duration.ofSeconds(20))
						.untilAsserted(() -> assertThat(indicator.health(true).getStatus()).isEqualTo(Status.UP));
				});
		}
	}

	@Configuration(proxyBeanMethods = false)
	static class OwnStorage {

		@Bean
		StateStorage ownStorage() {
			return new InMemoryStateStorage();
		}

	}

}
