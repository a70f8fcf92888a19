package dev.philjs.spring.autoconfigure;

import dev.philjs.spring.session.SessionAttributeStorage;
import dev.philjs.spring.session.StoreSessionEventListener;
import dev.philjs.spring.session.StoreSessionEviction;
import dev.philjs.spring.store.StoreRegistry;
import dev.philjs.spring.store.StoreSessionStorage;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.session.Session;
import org.springframework.session.SessionRepository;

/**
 * Auto-configuration of session stores on Spring Session: with a
 * {@link SessionRepository} bean (Spring Boot's from
 * {@code spring-boot-starter-session-data-redis}, or the application's
 * {@code @EnableRedisHttpSession}), the {@code @Persisted} signals of session stores are
 * kept as attributes of the session, so that a session's state survives a restart and is
 * served by every instance; instances of idle sessions are evicted from memory after
 * {@code philjs.stores.session-idle-timeout}, and sessions destroyed with an event end
 * their stores.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = PhilJsAutoConfiguration.class,
		afterName = { "org.springframework.boot.session.autoconfigure.SessionAutoConfiguration",
				"org.springframework.boot.session.data.redis.autoconfigure.SessionDataRedisAutoConfiguration" })
@ConditionalOnClass(SessionRepository.class)
@ConditionalOnBean(SessionRepository.class)
@EnableConfigurationProperties(PhilJsProperties.class)
public final class PhilJsSessionAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	StoreSessionStorage philjsStoreSessionStorage(SessionRepository<?> repository) {
		return storage(repository);
	}

	private static <S extends Session> StoreSessionStorage storage(SessionRepository<S> repository) {
		return (sessionId) -> new SessionAttributeStorage<>(repository, sessionId);
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(StoreRegistry.class)
	StoreSessionEviction philjsStoreSessionEviction(StoreRegistry registry, PhilJsProperties properties) {
		return new StoreSessionEviction(registry, properties.getStores().getSessionIdleTimeout());
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(StoreRegistry.class)
	StoreSessionEventListener philjsStoreSessionEventListener(StoreRegistry registry) {
		return new StoreSessionEventListener(registry);
	}

}
