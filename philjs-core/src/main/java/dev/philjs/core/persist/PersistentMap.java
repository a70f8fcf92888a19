package dev.philjs.core.persist;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import dev.philjs.core.ReadSignal;
import dev.philjs.core.Reactive;
import dev.philjs.core.Signal;
import org.jspecify.annotations.Nullable;

/**
 * A reactive map whose entries are stored one by one, each under its own key: the guide's
 * "IndexedDB for Large Data". A change writes only the entry it touched, never the whole
 * map. Created by {@link Persistence#persistentMap(Codec, PersistOptions)}.
 *
 * <p>
 * Entry {@code k} is stored under {@code prefix + keyCodec.encode(k)}. On creation, every
 * storage key under the prefix is loaded (keys under
 * {@link Persistence#QUARANTINE_PREFIX} excepted); an entry whose key cannot be decoded
 * is reported and left alone, an entry whose value cannot be decoded is quarantined like
 * a {@link PersistentSignal}'s. Each entry is then written behind with the same rules as
 * a persistent signal, independently of the others: its own debounce, its own retries,
 * its own order.
 *
 * <p>
 * The whole map is one signal of an immutable snapshot: {@link #entries()} notifies on
 * every change, and {@link #entry(Object)} gives a memo that notifies only when one entry
 * changes. A change copies the snapshot in memory (cost proportional to the size of the
 * map) but writes one entry to the storage.
 *
 * <p>
 * Thread safety: every method may be called from any thread; each change is atomic and
 * ordered with the other writes of the graph. {@link #flush()} and {@link #close()} do
 * blocking I/O: never call them from an effect or a batch. Values are encoded when they
 * are written, later and on another thread: use immutable values.
 *
 * @param <K> the type of the keys
 * @param <V> the type of the values
 * @since 0.1.0
 */
public final class PersistentMap<K, V> implements AutoCloseable {

	private final String prefix;

	private final Codec<K> keyCodec;

	private final PersistOptions<V> options;

	private final Reporter reporter;

	private final Signal<Map<K, V>> entries;

	private final ConcurrentMap<String, WriteBehind<V>> writers = new ConcurrentHashMap<>();

	private volatile boolean closed;

	private PersistentMap(Codec<K> keyCodec, PersistOptions<V> options, Reporter reporter, Map<K, V> loaded) {
		this.prefix = options.key;
		this.keyCodec = keyCodec;
		this.options = options;
		this.reporter = reporter;
		this.entries = Reactive.named("persistMap:" + options.key).signal(Collections.unmodifiableMap(loaded));
	}

	static <K, V> PersistentMap<K, V> load(Codec<K> keyCodec, PersistOptions<V> options) {
		Reporter reporter = new Reporter(options.onError);
		String prefix = options.key;
		Set<String> keys;
		try {
			keys = options.storage.keys(prefix);
		}
		catch (RuntimeException ex) {
			reporter.report((ex instanceof StorageException se) ? se
					: new StorageException("Cannot list the keys under '" + prefix + "'", prefix, ex));
			keys = Set.of();
		}
		Map<K, V> loaded = new LinkedHashMap<>();
		for (String storageKey : keys) {
			if (storageKey.startsWith(Persistence.QUARANTINE_PREFIX)
					&& !prefix.startsWith(Persistence.QUARANTINE_PREFIX)) {
				continue;
			}
			String encodedKey = storageKey.substring(prefix.length());
			K key;
			try {
				key = Objects.requireNonNull(keyCodec.decode(encodedKey), "decode returned null");
				if (!keyCodec.encode(key).equals(encodedKey)) {
					throw new IllegalArgumentException("'" + encodedKey + "' is not the canonical encoding of " + key);
				}
			}
			catch (RuntimeException ex) {
				reporter.report(new PersistenceException(
						"Storage key '" + storageKey + "' does not encode a key of this map; left in place and ignored",
						storageKey, ex));
				continue;
			}
			Optional<String> text = Loader.read(storageKey, options.storage, reporter);
			if (text.isPresent()) {
				Loader.decode(storageKey, text.get(), options.codec::decode, options.storage, options.clock, reporter)
					.ifPresent((value) -> loaded.put(key, value));
			}
		}
		return new PersistentMap<>(keyCodec, options, reporter, loaded);
	}

	/**
	 * Returns the prefix of the storage keys of the entries.
	 * @return the prefix
	 */
	public String prefix() {
		return this.prefix;
	}

	/**
	 * Returns the whole map as a reactive, immutable snapshot.
	 * @return a read-only signal of the current snapshot
	 */
	public ReadSignal<Map<K, V>> entries() {
		return this.entries.asReadOnly();
	}

