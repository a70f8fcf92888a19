package dev.philjs.spring.store;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;

import dev.philjs.core.Reactive;
import dev.philjs.core.Signal;
import dev.philjs.core.Subscription;
import dev.philjs.core.persist.Codec;
import dev.philjs.core.persist.PersistOptions;
import dev.philjs.core.persist.Persistence;
import dev.philjs.core.persist.PersistenceException;
import dev.philjs.core.persist.PersistentSignal;
import dev.philjs.core.persist.StateStorage;
import dev.philjs.spring.json.StoreJson;
import org.jspecify.annotations.Nullable;

/**
 * Loads the {@link Persisted} signals of application store instances from a
 * {@link StateStorage} and writes their changes behind, through the core's
 * {@link Persistence#persistentSignal persistent signals} (debounce, retries with
 * backoff, quarantine of corrupt values, ordered writes).
 *
 * <p>
 * Each store signal is paired with a persistent signal under
 * {@code store/<store>/<signal>}. The persistent signal loads the stored value, which is
 * copied into the store signal before the store instance is created. A subscription on
 * the given executor (never on the writer's thread, never under the graph lock) then
 * copies each change of the store signal into the persistent signal, whose write-behind
 * debounces it and writes it on its own executor. Only the signals that changed are
 * written.
 *
 * <p>
 * Thread safety: every method may be called from any thread, but {@link #attach} and
 * {@link #close} do blocking I/O and must not run in an effect or a batch.
 *
 * @since 0.1.0
 */
public final class StorePersistence implements AutoCloseable {

	private static final System.Logger logger = System.getLogger(StorePersistence.class.getName());

	private final StateStorage storage;

	private final StoreJson json;

	private final Duration debounce;

	private final Duration retryInitial;

	private final Duration retryMax;

	private final @Nullable StoreSessionStorage sessions;

	private volatile Map<String, Duration> debounceByStore = Map.of();

	private volatile @Nullable Duration maxWait;

	private final List<Link> links = new CopyOnWriteArrayList<>();

	private volatile boolean closed;

	/**
	 * Creates the persistence of store signals.
	 * @param storage where values are stored
	 * @param json gives the JSON codec of each value type
	 * @param debounce how long a signal must stay unchanged before it is written
	 */
	public StorePersistence(StateStorage storage, StoreJson json, Duration debounce) {
		this(storage, json, debounce, Duration.ofSeconds(1), Duration.ofSeconds(30));
	}

	/**
	 * Creates the persistence of store signals.
	 * @param storage where values are stored
	 * @param json gives the JSON codec of each value type
	 * @param debounce how long a signal must stay unchanged before it is written
	 * @param retryInitial the delay before the first retry of a failed write
	 * @param retryMax the longest delay between retries
	 * @throws IllegalArgumentException if a delay is negative, or a retry delay zero, or
	 * {@code retryMax} is shorter than {@code retryInitial}
	 */
	public StorePersistence(StateStorage storage, StoreJson json, Duration debounce, Duration retryInitial,
			Duration retryMax) {
		this(storage, json, debounce, retryInitial, retryMax, null);
	}

	/**
	 * Creates the persistence of store signals, including those of session stores.
	 * @param storage where the values of application stores are stored
	 * @param json gives the JSON codec of each value type
	 * @param debounce how long a signal must stay unchanged before it is written
	 * @param retryInitial the delay before the first retry of a failed write
	 * @param retryMax the longest delay between retries
	 * @param sessions where the values of session stores are stored, or {@code null} if
	 * session stores cannot persist signals
	 * @throws IllegalArgumentException if a delay is negative, or a retry delay zero, or
	 * {@code retryMax} is shorter than {@code retryInitial}
	 */
	public StorePersistence(StateStorage storage, StoreJson json, Duration debounce, Duration retryInitial,
			Duration retryMax, @Nullable StoreSessionStorage sessions) {
		this.sessions = sessions;
		this.storage = Objects.requireNonNull(storage, "storage must not be null");
		this.json = Objects.requireNonNull(json, "json must not be null");
		this.debounce = Objects.requireNonNull(debounce, "debounce must not be null");
		this.retryInitial = Objects.requireNonNull(retryInitial, "retryInitial must not be null");
		this.retryMax = Objects.requireNonNull(retryMax, "retryMax must not be null");
		// fails now, at startup, rather than on the first persisted store
		PersistOptions.builder("check", storage, Codec.ofString())
			.debounce(debounce)
			.retryBackoff(retryInitial, retryMax);
	}

