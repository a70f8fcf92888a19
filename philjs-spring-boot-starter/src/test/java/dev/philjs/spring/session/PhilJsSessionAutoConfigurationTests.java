package dev.philjs.spring.session;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

import dev.philjs.core.Reactive;
import dev.philjs.core.Signal;
import dev.philjs.spring.autoconfigure.PhilJsAutoConfiguration;
import dev.philjs.spring.autoconfigure.PhilJsPersistenceAutoConfiguration;
import dev.philjs.spring.autoconfigure.PhilJsSessionAutoConfiguration;
import dev.philjs.spring.store.Persisted;
import dev.philjs.spring.store.PhilStore;
import dev.philjs.spring.store.StorePersistence;
import dev.philjs.spring.store.StoreRegistry;
import dev.philjs.spring.store.StoreScope;
import dev.philjs.spring.store.StoreScopeKey;
import dev.philjs.spring.store.StoreSessionStorage;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.session.MapSession;
import org.springframework.session.MapSessionRepository;
import org.springframework.session.SessionRepository;
import org.springframework.session.events.SessionDeletedEvent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@link PhilJsSessionAutoConfiguration} on an in-memory Spring Session repository: the
 * beans appear only with a {@code SessionRepository}; a session store's persisted signal
 * is written to and read from its session's attributes; a destroyed-session event ends
 * the session's stores; eviction keeps stores with subscribers.
 */
class PhilJsSessionAutoConfigurationTests {

	private final MapSessionRepository sessions = new MapSessionRepository(new ConcurrentHashMap<>());

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, PhilJsAutoConfiguration.class,
				PhilJsPersistenceAutoConfiguration.class, PhilJsSessionAutoConfiguration.class))
		.withBean(BasketStore.class)
		.withPropertyValues("philjs.persistence.debounce=10ms");

	private final ApplicationContextRunner withRepository = this.runner.withBean(SessionRepository.class,
			() -> this.sessions);

	private String newSession() {
		MapSession session = this.sessions.createSession();
		this.sessions.save(session);
		return session.getId();
	}

	@Test
	void backsOffWithoutSpringSessionWhereAPersistedSessionStoreFailsStartup() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, PhilJsAutoConfiguration.class,
					PhilJsSessionAutoConfiguration.class))
			.run((context) -> assertThat(context).doesNotHaveBean(StoreSessionStorage.class)
				.doesNotHaveBean(StoreSessionEviction.class));
		this.withRepository.withClassLoader(new FilteredClassLoader(SessionRepository.class))
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("Session store 'basket' has @Persisted signals [items]")
				.hasMessageContaining("needs Spring Session"));
	}

	@Test
	void sessionStoreSignalIsWrittenToItsSessionAndReadBackByANewInstance() {
		String id = newSession();
		String attribute = SessionAttributeStorage.ATTRIBUTE_PREFIX + StorePersistence.key("basket", "items");
		this.withRepository.run((context) -> {
			assertThat(context).hasSingleBean(StoreSessionStorage.class).hasSingleBean(StoreSessionEviction.class);
			StoreRegistry registry = context.getBean(StoreRegistry.class);
			BasketStore basket = (BasketStore) registry.instance("basket", StoreScopeKey.ofSession(id)).target();
			basket.items.set(List.of("tea"));
			await().atMost(Duration.ofSeconds(10))
				.until(() -> "[\"tea\"]".equals(this.sessions.findById(id).getAttribute(attribute)));
		});
		this.withRepository.run((context) -> {
			StoreRegistry registry = context.getBean(StoreRegistry.class);
			BasketStore basket = (BasketStore) registry.instance("basket", StoreScopeKey.ofSession(id)).target();
			assertThat(basket.items.get()).containsExactly("tea");
		});
	}

	@Test
	void writesToASessionThatIsGoneAreDroppedWithoutTouchingOthers() {
		String kept = newSession();
		String gone = newSession();
		this.withRepository.run((context) -> {
			StoreRegistry registry = context.getBean(StoreRegistry.class);
			this.sessions.deleteById(gone);
			assertThat(context.getBean(StoreSessionStorage.class).forSession(gone).get("store/basket/items")).isEmpty();
			BasketStore basket = (BasketStore) registry.instance("basket", StoreScopeKey.ofSession(kept)).target();
			basket.items.set(List.of("kept"));
			await().atMost(Duration.ofSeconds(10)).until(() -> registry.pendingWrites() == 0);
			assertThat(this.sessions.findById(gone)).isNull();
		});
	}

	@Test
	void destroyedSessionEventEndsTheSessionStores() {
		String id = newSession();
		this.withRepository.run((context) -> {
			StoreRegistry registry = context.getBean(StoreRegistry.class);
			registry.instance("basket", StoreScopeKey.ofSession(id));
			assertThat(registry.liveSessionCount()).isEqualTo(1);
			context.publishEvent(new SessionDeletedEvent(this, this.sessions.findById(id)));
			assertThat(registry.liveSessionCount()).isZero();
		});
	}

	@Test
	void evictionKeepsSessionsWithSubscribersAndTheRecentlyUsed() {
		String watched = newSession();
		String idle = newSession();
		this.withRepository.run((context) -> {
			StoreRegistry registry = context.getBean(StoreRegistry.class);
			var subscription = registry.instance("basket", StoreScopeKey.ofSession(watched))
				.subscribe(new NoListener(), null);
			registry.instance("basket", StoreScopeKey.ofSession(idle));

			assertThat(registry.evictIdleSessions(Duration.ofHours(1))).as("recently used").isZero();
			assertThat(registry.evictIdleSessions(Duration.ZERO)).as("only the one without subscribers").isEqualTo(1);
			assertThat(registry.existingInstance("basket", StoreScopeKey.ofSession(watched))).isNotNull();
			assertThat(registry.existingInstance("basket", StoreScopeKey.ofSession(idle))).isNull();
			subscription.dispose();
		});
	}

	@PhilStore(name = "basket", scope = StoreScope.SESSION)
	static class BasketStore {

		@Persisted
		final Signal<List<String>> items = Reactive.signal(List.of());

	}

	static final class NoListener implements dev.philjs.spring.store.StoreListener {

		@Override
		public void onSnapshot(dev.philjs.spring.store.StoreSnapshot snapshot) {
		}

		@Override
		public void onChanges(List<dev.philjs.spring.store.StoreChange> changes) {
		}

		@Override
		public void onClose() {
		}

	}

}
