package dev.philjs.spring.autoconfigure;

import dev.philjs.core.sync.Channel;
import dev.philjs.spring.data.redis.RedisChannel;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.stream.StreamMessageListenerContainer;

/**
 * Auto-configuration of the sync of shared stores through Redis: with
 * {@code philjs.sync.type=redis}, Spring Data Redis on the class path and a
 * {@link RedisConnectionFactory} bean, a {@link RedisChannel} (a Redis Stream under
 * {@code philjs.sync.key-prefix}) carries the changes of shared stores between the
 * instances. Backs off when the application declares its own {@link Channel}.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = PhilJsAutoConfiguration.class,
		afterName = "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration")
@ConditionalOnClass({ RedisConnectionFactory.class, StreamMessageListenerContainer.class })
@ConditionalOnBean(RedisConnectionFactory.class)
@ConditionalOnProperty(name = "philjs.sync.type", havingValue = "redis")
@EnableConfigurationProperties(PhilJsProperties.class)
public final class PhilJsRedisSyncAutoConfiguration {

	/** Name of the channel bean. */
	public static final String CHANNEL_BEAN_NAME = "philjsSyncChannel";

	@Bean(name = CHANNEL_BEAN_NAME)
	@ConditionalOnMissingBean(Channel.class)
	RedisChannel philjsSyncChannel(RedisConnectionFactory connectionFactory, PhilJsProperties properties) {
		PhilJsProperties.Sync sync = properties.getSync();
		return new RedisChannel(connectionFactory, sync.getKeyPrefix(), sync.getStreamMaxLength(),
				sync.getPollTimeout(), sync.getResyncInterval());
	}

}
