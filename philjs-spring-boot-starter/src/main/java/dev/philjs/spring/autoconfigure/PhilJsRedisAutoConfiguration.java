package dev.philjs.spring.autoconfigure;

import dev.philjs.core.persist.StateStorage;
import dev.philjs.spring.data.redis.RedisStateStorage;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Auto-configuration of PhilJS on Redis: with {@code philjs.persistence.type=redis},
 * Spring Data Redis on the class path and a {@link RedisConnectionFactory} bean (Spring
 * Boot's, from {@code spring.data.redis.*}), persistent state is stored in Redis strings
 * under {@code philjs.persistence.key-prefix}. Backs off when the application declares
 * its own {@link StateStorage}.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = PhilJsAutoConfiguration.class,
		afterName = "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration")
@ConditionalOnClass({ RedisConnectionFactory.class, StringRedisTemplate.class })
@ConditionalOnBean(RedisConnectionFactory.class)
@ConditionalOnProperty(name = "philjs.persistence.type", havingValue = "redis")
@EnableConfigurationProperties(PhilJsProperties.class)
public final class PhilJsRedisAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(StateStorage.class)
	RedisStateStorage philjsStateStorage(RedisConnectionFactory connectionFactory, PhilJsProperties properties) {
		StringRedisTemplate template = new StringRedisTemplate(connectionFactory);
		template.afterPropertiesSet();
		return new RedisStateStorage(template, properties.getPersistence().getKeyPrefix());
	}

}