	/**
	 * Returns the storage key of a persisted signal.
	 * @param store the store name
	 * @param signal the signal (field) name
	 * @return {@code store/<store>/<signal>}
	 */
	public static String key(String store, String signal) {
		return "store/" + store + "/" + signal;
	}

	/**
	 * Sets the debounce of some stores, overriding the default for their signals created
	 * from now on (call it at startup).
	 * @param debounceByStore the debounce by store name
	 * @throws IllegalArgumentException if a debounce is negative
	 */
	public void setDebounceByStore(Map<String, Duration> debounceByStore) {
		debounceByStore.forEach((store, debounce) -> {
			if (debounce.isNegative()) {
				throw new IllegalArgumentException(
						"philjs.persistence.stores." + store + ".debounce must not be negative, got " + debounce);
			}
		});
		this.debounceByStore = Map.copyOf(debounceByStore);
	}

	/**
	 * Sets the longest a change may wait to be written while changes keep coming, for
	 * signals created from now on (call it at startup). Without it, each store's debounce
	 * is also its max wait.
	 * @param maxWait the max wait, or {@code null} for the debounce
	 * @throws IllegalArgumentException if {@code maxWait} is not positive
	 */
	public void setMaxWait(@Nullable Duration maxWait) {
		if (maxWait != null && (maxWait.isNegative() || maxWait.isZero())) {
			throw new IllegalArgumentException("philjs.persistence.max-wait must be positive, got " + maxWait);
		}
		this.maxWait = maxWait;
	}

	/**
	 * Returns how long a change of a store's signals may wait to be written at most.
	 * @param store the store name
	 * @return the max wait (zero when there is no debounce)
	 */
	public Duration maxWait(String store) {
		Duration maxWait = this.maxWait;
		return (maxWait != null) ? maxWait : debounce(store);
	}

	/**
	 * Returns the names of the stores whose debounce is overridden.
	 * @return the store names
	 */
	public Set<String> storesWithOwnDebounce() {
		return this.debounceByStore.keySet();
	}

	/**
	 * Returns the debounce of a store's signals.
	 * @param store the store name
	 * @return its override, or the default
	 */
	public Duration debounce(String store) {
		return this.debounceByStore.getOrDefault(store, this.debounce);
	}

	/**
	 * Returns the storage of application stores.
	 * @return the storage
	 */
	public StateStorage storage() {
		return this.storage;
	}

	/**
	 * Returns where session stores keep their persisted signals.
	 * @return the session storage, or {@code null} if session stores cannot persist
	 */
	public @Nullable StoreSessionStorage sessions() {
		return this.sessions;
	}

	/**
	 * Hydrates the persisted signals of a store object from the storage and starts
	 * writing their changes behind. Reads the storage on the calling thread.
	 * @param store the store name
	 * @param target the store object
	 * @param signals its persisted signals
	 * @param executor runs the copies of changes into the write-behind
	 * @return stops persisting these signals, writing what is pending first (on the
	 * calling thread)
	 * @throws IllegalStateException if a signal's current value is {@code null} or this
	 * persistence is closed
	 */
	Runnable attach(String store, Object target, List<PersistedSignal> signals, Executor executor) {
		return attach(store, target, signals, executor, this.storage);
	}

