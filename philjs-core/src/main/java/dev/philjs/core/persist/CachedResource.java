package dev.philjs.core.persist;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

import dev.philjs.core.ReadSignal;
import dev.philjs.core.Reactive;
import dev.philjs.core.Signal;
import org.jspecify.annotations.Nullable;

/**
 * A value fetched from somewhere slow, cached in a {@link StateStorage} with the time it
 * was fetched, and served while a newer one is fetched: stale-while-revalidate, the
 * guide's product cache. Created by
 * {@link Persistence#cachedResource(Object, PersistOptions, Duration, Supplier)}.
 *
 * <p>
 * On creation the cached value and its fetch time are loaded from the storage (stored as
 * one entry: the epoch millisecond, a line break, the encoded value; a corrupt entry is
 * quarantined like a {@link PersistentSignal}'s). {@link #refresh()} starts a fetch:
 * {@link #value()} keeps the cached value while {@link #loading()} is {@code true}; a
 * successful fetch replaces the value, stamps it with the clock's time and stores both
 * behind (with the retries of a persistent signal); a failed one leaves the value as it
 * was and sets {@link #error()}. One fetch at a time: a refresh during a fetch joins it.
 *
 * <p>
 * Thread safety: every method may be called from any thread. {@link #refresh()} calls the
 * fetch function on the calling thread; the stage's completion updates the signals on the
 * thread that completes it. {@link #flush()} and {@link #close()} do blocking I/O: never
 * call them from an effect or a batch.
 *
 * @param <T> the type of the value
 * @since 0.1.0
 */
public final class CachedResource<T> implements AutoCloseable {

	private final String key;

	private final Clock clock;

	private final Duration maxAge;

	private final Supplier<? extends CompletionStage<T>> fetch;

	private final Signal<T> value;

	private final Signal<Optional<Instant>> fetchedAt;

	private final Signal<Boolean> loading;

	private final Signal<Optional<Throwable>> error;

	private final WriteBehind<Cached<T>> writer;

	/** The fetch in flight; guarded by the graph lock. */
	private @Nullable CompletableFuture<T> inFlight;

	private CachedResource(T initial, @Nullable Cached<T> cached, PersistOptions<T> options, Duration maxAge,
			Supplier<? extends CompletionStage<T>> fetch, Reporter reporter) {
		this.key = options.key;
		this.clock = options.clock;
		this.maxAge = maxAge;
		this.fetch = fetch;
		Reactive.Named named = Reactive.named("cached:" + options.key);
		this.value = named.signal((cached != null) ? cached.value : initial);
		this.fetchedAt = named.signal(Optional.ofNullable((cached != null) ? cached.fetchedAt : null));
		this.loading = named.signal(false);
		this.error = named.signal(Optional.empty());
		this.writer = new WriteBehind<>(options.key, envelope(options.codec), options, reporter);
	}

	static <T> CachedResource<T> load(T initial, PersistOptions<T> options, Duration maxAge,
			Supplier<? extends CompletionStage<T>> fetch) {
		Reporter reporter = new Reporter(options.onError);
		Codec<Cached<T>> envelope = envelope(options.codec);
		Cached<T> cached = Loader.read(options.key, options.storage, reporter)
			.flatMap((text) -> Loader.decode(options.key, text, (t) -> {
				Cached<T> stored = envelope.decode(t);
				return new Cached<>(options.merge.apply(initial, stored.value), stored.fetchedAt);
			}, options.storage, options.clock, reporter))
			.orElse(null);
		return new CachedResource<>(initial, cached, options, maxAge, fetch, reporter);
	}

	/**
	 * Returns the storage key of the cache entry.
	 * @return the key
	 */
	public String key() {
		return this.key;
	}

	/**
	 * Returns the value: the last one fetched, the cached one, or the initial one.
	 * @return a read-only signal
	 */
	public ReadSignal<T> value() {
		return this.value.asReadOnly();
	}

	/**
	 * Returns when the value was fetched.
	 * @return a read-only signal, empty while the value is the initial one
	 */
	public ReadSignal<Optional<Instant>> fetchedAt() {
		return this.fetchedAt.asReadOnly();
	}

	/**
	 * Returns whether a fetch is running.
	 * @return a read-only signal
	 */
	public ReadSignal<Boolean> loading() {
		return this.loading.asReadOnly();
	}

