package dev.philjs.core.async;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

import dev.philjs.core.Disposable;
import dev.philjs.core.Effect;
import dev.philjs.core.ReadSignal;
import dev.philjs.core.Reactive;
import dev.philjs.core.Signal;
import org.jspecify.annotations.Nullable;

/**
 * A value loaded asynchronously, exposed as three read-only signals: {@link #data()},
 * {@link #loading()} and {@link #error()} (the guide's "Async Store").
 *
 * <p>
 * A resource starts a request when it is created, on {@link #refetch()}, and, when it is
 * keyed by a source signal, whenever the source changes. <strong>The latest request
 * wins</strong>: starting a request cancels the previous one if it is still in flight
 * ({@code toCompletableFuture().cancel(true)}, where the stage allows it) and the
 * resource ignores whatever the previous one completes with later, so a slow earlier
 * response never overwrites a newer one. {@link #dispose()} cancels the request in flight
 * and ignores late results the same way.
 *
 * <p>
 * While a request is in flight {@code loading} is {@code true} and {@code error} is
 * {@code null}. When the latest request succeeds, {@code data} takes its value; when it
 * fails, {@code error} takes the exception (unwrapped from {@link CompletionException})
 * and {@code data} keeps its previous value. The three signals change together, in one
 * batch.
 *
 * <p>
 * Thread safety: every method may be called from any thread, and the completion of a
 * request may happen on any thread. The fetcher is called on the thread that starts the
 * request: the creating thread, the thread calling {@code refetch()}, or the thread that
 * wrote the source signal (then inside an effect, holding the graph lock). It must start
 * the work and return at once, never block (for example {@code HttpClient.sendAsync} or
 * {@code CompletableFuture.supplyAsync(work, executor)}).
 *
 * <p>
 * A resource created while a reactive owner is current (inside {@code createRoot}, an
 * effect...) is disposed with that owner.
 *
 * @param <T> the type of the value
 * @since 0.1.0
 */
public final class Resource<T> implements Disposable {

	private final Signal<@Nullable T> data = Reactive.signal(null);

	private final Signal<Boolean> loading = Reactive.signal(false);

	private final Signal<@Nullable Throwable> error = Reactive.signal(null);

	/** Binds the request to its key; called inside the batch that claims a request. */
	private final Supplier<Supplier<? extends CompletionStage<T>>> binder;

	private final @Nullable Effect sourceEffect;

	// The fields below are guarded by the graph lock: they are only touched inside
	// Reactive.batch bodies, which hold it.

	private long generation;

	private @Nullable CompletionStage<T> inFlight;

	private boolean disposed;

	private Resource(Supplier<Supplier<? extends CompletionStage<T>>> binder,
			@Nullable Function<Resource<T>, Effect> follower) {
		this.binder = binder;
		if (follower != null) {
			this.sourceEffect = follower.apply(this);
		}
		else {
			this.sourceEffect = null;
			start(binder);
		}
		if (Reactive.getOwner() != null) {
			Reactive.onCleanup(this::dispose);
		}
	}

	/**
	 * Creates a resource and starts its first request now, on the calling thread.
	 * @param <T> the type of the value
	 * @param fetcher starts a request and returns its stage without blocking
	 * @return the resource, loading
	 * @throws NullPointerException if {@code fetcher} is {@code null}
	 */
	public static <T> Resource<T> of(Supplier<? extends CompletionStage<T>> fetcher) {
		Objects.requireNonNull(fetcher, "fetcher must not be null");
		return new Resource<>(() -> fetcher, null);
	}

	/**
	 * Creates a resource keyed by {@code source}: it requests
	 * {@code fetcher.apply(source value)} now, and again each time the source really
	 * changes, on the thread that changed it. A request for an older key that completes
	 * late is ignored.
	 * @param <S> the type of the key
	 * @param <T> the type of the value
	 * @param source the signal or memo the request depends on
	 * @param fetcher starts a request for a key and returns its stage without blocking
	 * @return the resource, loading
	 * @throws NullPointerException if an argument is {@code null}
	 */
	public static <S, T> Resource<T> of(ReadSignal<S> source,
			Function<? super S, ? extends CompletionStage<T>> fetcher) {
		Objects.requireNonNull(source, "source must not be null");
		Objects.requireNonNull(fetcher, "fetcher must not be null");
		return new Resource<T>(() -> {
			S key = source.peek();
			return () -> fetcher.apply(key);
		}, (resource) -> Reactive.named("resource(" + source.name() + ")").effect(() -> {
			S key = source.get();
			Reactive.untrack(() -> resource.start(() -> () -> fetcher.apply(key)));
		}));
	}

	/**
	 * Returns the value of the latest successful request.
	 * @return a read-only signal, {@code null} until a request succeeds
	 */
	public ReadSignal<@Nullable T> data() {
		return this.data.asReadOnly();
	}

