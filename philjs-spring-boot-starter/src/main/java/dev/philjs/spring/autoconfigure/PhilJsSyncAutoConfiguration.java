package dev.philjs.spring.autoconfigure;

import dev.philjs.core.sync.Channel;
import dev.philjs.spring.actuate.health.RedisChannelHealthIndicator;
import dev.philjs.spring.data.redis.RedisChannel;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Checks the choice of {@code philjs.sync.type} and adds the {@code philjsSync} health
 * indicator. {@code redis} is provided by {@link PhilJsRedisSyncAutoConfiguration}; when
 * it cannot be (no Spring Data Redis, no connection factory) and the application declares
 * no {@link Channel}, startup fails with an explanation instead of shared stores silently
 * staying in one instance.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = { PhilJsAutoConfiguration.class, PhilJsRedisSyncAutoConfiguration.class },
		beforeName = "org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration")
@EnableConfigurationProperties(PhilJsProperties.class)
public final class PhilJsSyncAutoConfiguration {

	/** Name of the sync health indicator bean (contributor {@code philjsSync}). */
	public static final String HEALTH_INDICATOR_BEAN_NAME = "philjsSyncHealthIndicator";

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty(name = "philjs.sync.type", havingValue = "redis")
	@ConditionalOnMissingBean(Channel.class)
	static class RedisChannelUnavailableConfiguration {

		@Bean
		Channel philjsSyncChannel() {
			throw new IllegalStateException("philjs.sync.type=redis needs Spring Data Redis on the class path "
					+ "(spring-boot-starter-data-redis) and a RedisConnectionFactory bean (spring.data.redis.*), "
					+ "or a dev.philjs.core.sync.Channel bean of the application");
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(value = HealthIndicator.class,
			name = "org.springframework.data.redis.stream.StreamMessageListenerContainer")
	@ConditionalOnBean(RedisChannel.class)
	@ConditionalOnEnabledHealthIndicator("philjsSync")
	static class HealthConfiguration {

		@Bean(name = HEALTH_INDICATOR_BEAN_NAME)
		@ConditionalOnMissingBean(name = HEALTH_INDICATOR_BEAN_NAME)
		RedisChannelHealthIndicator philjsSyncHealthIndicator(RedisChannel channel, PhilJsProperties properties) {
			return new RedisChannelHealthIndicator(channel, properties.getSync().getInstanceId());
		}

	}

}