	/**
	 * Returns the failure of the last fetch.
	 * @return a read-only signal, empty after a successful fetch and before any
	 */
	public ReadSignal<Optional<Throwable>> error() {
		return this.error.asReadOnly();
	}

	/**
	 * Tells whether the value is older than the maximum age by the clock, or was never
	 * fetched. Reads {@link #fetchedAt()} (tracked inside an effect) and the clock (not
	 * reactive: time passing notifies nobody).
	 * @return whether a refresh is due
	 */
	public boolean isStale() {
		Optional<Instant> at = this.fetchedAt.get();
		return at.isEmpty() || Duration.between(at.get(), this.clock.instant()).compareTo(this.maxAge) > 0;
	}

	/**
	 * Starts a fetch, or joins the one running. The cached value stays in
	 * {@link #value()} until the fetch succeeds.
	 * @return a stage completed with the fetched value, or exceptionally with the fetch's
	 * failure
	 */
	public CompletionStage<T> refresh() {
		CompletableFuture<T> mine = new CompletableFuture<>();
		CompletableFuture<T> running = Reactive.batch(() -> {
			CompletableFuture<T> current = this.inFlight;
			if (current != null) {
				return current;
			}
			this.inFlight = mine;
			this.loading.set(true);
			return null;
		});
		if (running != null) {
			return running.copy();
		}
		CompletionStage<T> stage;
		try {
			stage = Objects.requireNonNull(this.fetch.get(), "fetch returned null");
		}
		catch (RuntimeException ex) {
			stage = CompletableFuture.failedFuture(ex);
		}
		stage.whenComplete((fetched, failure) -> settle(mine, fetched, failure));
		return mine.copy();
	}

	/**
	 * Starts a fetch if the value {@link #isStale() is stale}, or joins the one running.
	 * @return a stage completed with the fetched value, or at once with the current one
	 * when it is fresh
	 */
	public CompletionStage<T> refreshIfStale() {
		if (isStale()) {
			return refresh();
		}
		return CompletableFuture.completedFuture(this.value.peek());
	}

	private void settle(CompletableFuture<T> mine, @Nullable T fetched, @Nullable Throwable failure) {
		Throwable cause = (failure instanceof CompletionException && failure.getCause() != null) ? failure.getCause()
				: failure;
		if (cause == null && fetched == null) {
			cause = new NullPointerException("fetch completed with null");
		}
		Throwable error = cause;
		Reactive.batch(() -> {
			if (error == null && fetched != null) {
				Instant now = this.clock.instant();
				this.value.set(fetched);
				this.fetchedAt.set(Optional.of(now));
				this.error.set(Optional.empty());
				this.writer.offer(new Cached<>(fetched, now));
			}
			else {
				this.error.set(Optional.ofNullable(error));
			}
			this.inFlight = null;
			this.loading.set(false);
		});
		if (error == null && fetched != null) {
			mine.complete(fetched);
		}
		else {
			mine.completeExceptionally(Objects.requireNonNull(error));
		}
	}

	/**
	 * Writes a pending cache entry now, on the calling thread.
	 * @throws PersistenceException if the write fails; it stays pending and is retried
	 */
	public void flush() {
		this.writer.flush();
	}

	/**
	 * Writes a pending cache entry on the calling thread and stops persisting; later
	 * fetches update the signals only. A fetch running goes on.
	 * @throws PersistenceException if the final write fails
	 */
	@Override
	public void close() {
		this.writer.close();
	}

	@Override
	public String toString() {
		return "CachedResource[" + this.key + ", fetchedAt=" + this.fetchedAt.peek().orElse(null) + "]";
	}

	private static <T> Codec<Cached<T>> envelope(Codec<T> codec) {
		return new Codec<>() {

			@Override
			public String encode(Cached<T> cached) {
				return cached.fetchedAt.toEpochMilli() + "\n" + codec.encode(cached.value);
			}

			@Override
			public Cached<T> decode(String text) {
				int newline = text.indexOf('\n');
				if (newline < 0) {
					throw new IllegalArgumentException("No fetch time line in the cache entry");
				}
				Instant at = Instant.ofEpochMilli(Long.parseLong(text.substring(0, newline)));
				return new Cached<>(codec.decode(text.substring(newline + 1)), at);
			}

		};
	}

	private record Cached<T>(T value, Instant fetchedAt) {
	}

}
