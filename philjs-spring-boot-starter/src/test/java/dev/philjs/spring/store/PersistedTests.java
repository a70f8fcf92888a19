package dev.philjs.spring.store;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import dev.philjs.core.Reactive;
import dev.philjs.core.Signal;
import dev.philjs.core.persist.InMemoryStateStorage;
import dev.philjs.core.persist.Persistence;
import dev.philjs.core.persist.StateStorage;
import dev.philjs.spring.autoconfigure.PhilJsAutoConfiguration;
import dev.philjs.spring.autoconfigure.PhilJsPersistenceAutoConfiguration;
import dev.philjs.spring.store.PersistedTestStores.CountingStorage;
import dev.philjs.spring.store.PersistedTestStores.SettingsStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@link Persisted} store signals: hydration across two successive application contexts
 * (memory and file storage), debounced write-behind of only the changed signals, the
 * final flush on close, quarantine of a corrupt value, and the startup failures.
 */
class PersistedTests {

	private static final String COUNT = StorePersistence.key("settings", "count");

	private static final String TAGS = StorePersistence.key("settings", "tags");

	private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(AutoConfigurations
		.of(JacksonAutoConfiguration.class, PhilJsAutoConfiguration.class, PhilJsPersistenceAutoConfiguration.class));

	private ApplicationContextRunner withStorage(StateStorage storage) {
		return this.runner.withBean(StateStorage.class, () -> storage).withBean(SettingsStore.class);
	}

	@Test
	void valueWrittenInOneContextIsHydratedInTheNext() {
		InMemoryStateStorage storage = new InMemoryStateStorage();
		withStorage(storage).run((context) -> {
			SettingsStore store = context.getBean(SettingsStore.class);
			assertThat(store.count.get()).isZero();
			store.count.set(42);
			store.tags.set(List.of("a", "b"));
		});
		assertThat(storage.get(COUNT)).contains("42");
		withStorage(storage).run((context) -> {
			SettingsStore store = context.getBean(SettingsStore.class);
			assertThat(store.count.get()).isEqualTo(42);
			assertThat(store.tags.get()).containsExactly("a", "b");
			StoreInstance instance = context.getBean(StoreRegistry.class).instance("settings", StoreScopeKey.NONE);
			assertThat(instance.snapshot().values()).containsEntry("count", 42);
		});
	}

	@Test
	void fileStorageKeepsValuesAcrossContexts(@TempDir Path directory) {
		ApplicationContextRunner file = this.runner.withBean(SettingsStore.class)
			.withPropertyValues("philjs.persistence.type=file", "philjs.persistence.directory=" + directory);
		file.run((context) -> context.getBean(SettingsStore.class).count.set(7));
		file.run((context) -> assertThat(context.getBean(SettingsStore.class).count.get()).isEqualTo(7));
	}

	@Test
	void burstIsWrittenFarFewerTimesAndOnlyTheChangedSignal() {
		CountingStorage storage = new CountingStorage(new InMemoryStateStorage());
		withStorage(storage).withPropertyValues("philjs.persistence.debounce=200ms").run((context) -> {
			SettingsStore store = context.getBean(SettingsStore.class);
			for (int i = 1; i <= 100; i++) {
				store.count.set(i);
			}
			await().atMost(Duration.ofSeconds(10)).until(() -> storage.get(COUNT).filter("100"::equals).isPresent());
			assertThat(storage.writes(COUNT)).isBetween(1, 10);
			assertThat(storage.writes(TAGS)).as("unchanged signal").isZero();
		});
		assertThat(storage.writes(TAGS)).as("unchanged signal, even on close").isZero();
	}

	@Test
	void steadyStreamOfWritesIsStoredWithinTheMaxWaitWithoutAPause() {
		CountingStorage storage = new CountingStorage(new InMemoryStateStorage());
		withStorage(storage).withPropertyValues("philjs.persistence.debounce=1h", "philjs.persistence.max-wait=50ms")
			.run((context) -> {
				SettingsStore store = context.getBean(SettingsStore.class);
				int[] written = { 0 };
				// the stream never pauses for the (hour-long) debounce, yet values land
				await().atMost(Duration.ofSeconds(20)).until(() -> {
					store.count.set(++written[0]);
					return storage.writes(COUNT) >= 2;
				});
				assertThat(Integer.parseInt(storage.get(COUNT).orElseThrow())).isBetween(1, written[0]);
			});
	}

