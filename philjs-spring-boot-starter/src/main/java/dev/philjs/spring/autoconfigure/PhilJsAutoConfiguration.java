package dev.philjs.spring.autoconfigure;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executor;

import dev.philjs.core.Reactive;
import dev.philjs.core.persist.StateStorage;
import dev.philjs.core.sync.Channel;
import dev.philjs.spring.json.StoreJson;
import dev.philjs.spring.store.RulelessAccessPolicy;
import dev.philjs.spring.store.StoreAccessPolicy;
import dev.philjs.spring.store.StorePersistence;
import dev.philjs.spring.store.StorePersistenceLifecycle;
import dev.philjs.spring.store.StoreRegistry;
import dev.philjs.spring.store.StoreService;
import dev.philjs.spring.store.StoreSessionStorage;
import dev.philjs.spring.store.StoreSync;
import dev.philjs.spring.store.StoreScopePostProcessor;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

/**
 * Auto-configuration of the PhilJS core: the store registry, the delivery executor, JSON,
 * and the lifecycle of {@code @Persisted} store signals (stored in the
 * {@code StateStorage} bean of {@link PhilJsPersistenceAutoConfiguration} or the
 * application) and of shared stores (replicated through the {@code Channel} bean of
 * {@link PhilJsRedisSyncAutoConfiguration} or the application).
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = JacksonAutoConfiguration.class)
@EnableConfigurationProperties(PhilJsProperties.class)
public final class PhilJsAutoConfiguration {

	/** Name of the executor that delivers store changes to subscribers. */
	public static final String DELIVERY_EXECUTOR_BEAN_NAME = "philjsDeliveryExecutor";

	PhilJsAutoConfiguration(PhilJsProperties properties) {
		Reactive.setFlushPassLimit(properties.getFlushPassLimit());
	}

	@Bean
	static StoreScopePostProcessor philjsStoreScopePostProcessor() {
		return new StoreScopePostProcessor();
	}

	@Bean(name = DELIVERY_EXECUTOR_BEAN_NAME)
	@ConditionalOnMissingBean(name = DELIVERY_EXECUTOR_BEAN_NAME)
	ThreadPoolTaskExecutor philjsDeliveryExecutor(PhilJsProperties properties) {
		ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
		int threads = properties.getStores().getDeliveryThreads();
		executor.setCorePoolSize(threads);
		executor.setMaxPoolSize(threads);
		executor.setThreadNamePrefix("philjs-delivery-");
		executor.setDaemon(true);
		executor.setWaitForTasksToCompleteOnShutdown(false);
		return executor;
	}

	@Bean
	@ConditionalOnMissingBean
	StoreRegistry philjsStoreRegistry(ConfigurableListableBeanFactory beanFactory, PhilJsProperties properties,
			@Qualifier(DELIVERY_EXECUTOR_BEAN_NAME) Executor executor, ObjectProvider<StateStorage> storage,
			ObjectProvider<StoreJson> json, ObjectProvider<StoreSessionStorage> sessions,
			ObjectProvider<Channel> channel) {
		return new StoreRegistry(beanFactory, executor, properties.getStores().getBufferSize(), () -> {
			StateStorage available = storage.getIfAvailable();
			if (available == null) {
				return null;
			}
			PhilJsProperties.Persistence settings = properties.getPersistence();
			StorePersistence persistence = new StorePersistence(available, json.getObject(), settings.getDebounce(),
					settings.getRetryInitial(), settings.getRetryMax(), sessions.getIfAvailable());
			Map<String, Duration> debounceByStore = new LinkedHashMap<>();
			settings.getStores().forEach((store, override) -> {
				if (override.getDebounce() != null) {
					debounceByStore.put(store, override.getDebounce());
				}
			});
			persistence.setDebounceByStore(debounceByStore);
			persistence.setMaxWait(settings.getMaxWait());
			return persistence;
		}, () -> {
			Channel available = channel.getIfAvailable();
			return (available != null)
					? new StoreSync(available, json.getObject(), properties.getSync().getInstanceId()) : null;
		});
	}

	@Bean
	@ConditionalOnMissingBean
	StorePersistenceLifecycle philjsStorePersistenceLifecycle(StoreRegistry registry) {
		return new StorePersistenceLifecycle(registry);
	}

	@Bean
	@ConditionalOnMissingBean
	StoreJson philjsStoreJson(JsonMapper jsonMapper) {
		return new StoreJson(jsonMapper);
	}

	@Bean
	@ConditionalOnMissingBean
	StoreService philjsStoreService(StoreRegistry registry, StoreAccessPolicy policy, StoreJson json,
			ObjectProvider<StoreService.ArgumentValidator> validator) {
		return new StoreService(registry, policy, json,
				validator.getIfAvailable(() -> StoreService.ArgumentValidator.NONE));
	}

	/**
	 * Without an access policy from the security auto-configuration (or the application),
	 * stores may carry no rules.
	 */
	@Bean
	@ConditionalOnMissingBean
	StoreAccessPolicy philjsStoreAccessPolicy(StoreRegistry registry) {
		return new RulelessAccessPolicy(registry.definitions().values());
	}

}
