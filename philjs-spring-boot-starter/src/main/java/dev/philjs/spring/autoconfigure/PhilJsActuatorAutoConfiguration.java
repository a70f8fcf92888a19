package dev.philjs.spring.autoconfigure;

import dev.philjs.spring.actuate.endpoint.PhilJsEndpoint;
import dev.philjs.spring.actuate.health.PhilJsHealthIndicator;
import dev.philjs.spring.store.StoreRegistry;

import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Auto-configuration of the PhilJS Actuator support: the {@code philjs} endpoint (when
 * Actuator is present and the endpoint is available, that is enabled and exposed) and the
 * {@code philjs} health indicator (when Spring Boot's health support is present and
 * {@code management.health.philjs.enabled} is not {@code false}). Each backs off when the
 * application declares its own.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = PhilJsAutoConfiguration.class,
		beforeName = "org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration")
@ConditionalOnBean(StoreRegistry.class)
public final class PhilJsActuatorAutoConfiguration {

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ Endpoint.class, ConditionalOnAvailableEndpoint.class })
	static class EndpointConfiguration {

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnAvailableEndpoint
		PhilJsEndpoint philjsEndpoint(StoreRegistry registry) {
			return new PhilJsEndpoint(registry);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(HealthIndicator.class)
	@ConditionalOnEnabledHealthIndicator("philjs")
	static class HealthConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "philjsHealthIndicator")
		PhilJsHealthIndicator philjsHealthIndicator(StoreRegistry registry) {
			return new PhilJsHealthIndicator(registry);
		}

	}

}