	@Test
	void perStoreDebounceOverridesTheDefault() {
		CountingStorage storage = new CountingStorage(new InMemoryStateStorage());
		withStorage(storage)
			.withPropertyValues("philjs.persistence.debounce=10ms", "philjs.persistence.stores.settings.debounce=1h")
			.run((context) -> {
				context.getBean(SettingsStore.class).count.set(3);
				assertThat(context.getBean(StoreRegistry.class).persistence().debounce("settings"))
					.isEqualTo(Duration.ofHours(1));
				assertThat(context.getBean(StoreRegistry.class).pendingWrites()).as("held by the hour").isEqualTo(1);
				assertThat(storage.writes(COUNT)).isZero();
			});
		assertThat(storage.get(COUNT)).as("flushed on close").contains("3");
	}

	@Test
	void overrideOfAStoreWithoutPersistedSignalsFailsStartup() {
		withStorage(new InMemoryStateStorage()).withPropertyValues("philjs.persistence.stores.setings.debounce=1s")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("philjs.persistence.stores.setings configures a store that has no @Persisted")
				.hasMessageContaining("[settings]"));
	}

	@Test
	void closingTheContextFlushesAPendingWrite() {
		CountingStorage storage = new CountingStorage(new InMemoryStateStorage());
		withStorage(storage).withPropertyValues("philjs.persistence.debounce=10s").run((context) -> {
			context.getBean(SettingsStore.class).count.set(5);
			assertThat(storage.get(COUNT)).as("still debounced").isEmpty();
			((ConfigurableApplicationContext) context.getSourceApplicationContext()).close();
			assertThat(storage.get(COUNT)).contains("5");
			assertThat(storage.writes(COUNT)).isEqualTo(1);
		});
	}

	@Test
	void corruptValueIsQuarantinedAndTheInitialValueUsed() {
		InMemoryStateStorage storage = new InMemoryStateStorage();
		storage.set(COUNT, "{not json");
		withStorage(storage).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBean(SettingsStore.class).count.get()).isZero();
			assertThat(storage.keys(Persistence.QUARANTINE_PREFIX)).hasSize(1);
			String quarantined = storage.keys(Persistence.QUARANTINE_PREFIX).iterator().next();
			assertThat(storage.get(quarantined)).contains("{not json");
		});
	}

	@Test
	void persistedOnANonSignalFieldFailsStartup() {
		this.runner.withBean(NotASignalStore.class)
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("@Persisted field 'name'")
				.hasMessageContaining("must be an instance field declared as a Signal"));
	}

	@Test
	void persistedInASessionStoreWithoutSpringSessionFailsStartup() {
		this.runner.withBean(SessionStore.class)
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("Session store 'cart' has @Persisted signals [items]")
				.hasMessageContaining("needs Spring Session"));
	}

	@Test
	void persistedInARequestStoreFailsStartup() {
		this.runner.withBean(RequestStore.class)
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("@Persisted field 'draft'")
				.hasMessageContaining("this one is request scoped"));
	}

	@Test
	void persistedWithoutAStorageFailsStartup() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, PhilJsAutoConfiguration.class))
			.withBean(SettingsStore.class)
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("Store 'settings' has @Persisted signals [count, tags]")
				.hasMessageContaining("no StateStorage bean"));
	}

	@Test
	void storesWithoutPersistedSignalsNeedNoStorage() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, PhilJsAutoConfiguration.class))
			.withBean(PlainStore.class)
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@PhilStore("bad")
	static class NotASignalStore {

		@Persisted
		String name = "x";

	}

	@PhilStore(name = "cart", scope = StoreScope.SESSION)
	static class SessionStore {

		@Persisted
		final Signal<List<String>> items = Reactive.signal(List.of());

	}

	@PhilStore(name = "form", scope = StoreScope.REQUEST)
	static class RequestStore {

		@Persisted
		final Signal<String> draft = Reactive.signal("");

	}

	@PhilStore("plain")
	static class PlainStore {

		final Signal<Integer> count = Reactive.signal(0);

	}

}
