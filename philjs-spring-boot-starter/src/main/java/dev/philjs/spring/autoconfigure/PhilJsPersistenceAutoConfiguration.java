package dev.philjs.spring.autoconfigure;

import dev.philjs.core.persist.FileStateStorage;
import dev.philjs.core.persist.InMemoryStateStorage;
import dev.philjs.core.persist.StateStorage;
import dev.philjs.spring.actuate.health.StateStorageHealthIndicator;
import dev.philjs.spring.store.StoreRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Auto-configuration of the storage of persistent state, chosen by
 * {@code philjs.persistence.type}: {@code memory} (the default) gives an
 * {@link InMemoryStateStorage}, {@code file} a {@link FileStateStorage} in
 * {@code philjs.persistence.directory}; {@code redis} is provided by
 * {@link PhilJsRedisAutoConfiguration}, and startup fails with an explanation when it
 * cannot be (no Spring Data Redis, no connection factory). Each backs off when the
 * application declares its own {@link StateStorage}. Also the {@code philjsPersistence}
 * health indicator, when Spring Boot's health support is present.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = { PhilJsAutoConfiguration.class, PhilJsRedisAutoConfiguration.class },
		beforeName = "org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration")
@EnableConfigurationProperties(PhilJsProperties.class)
public final class PhilJsPersistenceAutoConfiguration {

	/**
	 * Name of the persistence health indicator bean (contributor
	 * {@code philjsPersistence}).
	 */
	public static final String HEALTH_INDICATOR_BEAN_NAME = "philjsPersistenceHealthIndicator";

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty(name = "philjs.persistence.type", havingValue = "memory", matchIfMissing = true)
	static class MemoryStorageConfiguration {

		@Bean
		@ConditionalOnMissingBean(StateStorage.class)
		InMemoryStateStorage philjsStateStorage() {
			return new InMemoryStateStorage();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty(name = "philjs.persistence.type", havingValue = "file")
	static class FileStorageConfiguration {

		@Bean
		@ConditionalOnMissingBean(StateStorage.class)
		FileStateStorage philjsStateStorage(PhilJsProperties properties) {
			return new FileStateStorage(properties.getPersistence().getDirectory());
		}

	}

	/**
	 * {@code redis} was asked for, but {@link PhilJsRedisAutoConfiguration} did not apply
	 * and the application declares no storage: the storage bean fails to be created, with
	 * an explanation, instead of state silently staying in memory.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty(name = "philjs.persistence.type", havingValue = "redis")
	@ConditionalOnMissingBean(StateStorage.class)
	static class RedisStorageUnavailableConfiguration {

		@Bean
		StateStorage philjsStateStorage() {
			throw new IllegalStateException("philjs.persistence.type=redis needs Spring Data Redis on the class path "
					+ "(spring-boot-starter-data-redis) and a RedisConnectionFactory bean (spring.data.redis.*), "
					+ "or a StateStorage bean of the application");
		}

	}

	/**
	 * Needs no bean condition: whenever this auto-configuration applies there is exactly
	 * one storage (one of the above, Redis's, the application's) or startup has failed.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(HealthIndicator.class)
	@ConditionalOnEnabledHealthIndicator("philjsPersistence")
	static class HealthConfiguration {

		@Bean(name = HEALTH_INDICATOR_BEAN_NAME)
		@ConditionalOnMissingBean(name = HEALTH_INDICATOR_BEAN_NAME)
		StateStorageHealthIndicator philjsPersistenceHealthIndicator(StateStorage storage,
				ObjectProvider<StoreRegistry> registry) {
			return new StateStorageHealthIndicator(storage, () -> {
				StoreRegistry stores = registry.getIfAvailable();
				return (stores != null) ? stores.pendingWrites() : 0;
			});
		}

	}

}
