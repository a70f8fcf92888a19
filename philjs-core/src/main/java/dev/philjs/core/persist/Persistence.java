package dev.philjs.core.persist;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.function.Supplier;

/**
 * Creates persistent reactive values: the entry points of the guide's "State Persistence"
 * section.
 *
 * <p>
 * Thread safety: every method may be called from any thread. Each factory reads the
 * storage once, on the calling thread, so do not call them from an effect or a batch.
 *
 * @since 0.1.0
 */
public final class Persistence {

	/**
	 * The prefix of the keys under which corrupt stored values are kept: a value of key
	 * {@code k} found corrupt at epoch millisecond {@code t} is moved to
	 * {@code quarantine/k@t} (with {@code -1}, {@code -2}... appended if that key is
	 * taken). List them with {@code storage.keys(QUARANTINE_PREFIX)}.
	 */
	public static final String QUARANTINE_PREFIX = "quarantine/";

	private Persistence() {
	}

	/**
	 * Creates a signal loaded from {@code options}' storage and written back to it (the
	 * guide's {@code persistentSignal(initialValue, options)}). See
	 * {@link PersistentSignal} for the rules.
	 * @param <T> the type of the value
	 * @param initial the value used when nothing usable is stored, and the first argument
	 * of the merge function
	 * @param options the key, storage, codec and write policy
	 * @return the signal, already loaded
	 * @throws NullPointerException if an argument is {@code null}
	 */
	public static <T> PersistentSignal<T> persistentSignal(T initial, PersistOptions<T> options) {
		Objects.requireNonNull(initial, "initial must not be null");
		Objects.requireNonNull(options, "options must not be null");
		return WriteBehindSignal.create(initial, options);
	}

	/**
	 * Creates a map whose entries are stored one per key, under
	 * {@code options.key() + keyCodec.encode(key)}, loaded from the storage now (the
	 * guide's IndexedDB store). See {@link PersistentMap}.
	 * @param <K> the type of the keys
	 * @param <V> the type of the values
	 * @param keyCodec how keys become the end of storage keys; it must be canonical
	 * ({@code encode(decode(s)).equals(s)} for every {@code s} it accepts)
	 * @param options the prefix (as key), storage, value codec and write policy; the
	 * merge function is not used
	 * @return the map, already loaded
	 * @throws NullPointerException if an argument is {@code null}
	 */
	public static <K, V> PersistentMap<K, V> persistentMap(Codec<K> keyCodec, PersistOptions<V> options) {
		Objects.requireNonNull(keyCodec, "keyCodec must not be null");
		Objects.requireNonNull(options, "options must not be null");
		return PersistentMap.load(keyCodec, options);
	}

	/**
	 * Creates a cached resource: the value last fetched, loaded from the storage now with
	 * its fetch time, served while a refresh runs (the guide's product cache). See
	 * {@link CachedResource}.
	 * @param <T> the type of the value
	 * @param initial the value before anything was fetched
	 * @param options the key, storage, codec and write policy; the merge function is
	 * applied to the loaded value
	 * @param maxAge how long a fetched value stays fresh
	 * @param fetch starts a fetch; called by {@code refresh()} on its caller's thread, it
	 * should return at once and complete the stage later
	 * @return the resource, already loaded, not fetching
	 * @throws NullPointerException if an argument is {@code null}
	 * @throws IllegalArgumentException if {@code maxAge} is negative
	 */
	public static <T> CachedResource<T> cachedResource(T initial, PersistOptions<T> options, Duration maxAge,
			Supplier<? extends CompletionStage<T>> fetch) {
		Objects.requireNonNull(initial, "initial must not be null");
		Objects.requireNonNull(options, "options must not be null");
		Objects.requireNonNull(maxAge, "maxAge must not be null");
		Objects.requireNonNull(fetch, "fetch must not be null");
		if (maxAge.isNegative()) {
			throw new IllegalArgumentException("maxAge must not be negative, got " + maxAge);
		}
		return CachedResource.load(initial, options, maxAge, fetch);
	}

	static ScheduledExecutorService defaultScheduler() {
		return DefaultScheduler.INSTANCE;
	}

	/**
	 * One daemon thread, created on first use, for the options that name no executor.
	 */
	private static final class DefaultScheduler {

		static final ScheduledExecutorService INSTANCE = create();

		private static ScheduledExecutorService create() {
			ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, (task) -> {
				Thread thread = new Thread(task, "philjs-persist");
				thread.setDaemon(true);
				return thread;
			});
			executor.setRemoveOnCancelPolicy(true);
			return executor;
		}

	}

}