	/**
	 * Returns the value of {@code key}, recording a dependency on the whole map when
	 * called inside a memo or an effect.
	 * @param key the key
	 * @return the value, or {@code null} if there is no entry
	 */
	public @Nullable V get(K key) {
		Objects.requireNonNull(key, "key must not be null");
		return this.entries.get().get(key);
	}

	/**
	 * Returns a memo of the value of {@code key}: its dependents re-run only when that
	 * entry changes, not on changes of other entries. The memo belongs to the current
	 * owner.
	 * @param key the key
	 * @return the memo, empty while there is no entry
	 */
	public ReadSignal<Optional<V>> entry(K key) {
		Objects.requireNonNull(key, "key must not be null");
		return Reactive.memo(() -> Optional.ofNullable(this.entries.get().get(key)));
	}

	/**
	 * Sets the value of {@code key} and writes that entry behind. Putting an equal value
	 * changes nothing.
	 * @param key the key
	 * @param value the value
	 * @throws IllegalArgumentException if the key codec cannot encode {@code key}
	 */
	public void put(K key, V value) {
		Objects.requireNonNull(key, "key must not be null");
		Objects.requireNonNull(value, "value must not be null");
		String storageKey = storageKey(key);
		Reactive.batch(() -> {
			Map<K, V> current = this.entries.peek();
			if (value.equals(current.get(key))) {
				return;
			}
			Map<K, V> next = new LinkedHashMap<>(current);
			next.put(key, value);
			this.entries.set(Collections.unmodifiableMap(next));
			if (!this.closed) {
				writer(storageKey).offer(value);
			}
		});
	}

	/**
	 * Removes the entry of {@code key} and removes it from the storage behind.
	 * @param key the key
	 * @return whether there was an entry
	 * @throws IllegalArgumentException if the key codec cannot encode {@code key}
	 */
	public boolean remove(K key) {
		Objects.requireNonNull(key, "key must not be null");
		String storageKey = storageKey(key);
		return Reactive.batch(() -> {
			Map<K, V> current = this.entries.peek();
			if (!current.containsKey(key)) {
				return false;
			}
			Map<K, V> next = new LinkedHashMap<>(current);
			next.remove(key);
			this.entries.set(Collections.unmodifiableMap(next));
			if (!this.closed) {
				writer(storageKey).offerRemoval();
			}
			return true;
		});
	}

	/**
	 * Removes every entry, each one from the storage behind.
	 */
	public void clear() {
		Reactive.batch(() -> {
			for (K key : List.copyOf(this.entries.peek().keySet())) {
				remove(key);
			}
		});
	}

	/**
	 * Writes every pending entry now, on the calling thread.
	 * @throws PersistenceException if a write fails (the first failure, the others
	 * suppressed); failed entries stay pending and are retried with backoff
	 */
	public void flush() {
		forEachWriter(WriteBehind::flush);
	}

	/**
	 * Writes every pending entry on the calling thread and stops persisting; later
	 * changes stay in memory only. Calling it again retries final writes that failed.
	 * @throws PersistenceException if a final write fails (the first failure, the others
	 * suppressed)
	 */
	@Override
	public void close() {
		this.closed = true;
		forEachWriter(WriteBehind::close);
	}

	private void forEachWriter(java.util.function.Consumer<WriteBehind<V>> action) {
		List<PersistenceException> failures = new ArrayList<>();
		for (WriteBehind<V> writer : this.writers.values()) {
			try {
				action.accept(writer);
			}
			catch (PersistenceException ex) {
				failures.add(ex);
			}
		}
		if (!failures.isEmpty()) {
			PersistenceException first = failures.get(0);
			for (int i = 1; i < failures.size(); i++) {
				first.addSuppressed(failures.get(i));
			}
			throw first;
		}
	}

	private String storageKey(K key) {
		String encoded;
		try {
			encoded = Objects.requireNonNull(this.keyCodec.encode(key), "encode returned null");
		}
		catch (RuntimeException ex) {
			throw new IllegalArgumentException("The key codec cannot encode key " + key, ex);
		}
		return this.prefix + encoded;
	}

	private WriteBehind<V> writer(String storageKey) {
		return this.writers.computeIfAbsent(storageKey,
				(k) -> new WriteBehind<>(k, this.options.codec, this.options, this.reporter));
	}

	@Override
	public String toString() {
		return "PersistentMap[" + this.prefix + ", " + this.entries.peek().size() + " entries]";
	}

}
