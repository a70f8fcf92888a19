package dev.philjs.core.persist;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.UnaryOperator;

import dev.philjs.core.ReadSignal;

/**
 * The guide's {@code createSettingsStore}, in Java: settings loaded from a storage with
 * the defaults merged in, saved 300 ms after the last change, and a reset that forgets
 * what was stored.
 */
final class SettingsStore implements AutoCloseable {

	private final PersistentSignal<Settings> settings;

	SettingsStore(StateStorage storage, ScheduledExecutorService scheduler) {
		this.settings = Persistence.persistentSignal(Settings.DEFAULTS,
				PersistOptions.builder("settings", storage, Settings.CODEC)
					.merge(Settings::withDefaults)
					.debounce(Duration.ofMillis(300))
					.scheduler(scheduler)
					.build());
	}

	ReadSignal<Settings> settings() {
		return this.settings.asReadOnly();
	}

	void updateSettings(UnaryOperator<Settings> updates) {
		this.settings.update(updates);
	}

	void reset() {
		this.settings.reset();
	}

	@Override
	public void close() {
		this.settings.close();
	}

}
