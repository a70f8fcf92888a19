package dev.philjs.example;

import dev.philjs.core.Signal;
import dev.philjs.core.store.Store;
import dev.philjs.spring.store.Persisted;
import dev.philjs.spring.store.PhilStore;
import dev.philjs.spring.store.Writable;

/**
 * The page's settings, shared by everyone and kept across restarts: each signal is
 * {@link Persisted} in the application's {@code StateStorage} (memory by default, Redis
 * with the {@code redis} profile), written behind after
 * {@code philjs.persistence.debounce} of quiet.
 *
 * @since 0.1.0
 */
@PhilStore("settings")
public class SettingsStore extends Store {

	/** The page's colours. */
	public enum Theme {

		/** Dark text on a light background. */
		LIGHT,

		/** Light text on a dark background. */
		DARK

	}

	@Persisted
	@Writable
	final Signal<Theme> theme = signal("theme", Theme.LIGHT);

	@Persisted
	@Writable
	final Signal<Boolean> compact = signal("compact", false);

}
