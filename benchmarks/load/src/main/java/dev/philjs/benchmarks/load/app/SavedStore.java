package dev.philjs.benchmarks.load.app;

import dev.philjs.core.Signal;
import dev.philjs.core.store.Store;
import dev.philjs.spring.store.Persisted;
import dev.philjs.spring.store.PhilStore;
import dev.philjs.spring.store.Writable;

/**
 * One persisted signal, for the persistence scenario (written through the HTTP API, kept
 * in the storage chosen by {@code philjs.persistence.type}).
 *
 * @since 0.1.0
 */
@PhilStore("saved")
public class SavedStore extends Store {

	@Persisted
	@Writable
	final Signal<Long> value = signal("value", 0L);

}
