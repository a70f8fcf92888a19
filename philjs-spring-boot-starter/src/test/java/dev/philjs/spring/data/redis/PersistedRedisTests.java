package dev.philjs.spring.data.redis;

import dev.philjs.spring.autoconfigure.PhilJsAutoConfiguration;
import dev.philjs.spring.autoconfigure.PhilJsPersistenceAutoConfiguration;
import dev.philjs.spring.autoconfigure.PhilJsRedisAutoConfiguration;
import dev.philjs.spring.store.PersistedTestStores.SettingsStore;
import dev.philjs.spring.store.StorePersistence;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code @Persisted} store signals with {@code philjs.persistence.type=redis}: a value
 * written in one application context is in Redis after it closes and is loaded by the
 * next context.
 */
class PersistedRedisTests {

	@Test
	void valueWrittenInOneContextIsHydratedInTheNextThroughRedis() {
		RedisStandaloneConfiguration redis = TestRedis.shared();
		String prefix = TestRedis.randomPrefix();
		ApplicationContextRunner runner = new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, PhilJsAutoConfiguration.class,
					DataRedisAutoConfiguration.class, PhilJsRedisAutoConfiguration.class,
					PhilJsPersistenceAutoConfiguration.class))
			.withBean(SettingsStore.class)
			.withPropertyValues("philjs.persistence.type=redis", "philjs.persistence.key-prefix=" + prefix,
					"philjs.persistence.debounce=10s", "spring.data.redis.host=" + redis.getHostName(),
					"spring.data.redis.port=" + redis.getPort(), "spring.data.redis.timeout=2s");
		LettuceConnectionFactory factory = TestRedis.connectionFactory(redis, java.time.Duration.ofSeconds(2));
		try {
			StringRedisTemplate template = new StringRedisTemplate(factory);
			template.afterPropertiesSet();
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