	/**
	 * Hydrates the persisted signals of a store object from a given storage (a session's,
	 * for example) and starts writing their changes behind into it. Reads the storage on
	 * the calling thread.
	 * @param store the store name
	 * @param target the store object
	 * @param signals its persisted signals
	 * @param executor runs the copies of changes into the write-behind
	 * @param storage where these signals are kept
	 * @return stops persisting these signals, writing what is pending first (on the
	 * calling thread); failures are logged
	 * @throws IllegalStateException if a signal's current value is {@code null} or this
	 * persistence is closed
	 */
	Runnable attach(String store, Object target, List<PersistedSignal> signals, Executor executor,
			StateStorage storage) {
		if (this.closed) {
			throw new IllegalStateException("Store persistence is closed; cannot persist store '" + store + "'");
		}
		List<Link> attached = new ArrayList<>(signals.size());
		for (PersistedSignal persisted : signals) {
			Signal<Object> signal = persisted.read(target);
			Object initial = signal.peek();
			if (initial == null) {
				throw new IllegalStateException("Store '" + store + "': @Persisted signal '" + persisted.name()
						+ "' must have a non-null initial value");
			}
			PersistOptions.Builder<Object> builder = PersistOptions
				.builder(key(store, persisted.name()), storage, this.json.codec(persisted.valueType()))
				.debounce(debounce(store))
				.retryBackoff(this.retryInitial, this.retryMax);
			Duration maxWait = maxWait(store);
			if (!maxWait.isZero()) {
				builder.maxWait(maxWait);
			}
			PersistOptions<Object> options = builder.build();
			PersistentSignal<Object> stored = Persistence.persistentSignal(initial, options);
			Object loaded = stored.peek();
			if (!Objects.equals(loaded, initial)) {
				signal.set(loaded);
			}
			Link link = new Link(signal, stored);
			link.bridge = signal.subscribe((value) -> link.copy(), executor);
			this.links.add(link);
			attached.add(link);
		}
		return () -> {
			for (Link link : attached) {
				if (this.links.remove(link)) {
					link.close();
				}
			}
		};
	}

	/**
	 * Returns how many persisted signals have a change that is not stored yet. Never
	 * blocks on I/O.
	 * @return the count
	 */
	public int pendingWrites() {
		int count = 0;
		for (Link link : this.links) {
			if (link.pending()) {
				count++;
			}
		}
		return count;
	}

	/**
	 * Writes every pending change now, on the calling thread. Failures are logged (the
	 * values stay pending and are retried).
	 */
	public void flush() {
		for (Link link : this.links) {
			link.copy();
			try {
				link.stored.flush();
			}
			catch (PersistenceException ex) {
				logger.log(Level.WARNING, "Flushing " + link.stored.key() + " failed", ex);
			}
		}
	}

	/**
	 * Stops persisting: writes every pending change on the calling thread and stops
	 * listening to the store signals; later changes stay in memory. Failures are logged.
	 * Calling it again does nothing.
	 */
	@Override
	public void close() {
		this.closed = true;
		for (Link link : this.links) {
			if (this.links.remove(link)) {
				link.close();
			}
		}
	}

	/** One store signal and the persistent signal it is written through. */
	private static final class Link {

		final Signal<Object> signal;

		final PersistentSignal<Object> stored;

		volatile Subscription bridge;

		Link(Signal<Object> signal, PersistentSignal<Object> stored) {
			this.signal = signal;
			this.stored = stored;
		}

		/**
		 * Copies the store signal's current value (not the delivered one) into the
		 * persistent signal. The read and the write happen in one batch, under the graph
		 * lock, so copies made on different threads (a delivery, and the final one of
		 * {@link #close}) are ordered: a copy that read an older value can no longer
		 * write it after a copy of a newer one.
		 */
		void copy() {
			Reactive.batch(() -> {
				Object value = this.signal.peek();
				if (value != null) {
					this.stored.set(value);
				}
			});
		}

		/**
		 * Whether a change is not stored yet, counting one still on its way from the
		 * store signal to the persistent signal. Both tests are made in one batch: a copy
		 * (also a batch) sets the persistent signal and hands the value to its
		 * write-behind under the graph lock, so it is seen either not begun or done,
		 * never between the two.
		 */
		boolean pending() {
			return Reactive
				.batch(() -> this.stored.hasPendingWrite() || !Objects.equals(this.signal.peek(), this.stored.peek()));
		}

		void close() {
			Subscription bridge = this.bridge;
			if (bridge != null) {
				bridge.close();
			}
			copy();
			try {
				this.stored.close();
			}
			catch (PersistenceException ex) {
				logger.log(Level.WARNING, "Final write of " + this.stored.key() + " failed; the value is lost", ex);
			}
		}

	}

}