	/**
	 * Tells whether a request is in flight.
	 * @return a read-only signal
	 */
	public ReadSignal<Boolean> loading() {
		return this.loading.asReadOnly();
	}

	/**
	 * Returns the failure of the latest request, if it failed.
	 * @return a read-only signal, {@code null} while loading and after a success
	 */
	public ReadSignal<@Nullable Throwable> error() {
		return this.error.asReadOnly();
	}

	/**
	 * Starts a new request now (with the current key, for a keyed resource), on the
	 * calling thread, superseding the one in flight.
	 * @return the stage of the new request as the fetcher returned it; it may be
	 * cancelled if a later request supersedes it. After {@link #dispose()}, a stage
	 * failed with {@link IllegalStateException}.
	 */
	public CompletionStage<T> refetch() {
		return start(this.binder);
	}

	/**
	 * Atomically replaces the data with {@code fn} applied to it, without a request (for
	 * example after the server confirmed a change). A request in flight still sets the
	 * data when it completes.
	 * @param fn computes the new data from the current data; it should be short and pure
	 * @return the new data
	 * @throws NullPointerException if {@code fn} is {@code null}
	 */
	public @Nullable T mutate(UnaryOperator<@Nullable T> fn) {
		Objects.requireNonNull(fn, "fn must not be null");
		return this.data.update(fn);
	}

	/**
	 * Cancels the request in flight, stops following the source, and ignores any result
	 * that arrives later; {@code loading} becomes {@code false} and the signals keep
	 * their values. Idempotent.
	 */
	@Override
	public void dispose() {
		CompletionStage<T> cancelled = Reactive.batch(() -> {
			if (this.disposed) {
				return null;
			}
			this.disposed = true;
			this.generation++;
			CompletionStage<T> previous = this.inFlight;
			this.inFlight = null;
			this.loading.set(false);
			return previous;
		});
		Effect effect = this.sourceEffect;
		if (effect != null) {
			effect.dispose();
		}
		if (cancelled != null) {
			cancel(cancelled);
		}
	}

	/**
	 * Tells whether {@link #dispose()} was called.
	 * @return {@code true} once disposed
	 */
	@Override
	public boolean isDisposed() {
		return Reactive.batch(() -> this.disposed);
	}

	private CompletionStage<T> start(Supplier<Supplier<? extends CompletionStage<T>>> binder) {
		Claim<T> claim = Reactive.batch(() -> {
			if (this.disposed) {
				return null;
			}
			Supplier<? extends CompletionStage<T>> request = binder.get();
			CompletionStage<T> previous = this.inFlight;
			this.inFlight = null;
			long generation = ++this.generation;
			this.loading.set(true);
			this.error.set(null);
			return new Claim<>(generation, request, previous);
		});
		if (claim == null) {
			return CompletableFuture.failedFuture(new IllegalStateException("resource is disposed"));
		}
		if (claim.previous != null) {
			cancel(claim.previous);
		}
		CompletionStage<T> stage;
		try {
			stage = Objects.requireNonNull(claim.request.get(), "fetcher returned null");
		}
		catch (RuntimeException ex) {
			stage = CompletableFuture.failedFuture(ex);
		}
		CompletionStage<T> started = stage;
		boolean current = Reactive.batch(() -> {
			if (this.disposed || this.generation != claim.generation) {
				return false;
			}
			this.inFlight = started;
			return true;
		});
		if (!current) {
			// superseded (or disposed) while the fetcher was running
			cancel(started);
			return started;
		}
		started.whenComplete((value, failure) -> finish(claim.generation, value, failure));
		return started;
	}

	private void finish(long generation, @Nullable T value, @Nullable Throwable failure) {
		Reactive.batch(() -> {
			if (this.disposed || this.generation != generation) {
				return;
			}
			this.inFlight = null;
			if (failure == null) {
				this.data.set(value);
				this.error.set(null);
			}
			else {
				this.error.set(unwrap(failure));
			}
			this.loading.set(false);
		});
	}

	private static Throwable unwrap(Throwable failure) {
		Throwable cause = failure.getCause();
		return (failure instanceof CompletionException && cause != null) ? cause : failure;
	}

	private static void cancel(CompletionStage<?> stage) {
		try {
			stage.toCompletableFuture().cancel(true);
		}
		catch (UnsupportedOperationException ex) {
			// a stage that cannot be turned into a future: its result is ignored anyway
		}
	}

	@Override
	public String toString() {
		return "Resource[loading=" + this.loading.peek() + ", data=" + this.data.peek() + ", error=" + this.error.peek()
				+ "]";
	}

	private record Claim<T>(long generation, Supplier<? extends CompletionStage<T>> request,
			@Nullable CompletionStage<T> previous) {
	}

}
