package dev.philjs.spring.autoconfigure;

import dev.philjs.core.sync.Channel;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Checks the choice of {@code philjs.sync.type}: {@code redis} is provided by
 * {@link PhilJsRedisSyncAutoConfiguration}, and when it cannot be (no Spring Data Redis,
 * no connection factory) and the application declares no {@link Channel}, startup fails
 * with an explanation instead of shared stores silently staying in one instance.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = { PhilJsAutoConfiguration.class, PhilJsRedisSyncAutoConfiguration.class })
@EnableConfigurationProperties(PhilJsProperties.class)
public final class PhilJsSyncAutoConfiguration {

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

}
