package dev.philjs.core.persist;

import java.time.Duration;

import dev.philjs.core.testing.VirtualScheduler;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The guide's settings store ("LocalStorage Persistence") over a persistent signal. */
class SettingsStoreTests {

	private final VirtualScheduler scheduler = new VirtualScheduler();

	private final RecordingStorage storage = new RecordingStorage();

	@Test
	void aFieldAddedToTheDefaultsSurvivesAnObjectStoredBeforeIt() {
		// stored by a version of the application that had no fontSize yet
		this.storage.delegate().set("settings", "{\"theme\":\"dark\",\"language\":\"fr\",\"notifications\":false}");

		try (SettingsStore store = new SettingsStore(this.storage, this.scheduler)) {
			assertThat(store.settings().get()).isEqualTo(new Settings("dark", "fr", false, 16));
		}
	}

	@Test
	void updatesAreSavedOnce300MillisecondsAfterTheLastOne() {
		try (SettingsStore store = new SettingsStore(this.storage, this.scheduler)) {
			store.updateSettings((s) -> s.withTheme("dark"));
			this.scheduler.advance(Duration.ofMillis(200));
			store.updateSettings((s) -> s.withFontSize(18));
			this.scheduler.advance(Duration.ofMillis(299));
			assertThat(this.storage.writes()).isEmpty();

			this.scheduler.advance(Duration.ofMillis(1));

			assertThat(this.storage.writesOf("settings"))
				.containsExactly("{\"theme\":\"dark\",\"language\":\"en\",\"notifications\":true,\"fontSize\":18}");
		}
	}

	@Test
	void resetRestoresTheDefaultsAndForgetsTheStoredSettings() {
		this.storage.delegate().set("settings", "{\"theme\":\"dark\"}");
		try (SettingsStore store = new SettingsStore(this.storage, this.scheduler)) {
			store.reset();
			this.scheduler.advance(Duration.ofMillis(300));

			assertThat(store.settings().get()).isEqualTo(Settings.DEFAULTS);
			assertThat(this.storage.writesOf("settings")).containsExactly("-");
			assertThat(this.storage.get("settings")).isEmpty();
		}
	}

	@Test
	void corruptStoredJsonGivesTheDefaultsAndIsKeptAside() {
		String corrupt = "{\"theme\":\"dark\",\"language\":";
		this.storage.delegate().set("settings", corrupt);

		try (SettingsStore store = new SettingsStore(this.storage, this.scheduler)) {
			assertThat(store.settings().get()).isEqualTo(Settings.DEFAULTS);
		}
		assertThat(this.storage.keys(Persistence.QUARANTINE_PREFIX)).singleElement()
			.satisfies((key) -> assertThat(key).matches("quarantine/settings@[0-9]+"))
			.satisfies((key) -> assertThat(this.storage.get(key)).contains(corrupt));
		assertThat(this.storage.get("settings")).isEmpty();
	}

}
