package dev.philjs.spring.store;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import dev.philjs.core.persist.InMemoryStateStorage;
import dev.philjs.spring.json.StoreJson;
import dev.philjs.spring.store.PersistedTestStores.SettingsStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link StorePersistence} on its own: the copies of a store signal into its persistent
 * signal (on the delivery executor, and on the closing thread) never leave an older value
 * pending after a newer one.
 */
class StorePersistenceTests {

	private static final String COUNT = StorePersistence.key("settings", "count");

	private final StoreJson json = new StoreJson(JsonMapper.builder().build());

	private final List<PersistedSignal> signals = PersistedSignal.find("settings", SettingsStore.class,
			StoreScope.APPLICATION);

	/** Runs the copies of changes: two threads, so a delivery races the test's thread. */
	private final ExecutorService delivery = Executors.newFixedThreadPool(2);

	@AfterEach
	void stopDelivery() {
		this.delivery.shutdownNow();
	}

	/**
	 * Attaches a new settings store to {@code persistence}, its copies on
	 * {@link #delivery}.
	 */
	private SettingsStore attach(StorePersistence persistence) {
		SettingsStore store = new SettingsStore();
		persistence.attach("settings", store, this.signals, this.delivery);
		return store;
	}

	@Test
	void closeStoresTheLastValueEvenWhileADeliveryCopiesAnOlderOne() {
		// each round races the delivery of the value seen at attach (0) against a write
		// and the final copy of close(); a copy that read 0 before the write must not
		// replace the newer value once close() has copied it
		for (int round = 1; round <= 10_000; round++) {
			InMemoryStateStorage storage = new InMemoryStateStorage();
			StorePersistence persistence = new StorePersistence(storage, this.json, Duration.ofHours(1));
			attach(persistence).count.set(round);
			persistence.close();
			assertThat(storage.get(COUNT)).as("round %d", round).contains(String.valueOf(round));
		}
	}

	@Test
	void aChangeOnItsWayToThePersistentSignalCountsAsPending() {
		// the count is read while the delivery copies the change (its write is held
		// back by the hour-long debounce): before, during or after the copy, it is
		// pending
		for (int round = 1; round <= 10_000; round++) {
			StorePersistence persistence = new StorePersistence(new InMemoryStateStorage(), this.json,
					Duration.ofHours(1));
			attach(persistence).count.set(round);
			assertThat(persistence.pendingWrites()).as("round %d", round).isEqualTo(1);
			persistence.close();
		}
	}

}
